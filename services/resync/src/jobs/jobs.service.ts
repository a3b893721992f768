import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ApiError, type Caller } from '@po-sync/auth';
import { SERVICE_CONFIG } from '@po-sync/config';
import {
  JOURNAL_COMMANDS_KEY,
  JOURNAL_COMMANDS_TOPIC,
  JournalCommandSchema,
  validateEvent,
} from '@po-sync/contracts';
import { type HeldLock, Redis, RedisLock } from '@po-sync/db';
import { KafkaConnection } from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { AuditRepository } from '../audit/audit.repository';
import type { ResyncConfig } from '../resync.config';
import { type Candidate, JobsRepository, type JobRow } from './jobs.repository';
import type { CreateResyncJob, ResyncScope } from './jobs.schemas';

const CHUNK = 500;
const LOCK_TTL_MS = 60_000;

/**
 * Resync jobs: select the records of a scope, skip those pending posting (with the reason), and
 * re-send the rest through journal.commands.v1 so the journal imports and posts them. One running
 * job per scope (a Redis lock that expires, so a crashed instance never blocks a scope for good);
 * a job interrupted by a restart is resumed from its pending items (resending is idempotent).
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly lock: RedisLock;
  private readonly running = new Map<string, Promise<void>>();
  private batchTimer: NodeJS.Timeout | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  /** One lock per scope; the topic prefix tells stacks sharing one Redis apart. */
  private readonly lockKey = (scope: ResyncScope) =>
    `po-sync:${this.config.KAFKA_TOPIC_PREFIX}resync:scope:${scope}`;

  constructor(
    private readonly repository: JobsRepository,
    private readonly audit: AuditRepository,
    private readonly kafka: KafkaConnection,
    private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ResyncConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.lock = new RedisLock(redis);
  }

  onApplicationBootstrap(): void {
    void this.resumeInterrupted();
    // A crashed instance's scope lock expires after LOCK_TTL_MS; look again until someone resumes its job.
    this.resumeTimer = setInterval(() => void this.resumeInterrupted(), LOCK_TTL_MS / 6);
    if (this.config.RESYNC_BATCH_INTERVAL > 0) {
      this.batchTimer = setInterval(() => void this.scheduledBatch(), this.config.RESYNC_BATCH_INTERVAL);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.batchTimer);
    clearInterval(this.resumeTimer);
    await Promise.allSettled([...this.running.values()]);
  }

  async create(
    request: CreateResyncJob,
    caller: Caller,
  ): Promise<{ jobId: string; status: string; selected: number; skipped: { id: string; reason: string }[] }> {
    const jobId = randomUUID();
    const held = request.dryRun ? null : await this.lock.acquire(this.lockKey(request.scope), LOCK_TTL_MS);
    if (!request.dryRun && !held) {
      const busy = await this.redis.get(`${this.lockKey(request.scope)}:job`);
      await this.audit.record({
        actor: caller.name,
        role: caller.role,
        action: 'resync-job.create',
        target: request.scope,
        recordCount: 0,
        outcome: 'rejected: scope busy',
      });
      throw new ApiError(
        409,
        'RESYNC.SCOPE_BUSY',
        `a resync job for scope ${request.scope} is already running${busy ? ` (job ${busy})` : ''}: wait for it to finish, then try again`,
      );
    }
    try {
      if (held) await this.redis.set(`${this.lockKey(request.scope)}:job`, jobId, 'PX', LOCK_TTL_MS);
      const candidates = await this.select(request);
      const skipped = candidates.filter(
        (c): c is Candidate & { skipReason: string } => c.skipReason !== null,
      );
      const selected = candidates.length - skipped.length;
      const status = request.dryRun || selected === 0 ? 'completed' : 'running';
      const { dryRun, scope, ...params } = request;
      await this.repository.createJob(
        { jobId, scope, params, dryRun, status, requestedBy: caller.name, selected, skipped: skipped.length },
        candidates,
      );
      await this.audit.record({
        actor: caller.name,
        role: caller.role,
        action: dryRun ? 'resync-job.dry-run' : 'resync-job.create',
        target: scope,
        recordCount: selected,
        outcome: 'accepted',
        details: { jobId, skipped: skipped.length, ...params },
      });
      if (status === 'running' && held) this.start(jobId, held, scope);
      else if (held) await this.lock.release(held);
      return {
        jobId,
        status,
        selected,
        skipped: skipped.map((s) => ({ id: s.recordId, reason: s.skipReason })),
      };
    } catch (error) {
      if (held) await this.lock.release(held).catch(() => undefined);
      throw error;
    }
  }

  private select(request: CreateResyncJob): Promise<Candidate[]> {
    return request.scope === 'transaction-connections'
      ? this.repository.selectConnections(request)
      : this.repository.selectActuals(request);
  }

  private start(jobId: string, held: HeldLock, scope: ResyncScope): void {
    const run = this.runJob(jobId, held, scope).finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
  }

  private async runJob(jobId: string, held: HeldLock, scope: ResyncScope): Promise<void> {
    const renew = setInterval(() => {
      void this.lock.extend(held, LOCK_TTL_MS).catch(() => undefined);
      void this.redis.pexpire(`${this.lockKey(scope)}:job`, LOCK_TTL_MS).catch(() => undefined);
    }, LOCK_TTL_MS / 3);
    try {
      for (;;) {
        if (this.stopping) return; // stays 'running': the next start resumes it
        const ids = await this.repository.pendingItems(jobId, CHUNK);
        if (ids.length === 0) break;
        await this.send(scope, ids, jobId);
        await this.repository.markSent(jobId, ids);
      }
      // The resent actuals become lines; posting them is what clears the discrepancies.
      await this.publishCommand({ command: 'postDraftJournals' }, jobId);
      await this.repository.finish(jobId, 'completed');
      const job = await this.repository.job(jobId);
      await this.audit.record({
        actor: job?.requestedBy ?? 'unknown',
        role: 'operator',
        action: 'resync-job.finish',
        target: scope,
        recordCount: job?.sent ?? 0,
        outcome: 'completed',
        details: { jobId },
      });
    } catch (error) {
      this.logger.error({ err: error, jobId }, 'resync job failed');
      await this.repository
        .finish(jobId, 'failed', error instanceof Error ? error.message : String(error))
        .catch(() => undefined);
    } finally {
      clearInterval(renew);
      // Released on shutdown too: the job stays 'running' and the next instance resumes it at once.
      await this.lock.release(held).catch(() => undefined);
    }
  }

  private async send(scope: ResyncScope, ids: string[], jobId: string): Promise<void> {
    if (scope === 'transaction-connections') {
      await this.publishCommand(
        { command: 'resyncTransactionConnections', connections: await this.repository.connectionData(ids) },
        jobId,
      );
    } else {
      await this.publishCommand(
        { command: 'resyncActuals', actuals: await this.repository.actualData(ids) },
        jobId,
      );
    }
  }

  /** Every command is checked against its contract before it leaves. */
  async publishCommand(command: Record<string, unknown>, requestedBy: string): Promise<string> {
    const commandId = randomUUID();
    const validated = validateEvent(JournalCommandSchema, {
      commandId,
      requestedBy,
      requestedAt: new Date().toISOString(),
      ...command,
    });
    if (!validated.ok) throw new Error(`refusing to send an invalid journal command: ${validated.reason}`);
    await this.kafka.publisher.publish(JOURNAL_COMMANDS_TOPIC, [
      { key: JOURNAL_COMMANDS_KEY, value: validated.event },
    ]);
    return commandId;
  }

  /** After a restart: resume what was running here, or leave it to the instance that holds its scope. */
  private async resumeInterrupted(): Promise<void> {
    if (this.stopping) return;
    const jobs = await this.repository.runningJobs().catch(() => []);
    for (const job of jobs) {
      if (this.running.has(job.jobId)) continue;
      const held = await this.lock.acquire(this.lockKey(job.scope), LOCK_TTL_MS);
      if (!held) continue;
      await this.redis.set(`${this.lockKey(job.scope)}:job`, job.jobId, 'PX', LOCK_TTL_MS);
      this.logger.warn(
        { jobId: job.jobId, sent: job.sent, selected: job.selected },
        'resuming an interrupted resync job',
      );
      this.start(job.jobId, held, job.scope);
    }
  }

  private async scheduledBatch(): Promise<void> {
    try {
      await this.create(
        { scope: 'out-of-sync-actuals', dryRun: false },
        { name: 'scheduler', role: 'operator' },
      );
    } catch (error) {
      if (!(error instanceof ApiError)) this.logger.error({ err: error }, 'scheduled batch resync failed');
    }
  }

  get(jobId: string): Promise<JobRow | null> {
    return this.repository.job(jobId);
  }
}
