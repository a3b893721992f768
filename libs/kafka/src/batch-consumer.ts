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
  partitionsConsumedConcurrently?: number;
  maxBytesPerPartition?: number;
  sessionTimeout?: number;
  /** Cap of the back-off between retries of a retryable failure. */
  maxBackoffMs?: number;
}

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

/**
 * Drives kafkajs's eachBatch rather than the NestJS Kafka transport, because the transport
 * advances offsets past failed messages and cannot batch (see KAFKA.md). Guarantees:
 * - offsets are committed only after the handler has finished with every message up to them;
 * - a retryable failure (database or broker unavailable) retries the batch with back-off, forever:
 *   nothing is skipped while a dependency is down;
 * - any other failure splits the batch and retries message by message, so one poison message is
 *   dead-lettered with its bytes and reason and the rest go on.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private readonly metrics: ConsumerMetrics;
  private readonly logger: Logger;
  private stopping = false;

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
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
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
    const completed = await this.process(messages, payload, topic);
    if (!completed) return; // stopping or rebalanced: the uncommitted rest is redelivered
    const last = batch.messages[batch.messages.length - 1];
    if (last) payload.resolveOffset(last.offset);
    await payload.commitOffsetsIfNecessary();
    const seconds = stopTimer();
    this.logger.debug(
      { topic, partition: batch.partition, size: messages.length, seconds },
      'batch committed',
    );
    this.metrics.lag.set({ topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
  }

  private async process(
    messages: ConsumedMessage[],
    payload: EachBatchPayload,
    topic: string,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handler(messages);
        this.metrics.messages.inc({ topic, outcome: 'processed' }, messages.length);
        return true;
      } catch (error) {
        if (this.stopping || !payload.isRunning() || payload.isStale()) return false;
        if (isRetryable(error)) {
          const delay = Math.min(100 * 2 ** attempt, this.options.maxBackoffMs ?? 10_000);
          this.logger.warn(
            { err: error, topic, attempt, delayMs: delay },
            'retryable failure, retrying the batch',
          );
          this.metrics.retries.inc({ topic });
          await sleep(delay);
          await payload.heartbeat();
          continue;
        }
        if (messages.length === 1 && messages[0]) {
          await this.deadLetter(messages[0], error);
          return true;
        }
        this.logger.warn(
          { err: error, topic, size: messages.length },
          'batch failed, retrying message by message',
        );
        for (const message of messages) {
          if (!(await this.process([message], payload, topic))) return false;
        }
        return true;
      }
    }
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
