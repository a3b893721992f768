import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { type ConsumedMessage, deadLetterKey, toDeadLetter } from './consumed-message';
import { isRetryable } from './errors';
import type { KafkaPublisher } from './publisher';

export type BatchHandler = (messages: ConsumedMessage[]) => Promise<void>;

export interface BatchConsumerOptions {
  kafka: Kafka;
  service: string;
  /** Contract name of the consumer group; the topic prefix is added to it. */
  groupId: string;
  topics: string[];
  topicPrefix: string;
  handler: BatchHandler;
  publisher: KafkaPublisher;
  deadLetterTopic: string;
  logger: Logger;
  metrics: Registry;
  /**
   * Partitions kafkajs hands over at once; those of one fetch are joined into handler calls, so
   * this should cover every partition the instance may be assigned.
   */
  partitionsConsumedConcurrently?: number;
  /** Cap of one handler call (one transaction, one publish) when partitions are joined. */
  maxMessagesPerCall?: number;
  /**
   * Handler calls that may run at once, each over its own partitions of the fetch (1: one at a
   * time, so this instance never runs two of its transactions side by side).
   */
  concurrentCalls?: number;
  maxBytesPerPartition?: number;
  sessionTimeout?: number;
  /** Cap of the back-off between retries of a retryable failure. */
  maxBackoffMs?: number;
}

/** Above the partitions of any service's subscriptions (a few topics of six partitions each). */
export const DEFAULT_PARTITIONS_CONCURRENTLY = 64;
export const DEFAULT_MAX_MESSAGES_PER_CALL = 5000;

interface ConsumerMetrics {
  messages: Counter<'topic' | 'outcome'>;
  retries: Counter<'topic'>;
  batchSeconds: Histogram<'topic'>;
  lag: Gauge<'topic' | 'partition'>;
}

