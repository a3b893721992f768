import type { Kafka, Message, Producer } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { Counter, type Registry } from 'prom-client';
import { FastDefaultPartitioner } from './partitioner';

export interface OutgoingMessage {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
  /** Set only by writers that must know where each message went (the outbox relay). */
  partition?: number;
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
      // kafkajs's default partitioning (same partition for every key), without its slow murmur2.
      createPartitioner: FastDefaultPartitioner,
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
    for (const chunk of chunkForRequests(batches, MAX_REQUEST_BYTES)) {
      const topicMessages = chunk.map((c) => ({ topic: this.prefixed(c.topic), messages: c.messages }));
      await this.producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None });
    }
    for (const b of batches)
      if (b.messages.length > 0) this.published.inc({ topic: b.topic }, b.messages.length);
  }

  private prefixed(topic: string): string {
    return `${this.topicPrefix}${topic}`;
  }
}

/**
 * The broker refuses a record batch over `message.max.bytes` (1 MiB by default), and kafkajs sends
 * one batch per partition per request: requests are cut well below that.
 */
export const MAX_REQUEST_BYTES = 512 * 1024;

export function* chunkForRequests(
  batches: { topic: string; messages: OutgoingMessage[] }[],
  maxBytes: number,
): Generator<{ topic: string; messages: Message[] }[]> {
  let chunk: { topic: string; messages: Message[] }[] = [];
  let bytes = 0;
  for (const batch of batches) {
    let current: { topic: string; messages: Message[] } | undefined;
    for (const message of batch.messages) {
      const encoded = encode(message);
      const size = (encoded.value as Buffer | string).length + (encoded.key as string).length + 64;
      if (bytes + size > maxBytes && bytes > 0) {
        yield chunk;
        chunk = [];
        bytes = 0;
        current = undefined;
      }
      if (!current) {
        current = { topic: batch.topic, messages: [] };
        chunk.push(current);
      }
      current.messages.push(encoded);
      bytes += size;
    }
  }
  if (bytes > 0) yield chunk;
}

function encode(message: OutgoingMessage): Message {
  return {
    key: message.key,
    value: Buffer.isBuffer(message.value) ? message.value : JSON.stringify(message.value),
    headers: message.headers,
    partition: message.partition,
  };
}
