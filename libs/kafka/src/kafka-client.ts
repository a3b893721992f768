import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through pino, so its lines are JSON like everything else. */
export function createKafka(options: { brokers: string[]; clientId: string; logger: Logger }): Kafka {
  const logger = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...fields } = log;
        logger[LEVELS[level] ?? 'info'](fields, message);
      },
  });
}

export function prefixed(prefix: string, topic: string): string {
  return `${prefix}${topic}`;
}

/** Topics are created by the project with explicit partition counts, never by auto-creation. */
export async function ensureTopics(
  kafka: Kafka,
  topics: { name: string; partitions: number }[],
): Promise<void> {
  // Just after creation the broker may answer "does not host this topic-partition" for a moment,
  // and another service may be creating the same topics: look again, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await createMissingTopics(kafka, topics);
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

async function createMissingTopics(
  kafka: Kafka,
  topics: { name: string; partitions: number }[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: 1 })),
      })
      .catch((error: { type?: string }) => {
        if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
      });
    await admin.fetchTopicMetadata({ topics: missing.map((t) => t.name) });
  } finally {
    await admin.disconnect();
  }
}