function consumerMetrics(registry: Registry, group: string): ConsumerMetrics {
  const existing = registry.getSingleMetric('kafka_consumer_messages_total');
  if (existing) {
    return {
      messages: existing as Counter<'topic' | 'outcome'>,
      retries: registry.getSingleMetric('kafka_consumer_retries_total') as Counter<'topic'>,
      batchSeconds: registry.getSingleMetric('kafka_consumer_batch_seconds') as Histogram<'topic'>,
      lag: registry.getSingleMetric('kafka_consumer_lag') as Gauge<'topic' | 'partition'>,
    };
  }
  const registers = [registry];
  return {
    messages: new Counter({
      name: 'kafka_consumer_messages_total',
      help: `Messages consumed by group ${group}, by outcome (processed, dead_lettered)`,
      labelNames: ['topic', 'outcome'],
      registers,
    }),
    retries: new Counter({
      name: 'kafka_consumer_retries_total',
      help: 'Batches retried after a retryable failure',
      labelNames: ['topic'],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'kafka_consumer_batch_seconds',
      help: 'Time to process one fetched batch, commit included',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    lag: new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages behind the high watermark after the last batch',
      labelNames: ['topic', 'partition'],
      registers,
    }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One topic-partition's fetched batch, waiting to be handled together with the others of its fetch. */
interface PendingBatch {
  topic: string;
  messages: ConsumedMessage[];
  payload: EachBatchPayload;
  settle: (outcome: { completed: boolean } | { error: unknown }) => void;
}

/**
 * Drives kafkajs's eachBatch rather than the NestJS Kafka transport, because the transport
 * advances offsets past failed messages and cannot batch (see KAFKA.md). Guarantees:
 * - offsets are committed only after the handler has finished with every message up to them;
 * - a retryable failure (database or broker unavailable) retries the batch with back-off, forever:
 *   nothing is skipped while a dependency is down;
 * - any other failure bisects the batch, so one poison message is dead-lettered with its bytes and
 *   reason and the rest go on.
 *
 * kafkajs hands over one topic-partition at a time, and a fetch of a few topics of six partitions
 * each gives a few dozen small batches: handled one by one, each paid a transaction, a publish and
 * an offset commit for a few dozen messages. Every partition of a fetch is started at once
 * (`partitionsConsumedConcurrently` ≥ the assigned partitions), and the batches that arrive in the
 * same turn of the event loop are joined into handler calls of up to `maxMessagesPerCall`
 * messages, each partition's messages contiguous and in offset order, in `concurrentCalls` lanes
 * that never share a partition; their offsets are committed in one request once every call has
 * succeeded.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private readonly metrics: ConsumerMetrics;
  private readonly logger: Logger;
  private stopping = false;
  private pending: PendingBatch[] = [];

  constructor(private readonly options: BatchConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: `${options.topicPrefix}${options.groupId}`,
      sessionTimeout: options.sessionTimeout ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 2 * 1024 * 1024,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.metrics = consumerMetrics(options.metrics, options.groupId);
    this.logger = options.logger.child({ component: 'batch-consumer', group: options.groupId });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics.map((t) => `${this.options.topicPrefix}${t}`),
      fromBeginning: true,
    });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently:
        this.options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONCURRENTLY,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Lets the batch in hand finish and commit, then leaves the group (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const topic = batch.topic.slice(this.options.topicPrefix.length);
    if (batch.messages.length === 0) return;
    const stopTimer = this.metrics.batchSeconds.startTimer({ topic });
    const messages = batch.messages.map((m) => toConsumed(topic, batch.partition, m));
    const outcome = await new Promise<{ completed: boolean } | { error: unknown }>((settle) => {
      this.pending.push({ topic, messages, payload, settle });
      // kafkajs starts every partition of a fetch synchronously: they are all here by then.
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
    // The commit or a dead letter's publish failed: kafkajs restarts the consumer, which redelivers.
    if ('error' in outcome) throw outcome.error;
    if (!outcome.completed) return; // stopping or rebalanced: the uncommitted rest is redelivered
    const seconds = stopTimer();
    this.logger.debug(
      { topic, partition: batch.partition, size: messages.length, seconds },
      'batch committed',
    );
    this.metrics.lag.set({ topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
  }

  private async flush(): Promise<void> {
    const group = this.pending;
    this.pending = [];
    const first = group[0];
    if (!first) return;
    try {
      const lanes = splitIntoLanes(group, this.options.concurrentCalls ?? 1);
      // Settled, not raced: no handler may still run once the group's outcome is handed back.
      const outcomes = await Promise.allSettled(lanes.map((lane) => this.processLane(lane, group)));
      for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
      if (outcomes.some((outcome) => outcome.status === 'fulfilled' && !outcome.value)) {
        for (const b of group) b.settle({ completed: false });
        return;
      }
      for (const b of group) {
        const last = b.payload.batch.messages[b.payload.batch.messages.length - 1];
        if (last) b.payload.resolveOffset(last.offset);
      }
      // One commit request for the whole group: kafkajs's own commit after each batch then finds
      // nothing left to commit.
      await first.payload.commitOffsetsIfNecessary(first.payload.uncommittedOffsets());
    } catch (error) {
      for (const b of group) b.settle({ error });
      return;
    }
    for (const b of group) b.settle({ completed: true });
  }

  /** One lane's messages in calls of at most `maxMessagesPerCall`, one after the other. */
  private async processLane(messages: ConsumedMessage[], group: PendingBatch[]): Promise<boolean> {
    const limit = this.options.maxMessagesPerCall ?? DEFAULT_MAX_MESSAGES_PER_CALL;
    for (let i = 0; i < messages.length; i += limit)
      if (!(await this.process(messages.slice(i, i + limit), group))) return false;
    return true;
  }

  /** False when the group is stopping or was rebalanced away while a failure was being handled. */
  private async process(messages: ConsumedMessage[], group: PendingBatch[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(messages);
        this.count(messages, 'processed');
        return true;
      } catch (error) {
        if (this.stopping || group.some((b) => !b.payload.isRunning() || b.payload.isStale())) return false;
        if (isRetryable(error)) {
          const delay = Math.min(100 * 2 ** attempt, this.options.maxBackoffMs ?? 10_000);
          this.logger.warn(
            { err: error, topics: topicsOf(messages), attempt, delayMs: delay },
            'retryable failure, retrying the batch',
          );
          for (const topic of topicsOf(messages)) this.metrics.retries.inc({ topic });
          await sleep(delay);
          await group[0]?.payload.heartbeat();
          continue;
        }
        if (messages.length === 1 && messages[0]) {
          await this.deadLetter(messages[0], error);
          return true;
        }
        this.logger.warn(
          { err: error, topics: topicsOf(messages), size: messages.length },
          'batch failed, retrying each half',
        );
        // Halves in order keep every partition's messages in offset order.
        const half = Math.ceil(messages.length / 2);
        return (
          (await this.process(messages.slice(0, half), group)) &&
          (await this.process(messages.slice(half), group))
        );
      }
    }
  }

  private count(messages: ConsumedMessage[], outcome: 'processed'): void {
    const byTopic = new Map<string, number>();
    for (const m of messages) byTopic.set(m.topic, (byTopic.get(m.topic) ?? 0) + 1);
    for (const [topic, n] of byTopic) this.metrics.messages.inc({ topic, outcome }, n);
  }

  private async deadLetter(message: ConsumedMessage, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    this.logger.error(
      { err: error, topic: message.topic, partition: message.partition, offset: message.offset },
      'dead-lettering',
    );
    const record = toDeadLetter(this.options.service, message, reason, [
      { path: '', message: typeof code === 'string' ? `${code}: ${reason}` : reason },
    ]);
    await this.options.publisher.publish(this.options.deadLetterTopic, [
      { key: deadLetterKey(message), value: record },
    ]);
    this.metrics.messages.inc({ topic: message.topic, outcome: 'dead_lettered' });
  }
}

/**
 * Deals whole partitions to `count` lanes, largest first to the lightest lane: a partition never
 * spans two lanes, so lanes running side by side cannot reorder a key.
 */
export function splitIntoLanes(
  batches: { messages: ConsumedMessage[] }[],
  count: number,
): ConsumedMessage[][] {
  const lanes = Array.from({ length: Math.max(1, Math.min(count, batches.length)) }, () => ({
    size: 0,
    messages: [] as ConsumedMessage[],
  }));
  for (const batch of [...batches].sort((a, b) => b.messages.length - a.messages.length)) {
    const lightest = lanes.reduce((min, lane) => (lane.size < min.size ? lane : min));
    lightest.messages.push(...batch.messages);
    lightest.size += batch.messages.length;
  }
  return lanes.map((lane) => lane.messages).filter((messages) => messages.length > 0);
}

const topicsOf = (messages: ConsumedMessage[]) => [...new Set(messages.map((m) => m.topic))];

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  const headers: Record<string, Buffer | undefined> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    headers[name] = Array.isArray(value)
      ? (value[0] as Buffer | undefined)
      : typeof value === 'string'
        ? Buffer.from(value)
        : value;
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}
