/**
 * Pushes actuals through ingestion and journal on the real broker and databases, each service in
 * its own Node.js process as in production, and prints:
 *  1. ingestion's capacity: a backlog of N actuals drained by ingestion alone (events/s);
 *  2. the whole path under load: N more actuals produced as fast as possible with the journal
 *     running (ingestion events/s, actuals posted/s);
 *  3. latency at a steady rate: produce → posted journal line, p50/p99.
 *
 *   node -r ./scripts/register.js scripts/bench/ingestion-journal.bench.ts [N=50000] [RATE=1000]
 *
 * Kafka must be up (bash deploy/kafka/kafka.sh start); PostgreSQL and Redis as for the services.
 */
import type { ChildProcess } from 'node:child_process';
import {
  benchCommand,
  percentile,
  printResult,
  sleep,
  startService,
  stopServices,
  waitReady,
} from './bench-kit';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import {
  actualEvent,
  createTestDatabase,
  recordIdOf,
  standardSetup,
  uniqueTopicPrefix,
} from '@po-sync/testing';

const N = Number(process.argv[2] ?? 50_000);
const RATE = Number(process.argv[3] ?? 1000);
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');

async function produceActuals(
  producer: Producer,
  topic: string,
  count: number,
  producedAt: Map<string, number>,
) {
  for (let i = 0; i < count; i += 2000) {
    const events = Array.from({ length: Math.min(2000, count - i) }, () => actualEvent());
    const now = Date.now();
    for (const e of events) producedAt.set(e.data.actualId as string, now);
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.data.actualId as string, value: JSON.stringify(e) })),
    });
  }
}

async function main(): Promise<void> {
  const prefix = uniqueTopicPrefix('bench');
  const ingestionDb = await createTestDatabase('bench_ingestion');
  const journalDb = await createTestDatabase('bench_journal');
  const common = { KAFKA_TOPIC_PREFIX: prefix, KAFKA_BROKERS: BROKERS.join(',') };
  const services: ChildProcess[] = [];
  const rows: [string, string][] = [];
  const figures: Record<string, number> = {};
  try {
    services.push(startService('ingestion', { ...common, DATABASE_URL: ingestionDb.url, HTTP_PORT: '3901' }));
    await waitReady(3901);
    const kafka = new Kafka({ clientId: 'bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (const event of standardSetup()) {
      await producer.send({
        topic: `${prefix}finance.setup.v1`,
        messages: [{ key: recordIdOf(event), value: JSON.stringify(event) }],
      });
    }

    const producedAt = new Map<string, number>();
    const canonicalAt: number[] = [];
    const postedLatency = new Map<string, number>();
    const consumer = kafka.consumer({
      groupId: `${prefix}bench-observer`,
      maxBytesPerPartition: 4 * 1024 * 1024,
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [`${prefix}ingestion.actuals.v1`, `${prefix}journal.lines.v1`],
      fromBeginning: true,
    });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        if (batch.topic.endsWith('ingestion.actuals.v1')) {
          for (let i = 0; i < batch.messages.length; i++) canonicalAt.push(now);
          return;
        }
        for (const message of batch.messages) {
          const line = JSON.parse(message.value?.toString() ?? '{}') as { actualId: string; status: string };
          const started = producedAt.get(line.actualId);
          if (line.status === 'Posted' && started !== undefined)
            postedLatency.set(line.actualId, now - started);
        }
      },
    });
    await sleep(2000); // the observer joins its group before anything is produced

    // 1. Ingestion alone drains a backlog: pure consumption capacity.
    await produceActuals(producer, `${prefix}dataverse.actuals.v1`, N, new Map());
    const backlogReady = Date.now();
    // Ingestion has been consuming while we produced; the backlog is measured from here only if it lagged.
    while (canonicalAt.length < N) await sleep(20);
    const firstCanonical = canonicalAt[0] ?? backlogReady;
    const lastCanonical = canonicalAt[N - 1] ?? Date.now();
    figures.ingestionAloneEventsPerSec = Math.round(N / ((lastCanonical - firstCanonical) / 1000));
    rows.push([
      `ingestion alone: ${N} actuals, first → last canonical event`,
      `${Math.round(N / ((lastCanonical - firstCanonical) / 1000))} events/s (${((lastCanonical - firstCanonical) / 1000).toFixed(1)} s)`,
    ]);

    // 2. The journal joins and works through the same N actuals while N more arrive.
    services.push(
      startService('journal', {
        ...common,
        DATABASE_URL: journalDb.url,
        HTTP_PORT: '3902',
        JOURNAL_IMPORT_INTERVAL: '250ms',
        JOURNAL_POST_INTERVAL: '250ms',
      }),
    );
    await waitReady(3902);
    const started = Date.now();
    const before = canonicalAt.length;
    await produceActuals(producer, `${prefix}dataverse.actuals.v1`, N, producedAt);
    while (canonicalAt.length < before + N) await sleep(20);
    const ingested = Date.now();
    figures.ingestionWithJournalEventsPerSec = Math.round(N / ((ingested - started) / 1000));
    rows.push([
      `ingestion with the journal running: ${N} more actuals`,
      `${Math.round(N / ((ingested - started) / 1000))} events/s`,
    ]);
    const deadline = Date.now() + 600_000;
    while (postedLatency.size < N && Date.now() < deadline) await sleep(50);
    figures.journalActualsPerSec = Math.round((2 * N) / ((Date.now() - started) / 1000));
    rows.push([
      `journal: ${2 * N} actuals imported and posted (first produce of step 2 → last posted)`,
      `${Math.round((2 * N) / ((Date.now() - started) / 1000))} actuals/s`,
    ]);

    // 3. Steady rate: latency from produce to posted line.
    const steady = new Map<string, number>();
    const steadyCount = RATE * 15;
    for (let sent = 0; sent < steadyCount; sent += RATE / 10) {
      const tick = Date.now();
      await produceActuals(producer, `${prefix}dataverse.actuals.v1`, RATE / 10, steady);
      for (const [id, at] of steady) producedAt.set(id, at);
      await sleep(Math.max(0, 100 - (Date.now() - tick)));
    }
    const steadyDeadline = Date.now() + 120_000;
    const done = () => [...steady.keys()].every((id) => postedLatency.has(id));
    while (!done() && Date.now() < steadyDeadline) await sleep(50);
    const latencies = [...steady.keys()].map((id) => postedLatency.get(id) ?? Infinity).sort((a, b) => a - b);
    rows.push([
      `steady ${RATE} actuals/s for 15 s: produce → posted line p50`,
      `${percentile(latencies, 50)} ms`,
    ]);
    rows.push([
      `steady ${RATE} actuals/s for 15 s: produce → posted line p99`,
      `${percentile(latencies, 99)} ms`,
    ]);
    figures.steadyP50Ms = percentile(latencies, 50);
    figures.steadyP99Ms = percentile(latencies, 99);
    figures.steadyObserved = latencies.filter(Number.isFinite).length;
    figures.steadyExpected = steadyCount;
    rows.push([
      `steady: posted lines observed`,
      `${latencies.filter(Number.isFinite).length} of ${steadyCount}`,
    ]);

    await consumer.disconnect();
    await producer.disconnect();
    console.log(`\n### Ingestion and journal (${new Date().toISOString()}, N=${N}, rate=${RATE}/s)\n`);
    console.log('| figure | value |\n| --- | --- |');
    for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
    printResult({
      bench: 'ingestion-journal',
      command: benchCommand('ingestion-journal.bench.ts', [N, RATE]),
      figures,
      rows,
    });
  } finally {
    await stopServices(services);
    await ingestionDb.drop();
    await journalDb.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
