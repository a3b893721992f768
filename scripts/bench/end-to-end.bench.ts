/**
 * The whole path on the real broker and databases: ingestion, journal and reconciliation as child
 * processes (fresh databases, a unique topic prefix), and N source events of the shared mix
 * (source-mix.ts: expenses, vendor invoice lines, cost and sales actuals, transaction connections)
 * produced as fast as the bench client can (1000 a request, 4 requests in flight) while the
 * services run, so a backlog builds at the ingestion edge. Prints the record sizes and:
 *  - ingestion edge: N ÷ (first produce → last canonical event published by ingestion);
 *  - end to end: N ÷ (first produce → the last document's recon.document-status.v1 row showing its
 *    cost actual's journal line posted).
 *
 * Why that completion signal: it is the last step every document of the mix goes through
 * (document and actual ingested, the actual imported and posted by the journal, the posted line
 * seen by reconciliation and published through its outbox). With the default grace period (1 h)
 * the row's status stays `open` until the grace ends, but its `journalVoucher` is set as soon as
 * reconciliation sees the posted line. Instants are the Kafka timestamps the services' producers
 * set, so the observer's own lag does not count.
 *
 *   node -r ./scripts/register.js scripts/bench/end-to-end.bench.ts [N=100000]
 *
 * Kafka must be up (bash deploy/kafka/kafka.sh start); PostgreSQL and Redis as for the services.
 * The journal imports and posts every 250 ms (its defaults, 1 min and 5 min, would measure the
 * schedule rather than the services).
 */
import type { ChildProcess } from 'node:child_process';
import { CANONICAL_TOPICS, DEAD_LETTER_TOPIC, DOCUMENT_STATUS_TOPIC } from '@po-sync/contracts';
import { createTestDatabase, uniqueTopicPrefix } from '@po-sync/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import {
  benchCommand,
  printResult,
  printTable,
  sleep,
  startService,
  stopServices,
  waitReady,
} from './bench-kit';
import { sendPlanned } from '../demo/send';
import { recordSizes, sourceMix, type SourceMessage } from './source-mix';

const REQUESTED = Number(process.argv[2] ?? 100_000);
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const PORTS = { ingestion: 3911, journal: 3912, reconciliation: 3913 };
/** Give up when nothing has completed for this long: a stuck pipeline, not a slow one. */
const STALL_MS = 90_000;
const WARM_UP = Math.min(2000, Math.ceil(REQUESTED / 10));
const REQUEST_SIZE = 1000;
const REQUESTS_IN_FLIGHT = 4;
const BUSINESS_CANONICAL = CANONICAL_TOPICS.filter(
  (t) => t !== 'ingestion.setup.v1' && t !== 'ingestion.dual-write-maps.v1',
);

/**
 * The edge is timed from the first produce, so a bench client slower than ingestion would measure
 * itself: one acks=all request at a time reached only 1,500–6,800 events/s on the shared machine.
 * No two events of the mix share a key, so their order across requests does not matter.
 */
async function sendAll(producer: Producer, prefix: string, events: SourceMessage[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next; i < events.length; i = next) {
      next += REQUEST_SIZE;
      await sendPlanned(producer, events.slice(i, i + REQUEST_SIZE), prefix);
    }
  };
  await Promise.all(Array.from({ length: REQUESTS_IN_FLIGHT }, lane));
}

/** What the observer has seen, by the Kafka timestamps of the services' own messages. */
class Progress {
  canonical = 0;
  lastCanonicalAt = 0;
  deadLetters = 0;
  /** Documents of the phase being watched; those whose row showed a posted line are removed. */
  waiting = new Set<string>();
  lastPostedAt = 0;
  lastChangeAt = Date.now();

  watch(documents: string[]): void {
    this.waiting = new Set(documents);
    this.lastPostedAt = 0;
  }
}

