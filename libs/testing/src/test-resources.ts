import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@po-sync/db';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { testKafkaBrokers, TEST_POSTGRES_URL } from './infrastructure';

export const uniqueSuffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Unique topic and group names per test, so suites sharing one broker never see each other. */
export const uniqueTopicPrefix = (label: string) => `t-${label}-${uniqueSuffix()}.`;

/** A fresh database per suite; refuses any name without "test" so a suite can never touch real data. */
export async function createTestDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `po_sync_test_${label.replace(/[^a-z0-9_]/gi, '_')}_${uniqueSuffix()}`.toLowerCase();
  if (!name.includes('test'))
    throw new Error(`refusing to use database ${name}: its name must contain "test"`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}

export function testKafka(clientId = 'po-sync-test'): Kafka {
  return new Kafka({ clientId, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${options.what ?? 'condition'}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

export interface RecordedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  json: <T = unknown>() => T;
}

/** Reads topics from the beginning in the background and keeps every message, for assertions. */
export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private consumer: Consumer | undefined;

  constructor(private readonly topics: string[]) {}

  async start(): Promise<this> {
    this.consumer = testKafka().consumer({
      groupId: `recorder-${uniqueSuffix()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value;
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value,
          json: <T>() => JSON.parse(value?.toString() ?? 'null') as T,
        });
      },
    });
    return this;
  }

  on(topic: string): RecordedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export async function produceRaw(
  topic: string,
  messages: { key: string | null; value: Buffer | string | null }[],
): Promise<void> {
  const producer = testKafka().producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
