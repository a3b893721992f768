import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { DISCREPANCIES_TOPIC, DOCUMENT_STATUS_TOPIC, TOPICS } from '@po-sync/contracts';
import { type HeldLock, Redis, RedisLock } from '@po-sync/db';
import { KafkaConnection, lastHeaderPerPartition, partitionForKey } from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import type { ReconciliationConfig } from '../reconciliation.config';
import { OutboxRepository, type OutboxRow } from './outbox.repository';

// Named apart from the earlier (transaction id, sequence) header, whose values are not comparable
// with a sequence: a relay reading the other kind takes nothing as published and sends it again.
const SEQ_HEADER = 'po-sync-outbox-seq';
const LOCK_TTL_MS = 10_000;
const BATCH = 2000;
const RELAYED_TOPICS = [DISCREPANCIES_TOPIC, DOCUMENT_STATUS_TOPIC] as const;

/**
 * Publishes the outbox exactly once as a subscriber sees it. One relay at a time (a Redis lock);
 * each message goes to a partition the relay chooses and carries its outbox sequence, which is
 * commit order (OutboxRepository.append), and the idempotent producer keeps each partition in that
 * order. The relay remembers how far it got as one position. A relay that takes over after a crash
 * reads the last message of every partition first: rows past the position that are already there
 * (published just before the crash, the position not yet moved) are skipped, not sent again.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly lock: RedisLock;
  private held: HeldLock | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private partitions = new Map<string, number>();
  /** Read at takeover: the highest sequence already on each topic's partitions. */
  private onBroker = new Map<string, Map<number, bigint>>();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly kafka: KafkaConnection,
    redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ReconciliationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.lock = new RedisLock(redis);
  }

  onApplicationBootstrap(): void {
    for (const topic of RELAYED_TOPICS) this.partitions.set(topic, TOPICS[topic].partitions);
    this.timer = setInterval(() => this.nudge(), this.config.RECON_RELAY_INTERVAL);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    if (this.held) await this.lock.release(this.held).catch(() => undefined);
  }

  /** Something was queued: publish it now rather than at the next interval. */
  nudge(): void {
    if (!this.running && !this.stopped) this.running = this.tick().finally(() => (this.running = undefined));
  }

  /** One pass: become (or stay) the relay, then publish what is pending. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.held) {
        this.held = await this.lock.acquire(
          `po-sync:${this.config.KAFKA_TOPIC_PREFIX}reconciliation:outbox-relay`,
          LOCK_TTL_MS,
        );
        if (!this.held) return;
        await this.readTopics();
      } else if (!(await this.lock.extend(this.held, LOCK_TTL_MS))) {
        this.held = null;
        return;
      }
      for (;;) {
        const rows = await this.outbox.unpublished(BATCH);
        if (rows.length === 0 || this.stopped) return;
        await this.publish(rows.filter((row) => !this.alreadyOnBroker(row)));
        await this.outbox.markPublishedUpTo(rows[rows.length - 1]!.seq);
        if (rows.length < BATCH) return;
      }
    } catch (error) {
      // After a failed send some messages may be on the broker: the next relay must look first.
      this.logger.error(
        { err: error },
        'outbox relay failed; it will read the topics before publishing again',
      );
      if (this.held) await this.lock.release(this.held).catch(() => undefined);
      this.held = null;
    }
  }

  private async publish(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const list = byTopic.get(row.topic);
      if (list) list.push(row);
      else byTopic.set(row.topic, [row]);
    }
    await this.kafka.publisher.publishMany(
      [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((row) => ({
          key: row.key,
          value: Buffer.from(row.payload),
          partition: this.partitionOf(row),
          headers: { [SEQ_HEADER]: row.seq },
        })),
      })),
    );
  }

  private partitionOf(row: Pick<OutboxRow, 'topic' | 'key'>): number {
    return partitionForKey(row.key, this.partitions.get(row.topic) ?? 1);
  }

  private alreadyOnBroker(row: OutboxRow): boolean {
    const last = this.onBroker.get(row.topic)?.get(this.partitionOf(row));
    return last !== undefined && BigInt(row.seq) <= last;
  }

  /** Where every partition of the relayed topics ends, before the first publish of this relay. */
  private async readTopics(): Promise<void> {
    this.onBroker = new Map();
    for (const topic of RELAYED_TOPICS) {
      this.onBroker.set(
        topic,
        await lastHeaderPerPartition(
          this.kafka.kafka,
          `${this.config.KAFKA_TOPIC_PREFIX}${topic}`,
          SEQ_HEADER,
        ),
      );
    }
    const highest = [...this.onBroker.values()].flatMap((p) => [...p.values()]);
    this.logger.info(
      { lastSequenceOnBroker: highest.length ? String(highest.reduce((a, b) => (a > b ? a : b))) : null },
      'outbox relay took over',
    );
  }
}