async function observe(kafka: Kafka, prefix: string, progress: Progress) {
  const consumer = kafka.consumer({ groupId: `${prefix}bench-observer`, maxBytesPerPartition: 4 << 20 });
  await consumer.connect();
  await consumer.subscribe({
    topics: [...BUSINESS_CANONICAL, DEAD_LETTER_TOPIC, DOCUMENT_STATUS_TOPIC].map((t) => `${prefix}${t}`),
    fromBeginning: true,
  });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const topic = batch.topic.slice(prefix.length);
      progress.lastChangeAt = Date.now();
      if (topic === DEAD_LETTER_TOPIC) {
        progress.deadLetters += batch.messages.length;
        return;
      }
      if (topic !== DOCUMENT_STATUS_TOPIC) {
        progress.canonical += batch.messages.length;
        for (const m of batch.messages)
          progress.lastCanonicalAt = Math.max(progress.lastCanonicalAt, Number(m.timestamp));
        return;
      }
      for (const m of batch.messages) {
        const value = m.value?.toString() ?? '';
        // Most rows are earlier states (no line posted yet): skip them without parsing.
        if (value.includes('"journalVoucher":null')) continue;
        const row = JSON.parse(value) as { documentType: string; recordId: string; journalVoucher: unknown };
        if (row.journalVoucher === null || !progress.waiting.delete(`${row.documentType}:${row.recordId}`))
          continue;
        progress.lastPostedAt = Math.max(progress.lastPostedAt, Number(m.timestamp));
      }
    },
  });
  return consumer;
}

/** Produces `events` and waits until ingestion published them all and every document's line is posted. */
async function run(
  producer: Producer,
  prefix: string,
  progress: Progress,
  events: SourceMessage[],
  documents: string[],
): Promise<{ firstProduce: number; produced: number; complete: boolean }> {
  const canonicalBefore = progress.canonical;
  progress.watch(documents);
  const firstProduce = Date.now();
  await sendAll(producer, prefix, events);
  const produced = Date.now();
  const done = () => progress.waiting.size === 0 && progress.canonical - canonicalBefore >= events.length;
  while (!done() && Date.now() - progress.lastChangeAt < STALL_MS) await sleep(100);
  return { firstProduce, produced, complete: done() };
}

