import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { withTransaction } from '@po-sync/db';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EvaluationRepository } from '../evaluation/evaluation.repository';
import { EvaluationService } from '../evaluation/evaluation.service';
import { OutboxRelay } from '../outbox/outbox.relay';
import type { ReconciliationConfig } from '../reconciliation.config';

const CHUNK = 1000;

/**
 * Time-based rules fire when a grace period ends, not at the next sweep: every record's next due
 * instant is stored (due_check) with the evaluation that computed it, so timers survive restarts;
 * this loop takes the due ones every RECON_TIMER_INTERVAL. The full sweep re-evaluates everything
 * as a safety net (RECON_SWEEP_INTERVAL).
 */
@Injectable()
export class TimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: EvaluationRepository,
    private readonly evaluation: EvaluationService,
    private readonly relay: OutboxRelay,
    @Inject(SERVICE_CONFIG) private readonly config: ReconciliationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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

  /** Re-evaluates every record, in chunks; evaluation is idempotent, so it only publishes what changed. */
  async sweep(): Promise<number> {
    const started = Date.now();
    let total = 0;
    for (const kind of ['document', 'actual', 'map'] as const) {
      const sql = {
        document: `SELECT record_id AS id FROM document WHERE record_id > $1 ORDER BY record_id LIMIT $2`,
        actual: `SELECT actual_id AS id FROM actual WHERE actual_id > $1 ORDER BY actual_id LIMIT $2`,
        map: `SELECT map_name AS id FROM map_version WHERE map_name > $1 ORDER BY map_name LIMIT $2`,
      }[kind];
      let after = '';
      for (;;) {
        const rows = await this.dataSource.query<{ id: string }[]>(sql, [after, CHUNK]);
        if (rows.length === 0 || this.stopped) break;
        await withTransaction(this.dataSource, (runner) =>
          this.evaluation.evaluate(
            runner,
            rows.map((r) => ({ kind, id: r.id })),
          ),
        );
        total += rows.length;
        after = rows[rows.length - 1]?.id ?? after;
        if (rows.length < CHUNK) break;
      }
    }
    this.relay.nudge();
    this.logger.info({ records: total, ms: Date.now() - started }, 'full reconciliation sweep finished');
    return total;
  }
}
