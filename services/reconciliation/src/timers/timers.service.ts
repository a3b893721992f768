import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { withTransaction } from '@po-sync/db';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EvaluationRepository, type RecordKey } from '../evaluation/evaluation.repository';
import { EvaluationService } from '../evaluation/evaluation.service';
import { OutboxRelay } from '../outbox/outbox.relay';
import type { ReconciliationConfig } from '../reconciliation.config';
import type { RulesConfig } from '../rules';
import { beginCandidateSearch, findHoldingRecords, findOpenRecords } from './sweep-candidates';

const CHUNK = 1000;

/**
 * Time-based rules fire when a grace period ends, not at the next sweep: every record's next due
 * instant is stored (due_check) with the evaluation that computed it, so timers survive restarts;
 * this loop takes the due ones every RECON_TIMER_INTERVAL. The sweep is the safety net
 * (RECON_SWEEP_INTERVAL): it evaluates every record whose stored state may be out of date.
 */
@Injectable()
export class TimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly rules: RulesConfig;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: EvaluationRepository,
    private readonly evaluation: EvaluationService,
    private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ReconciliationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.rules = {
      gracePeriodMs: config.RECON_GRACE_PERIOD,
      outOfSyncLookbackMs: config.OUT_OF_SYNC_LOOKBACK,
    };
  }

  onApplicationBootstrap(): void {
    this.timers.push(
      setInterval(() => this.exclusive(() => this.fireDue()), this.config.RECON_TIMER_INTERVAL),
    );
    if (this.config.RECON_SWEEP_INTERVAL > 0) {
      this.timers.push(
        setInterval(() => this.exclusive(() => this.sweep()), this.config.RECON_SWEEP_INTERVAL),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((t) => clearInterval(t));
    await this.running;
  }

  private exclusive(work: () => Promise<unknown>): void {
    if (this.running || this.stopped) return;
    this.running = work()
      .catch((error: unknown) => this.logger.error({ err: error }, 'timer run failed; the next one retries'))
      .finally(() => (this.running = undefined));
  }

  async fireDue(now = new Date()): Promise<number> {
    let fired = 0;
    for (;;) {
      const taken = await withTransaction(this.dataSource, async (runner) => {
        const keys = await this.repository.takeDue(runner, now, CHUNK);
        await this.evaluation.evaluate(runner, keys, now);
        return keys.length;
      });
      fired += taken;
      if (taken < CHUNK || this.stopped) break;
    }
    if (fired > 0) this.relay.nudge();
    return fired;
  }

  /**
   * The safety net: finds, with a few set-based queries over the whole tables, the records whose
   * stored state may disagree with the rules now (sweep-candidates.ts: records with no open
   * discrepancy that a rule may hold for, and open ones whose input changed since their last
   * evaluation or whose timer is due), and evaluates only those,
   * in chunks; evaluation is idempotent, so it publishes only what changed. The records with an
   * open discrepancy are known first and evaluated while the other queries run. A chunk that
   * fails is logged and skipped, so one bad record cannot stop every sweep; the next sweep tries
   * it again. Each chunk is evaluated at its own time, like every other evaluation: evaluating
   * at the sweep's start seconds later could undo what an event evaluated meanwhile (a grace
   * that ended in between); `at` fixes one instant for everything (tests). Returns the number of
   * candidates evaluated.
   */
  async sweep(at?: Date): Promise<number> {
    const started = Date.now();
    const now = at ?? new Date(started);
    const seen = new Set<string>();
    let evaluated = 0;
    let transitions = 0;
    let failed = 0;
    let firstError: unknown;
    const evaluateAll = async (keys: RecordKey[]): Promise<void> => {
      // A record two queries found (a document never published that also holds a rule) once.
      const fresh = keys.filter((k) => {
        const name = `${k.kind}:${k.id}`;
        return !seen.has(name) && Boolean(seen.add(name));
      });
      for (let i = 0; i < fresh.length && !this.stopped; i += CHUNK) {
        const chunk = fresh.slice(i, i + CHUNK);
        try {
          const result = await withTransaction(this.dataSource, (runner) =>
            this.evaluation.evaluate(runner, chunk, at ?? new Date()),
          );
          evaluated += chunk.length;
          transitions += result.transitions.length;
        } catch (error) {
          failed += chunk.length;
          firstError ??= error;
        }
      }
    };
    let open = { keys: [] as RecordKey[], open: 0 };
    let openEvaluated: Promise<void> = Promise.resolve();
    let searchMs = 0;
    const holding = await withTransaction(this.dataSource, async (runner) => {
      await beginCandidateSearch(runner);
      open = await findOpenRecords(runner, now, this.evaluation.rulesVersion);
      openEvaluated = evaluateAll(open.keys); // never rejects
      const found = await findHoldingRecords(runner, now, this.rules);
      searchMs = Date.now() - started;
      return found;
    }).finally(() => openEvaluated);
    await evaluateAll(holding.keys);
    this.relay.nudge();
    if (failed > 0) {
      this.logger.error(
        { err: firstError, failed },
        'the sweep could not evaluate some candidates; the next sweep tries them again',
      );
    }
    this.logger.info(
      {
        records: evaluated,
        open: open.open,
        candidates: { open: open.keys.length, ...holding.found },
        transitions,
        failed,
        searchMs,
        ms: Date.now() - started,
      },
      'full reconciliation sweep finished',
    );
    return evaluated;
  }
}
