import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import Redis from 'ioredis';

const run = promisify(execFile);
export const REPO_ROOT = resolve(__dirname, '../../..');
const STARTED_MARKER = join(REPO_ROOT, '.cache', 'kafka-started-by-tests');

export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testKafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',').map((b) => b.trim());
}

export async function kafkaAnswers(brokers: string[], timeoutMs = 3000): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'po-sync-test-probe',
    brokers,
    connectionTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function checkPostgres(): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${new URL(TEST_POSTGRES_URL).host} (${String(error)}). ` +
        `Start it (e.g. pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_POSTGRES_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${new URL(TEST_REDIS_URL).host} (${String(error)}). ` +
        `Start it (e.g. redis-server --daemonize yes --port 6379) or set TEST_REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

/**
 * Locates the broker named by KAFKA_BROKERS, or starts the project's own single-node broker with
 * deploy/kafka/kafka.sh (the same script the local stack uses) and remembers to stop it afterwards.
 */
async function ensureKafka(): Promise<void> {
  const brokers = testKafkaBrokers();
  if (await kafkaAnswers(brokers)) return;
  const [first] = brokers;
  const port = first?.split(':')[1] ?? '9092';
  process.stderr.write(
    `\n[testing] no Kafka at ${brokers.join(',')}: starting deploy/kafka/kafka.sh on port ${port}\n`,
  );
  await run('bash', [join(REPO_ROOT, 'deploy/kafka/kafka.sh'), 'start'], {
    env: { ...process.env, KAFKA_PORT: port },
    maxBuffer: 16 * 1024 * 1024,
  });
  mkdirSync(join(REPO_ROOT, '.cache'), { recursive: true });
  writeFileSync(STARTED_MARKER, port);
  if (!(await kafkaAnswers(brokers, 10_000)))
    throw new Error(`Kafka started but does not answer at ${brokers.join(',')}`);
}

export async function ensureTestInfrastructure(): Promise<void> {
  await Promise.all([checkPostgres(), checkRedis()]);
  await ensureKafka();
  process.env.KAFKA_BROKERS = testKafkaBrokers().join(',');
}

export async function releaseTestInfrastructure(): Promise<void> {
  if (!existsSync(STARTED_MARKER) || process.env.KEEP_KAFKA === '1') return;
  await run('bash', [join(REPO_ROOT, 'deploy/kafka/kafka.sh'), 'stop']);
  rmSync(STARTED_MARKER, { force: true });
}
