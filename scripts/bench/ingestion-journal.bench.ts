/**
 * Pushes N actuals through ingestion and journal on the real broker and databases, each service in
 * its own Node.js process as in production, and prints events/s and produce → posted-line latency.
 *
 *   node -r ./scripts/register.js scripts/bench/ingestion-journal.bench.ts [N=50000]
 *
 * Kafka must be up (bash deploy/kafka/kafka.sh start); PostgreSQL and Redis as for the services.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { actualEvent, createTestDatabase, recordIdOf, standardSetup, uniqueTopicPrefix } from '@po-sync/testing';

const N = Number(process.argv[2] ?? 50_000);
const ROOT = join(__dirname, '..', '..');
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');

function startService(name: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', `services/${name}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`service on port ${port} did not become ready`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const prefix = uniqueTopicPrefix('bench');
  const ingestionDb = await createTestDatabase('bench_ingestion');
  const journalDb = await createTestDatabase('bench_journal');
  const common = { KAFKA_TOPIC_PREFIX: prefix, KAFKA_BROKERS: BROKERS.join(',') };
  const services = [
    startService('ingestion', { ...common, DATABASE_URL: ingestionDb.url, HTTP_PORT: '3901' }),
    startService('journal', {
      ...common,
      DATABASE_URL: journalDb.url,
      HTTP_PORT: '3902',
      JOURNAL_IMPORT_INTERVAL: '250ms',
      JOURNAL_POST_INTERVAL: '250ms',
    }),
  ];
  try {
    await Promise.all([waitReady(3901), waitReady(3902)]);
    const kafka = new Kafka({ clientId: 'bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (const event of standardSetup()) {
      await producer.send({ topic: `${prefix}finance.setup.v1`, messages: [{ key: recordIdOf(event), value: JSON.stringify(event) }] });
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));

    const producedAt = new Map<string, number>();
    let canonical = 0;
    let firstCanonicalAt = 0;
    let lastCanonicalAt = 0;
    const latencies: number[] = [];
    const consumer = kafka.consumer({ groupId: `${prefix}bench-observer`, maxBytesPerPartition: 4 * 1024 * 1024 });
    await consumer.connect();
    await consumer.subscribe({ topics: [`${prefix}ingestion.actuals.v1`, `${prefix}journal.lines.v1`], fromBeginning: true });
    let done: () => void = () => undefined;
    const allPosted = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        if (batch.topic.endsWith('ingestion.actuals.v1')) {
          canonical += batch.messages.length;
          if (!firstCanonicalAt) firstCanonicalAt = now;
          lastCanonicalAt = now;
          return;
        }
        for (const message of batch.messages) {
          const line = JSON.parse(message.value?.toString() ?? '{}') as { actualId: string; status: string };
          if (line.status !== 'Posted') continue;
          const started = producedAt.get(line.actualId);
          if (started !== undefined) latencies.push(now - started);
        }
        if (latencies.length >= N) done();
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the observer join before producing

    const started = Date.now();
    const BATCH = 2000;
    for (let i = 0; i < N; i += BATCH) {
      const events = Array.from({ length: Math.min(BATCH, N - i) }, () => actualEvent());
      const now = Date.now();
      for (const e of events) producedAt.set(e.data.actualId as string, now);
      await producer.send({
        topic: `${prefix}dataverse.actuals.v1`,
        acks: -1,
        messages: events.map((e) => ({ key: e.data.actualId as string, value: JSON.stringify(e) })),
      });
    }
    const produced = Date.now();
    await Promise.race([allPosted, new Promise((resolve) => setTimeout(resolve, 600_000).unref())]);
    const finished = Date.now();
    latencies.sort((a, b) => a - b);

    const ingestionSeconds = (lastCanonicalAt - started) / 1000;
    console.log(`\n## Ingestion and journal: ${N} actuals (${new Date().toISOString()})\n`);
    console.log(`| figure | value |\n| --- | --- |`);
    console.log(`| produce rate (bench client, acks=all) | ${Math.round(N / ((produced - started) / 1000))} actuals/s |`);
    console.log(`| ingestion throughput (first produce → last canonical event) | ${Math.round(canonical / ingestionSeconds)} events/s (${canonical} canonical events in ${ingestionSeconds.toFixed(1)} s) |`);
    console.log(`| end to end (first produce → last posted line) | ${Math.round(latencies.length / ((finished - started) / 1000))} actuals/s |`);
    console.log(`| produce → posted line latency p50 | ${percentile(latencies, 50)} ms |`);
    console.log(`| produce → posted line latency p99 | ${percentile(latencies, 99)} ms |`);
    console.log(`| posted lines observed | ${latencies.length} of ${N} |`);
    await consumer.disconnect();
    await producer.disconnect();
  } finally {
    for (const child of services) child.kill('SIGTERM');
    await Promise.all(services.map((c) => new Promise((resolve) => c.once('exit', resolve))));
    await ingestionDb.drop();
    await journalDb.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