async function main(): Promise<void> {
  const mix = sourceMix(REQUESTED);
  const N = mix.events.length;
  const sizes = recordSizes(mix.events);
  const prefix = uniqueTopicPrefix('bench-e2e');
  const dbs = {
    ingestion: await createTestDatabase('bench_e2e_ingestion'),
    journal: await createTestDatabase('bench_e2e_journal'),
    reconciliation: await createTestDatabase('bench_e2e_reconciliation'),
  };
  const common = { KAFKA_TOPIC_PREFIX: prefix, KAFKA_BROKERS: BROKERS.join(',') };
  const services: ChildProcess[] = [];
  const kafka = new Kafka({ clientId: 'bench-e2e', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const journalDb = new Client({ connectionString: dbs.journal.url });
  try {
    services.push(
      startService('ingestion', {
        ...common,
        DATABASE_URL: dbs.ingestion.url,
        HTTP_PORT: String(PORTS.ingestion),
      }),
      startService('journal', {
        ...common,
        DATABASE_URL: dbs.journal.url,
        HTTP_PORT: String(PORTS.journal),
        JOURNAL_IMPORT_INTERVAL: '250ms',
        JOURNAL_POST_INTERVAL: '250ms',
      }),
      startService('reconciliation', {
        ...common,
        DATABASE_URL: dbs.reconciliation.url,
        HTTP_PORT: String(PORTS.reconciliation),
        RECON_GRACE_PERIOD: '1h',
      }),
    );
    await Promise.all(Object.values(PORTS).map((port) => waitReady(port)));
    await producer.connect();
    await journalDb.connect();

    // Setup first, as in a real deployment: the journal cannot import an actual of an unknown project.
    await sendPlanned(producer, mix.setup, prefix);
    const setupDeadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await journalDb.query<{ n: number }>('SELECT count(*)::int AS n FROM setup_record');
      if ((rows[0]?.n ?? 0) >= mix.journalSetupRows) break;
      if (Date.now() > setupDeadline) throw new Error('the journal did not store the setup within 60 s');
      await sleep(100);
    }

    const progress = new Progress();
    const consumer = await observe(kafka, prefix, progress);
    await sleep(2000); // the observer joins its group before anything is produced
    // A warm-up on other records: freshly started services (JIT, pools, first queries) are not
    // what a deployment runs on.
    const warm = sourceMix(WARM_UP, 7);
    const warmed = await run(producer, prefix, progress, warm.events, warm.documents);
    if (!warmed.complete) throw new Error(`the warm-up of ${warm.events.length} events did not complete`);
    const canonicalBefore = progress.canonical;

    const { firstProduce, produced, complete } = await run(
      producer,
      prefix,
      progress,
      mix.events,
      mix.documents,
    );
    const posted = mix.documents.length - progress.waiting.size;
    await consumer.disconnect();

    const edgeMs = progress.lastCanonicalAt - firstProduce;
    const e2eMs = progress.lastPostedAt - firstProduce;
    const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));
    const topics = Object.entries(sizes.byTopic)
      .map(([topic, t]) => `${topic} ${t.count} × ${t.avg} B`)
      .join(', ');
    const rows: [string, string][] = [
      [
        `source events (${mix.documents.length} documents), after a warm-up of ${warm.events.length}`,
        `${N}: ${topics}; ${mix.setup.length} setup and map events before, not counted`,
      ],
      ['record sizes (JSON value)', `min ${sizes.min} B, avg ${sizes.avg} B, max ${sizes.max} B`],
      [
        `bench producer: N events sent (acks=all, ${REQUEST_SIZE} a request, ${REQUESTS_IN_FLIGHT} requests in flight)`,
        `${perSecond(N, produced - firstProduce)} events/s (${((produced - firstProduce) / 1000).toFixed(1)} s)`,
      ],
      [
        'ingestion edge: first produce → last canonical event',
        `${perSecond(N, edgeMs)} events/s (${(edgeMs / 1000).toFixed(1)} s; ${progress.canonical - canonicalBefore} canonical events)`,
      ],
      [
        'end to end: first produce → every document row shows its posted journal line',
        complete
          ? `${perSecond(N, e2eMs)} events/s (${(e2eMs / 1000).toFixed(1)} s)`
          : `INCOMPLETE: ${posted} of ${mix.documents.length} documents after a ${STALL_MS / 1000} s stall`,
      ],
      ['dead letters', String(progress.deadLetters)],
    ];
    printTable(`End to end (${new Date().toISOString()}, N=${N})`, rows);
    printResult({
      bench: 'e2e',
      command: benchCommand('end-to-end.bench.ts', [REQUESTED]),
      figures: {
        sourceEvents: N,
        documents: mix.documents.length,
        postedDocuments: posted,
        warmUpEvents: warm.events.length,
        complete: complete ? 'yes' : 'no',
        avgRecordBytes: sizes.avg,
        minRecordBytes: sizes.min,
        maxRecordBytes: sizes.max,
        producerEventsPerSec: perSecond(N, produced - firstProduce),
        ingestionEventsPerSec: perSecond(N, edgeMs),
        ingestionMs: edgeMs,
        e2eEventsPerSec: complete ? perSecond(N, e2eMs) : null,
        e2eMs: complete ? e2eMs : null,
        deadLetters: progress.deadLetters,
      },
      rows,
    });
    if (!complete) {
      console.error(`documents never seen posted, e.g. ${[...progress.waiting].slice(0, 5).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
    await journalDb.end().catch(() => undefined);
    await stopServices(services);
    // BENCH_KEEP_DB=1 keeps the three databases (their URLs are printed) to look into afterwards.
    if (process.env.BENCH_KEEP_DB === '1')
      console.error(
        `kept ${Object.values(dbs)
          .map((db) => db.url)
          .join(' ')}`,
      );
    else for (const db of Object.values(dbs)) await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
