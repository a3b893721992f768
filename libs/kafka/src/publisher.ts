import type { Kafka, Message, Producer } from 'kafkajs';
import { CompressionTypes, Partitioners } from 'kafkajs';
import { Counter, type Registry } from 'prom-client';

export interface OutgoingMessage {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

/**
 * An idempotent producer with acks=all: a retried send never duplicates a message on the broker,
 * and a send resolves only when the broker has it durably.
 */
export class KafkaPublisher {
  private readonly producer: Producer;
  private readonly published: Counter<'topic'>;

  constructor(
    kafka: Kafka,
    metrics: Registry,
    private readonly topicPrefix = '',
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // An idempotent producer retries without limit (kafkajs's rule): a send waits out a broker restart.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5000 },
    });
    this.published = new Counter({
      name: 'kafka_producer_messages_total',
      help: 'Messages acknowledged by the broker, by topic',
      labelNames: ['topic'],
      registers: [metrics],
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** `topic` is the contract's name; the configured prefix is added here. */
  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    await this.publishMany([{ topic, messages }]);
  }

  async publishMany(batches: { topic: string; messages: OutgoingMessage[] }[]): Promise<void> {
    const topicMessages = batches
      .filter((b) => b.messages.length > 0)
      .map((b) => ({ topic: `${this.topicPrefix}${b.topic}`, messages: b.messages.map(encode) }));
    if (topicMessages.length === 0) return;
    await this.producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None });
    for (const b of batches) this.published.inc({ topic: b.topic }, b.messages.length);
  }
}

function encode(message: OutgoingMessage): Message {
  return {
    key: message.key,
    value: Buffer.isBuffer(message.value) ? message.value : JSON.stringify(message.value),
    headers: message.headers,
  };
}
