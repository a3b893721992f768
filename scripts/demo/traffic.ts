/**
 * Demo traffic: plays both sides of dual-write — Finance posts expenses and vendor invoices,
 * Dataverse creates the actuals (cost, unbilled and billed sales with their transaction
 * connections) — over several legal entities, projects and currencies, with faults injected at
 * configurable rates. Prints what it injected and what po-sync should report for it, so the
 * discrepancies can be checked; --report writes every document with its faults and expectations.
 *
 *   node -r ./scripts/register.js scripts/demo/traffic.ts [--rate 20] [--duration 0] [--seed <printed>]
 *     [--never-synced 0.05] [--lost-actual 0.03] [--wrong-amount 0.03] [--old-map 0.01]
 *     [--duplicate 0.05] [--out-of-order 0.03] [--malformed 0.01] [--sales 0.1] [--prefix ""]
 *     [--report run.json]
 *
 * --duration 0 runs until Ctrl-C. The same --seed replays the same ids and event ids (ingestion
 * then drops them as duplicates), so the default seed changes per run and is printed.
 *
 * Journals left in draft are not something traffic can cause: they come from Finance's posting
 * schedule. With JOURNAL_POST_INTERVAL longer than RECON_GRACE_PERIOD (or 0: posting only on the
 * operator's remedy) every line waits in draft long enough to be reported as JOURNAL_NOT_POSTED;
 * e2e/demo-traffic.e2e-spec.ts holds back chosen journals to show it per document.
 */
import { writeFileSync } from 'node:fs';
import { SOURCE_TOPICS, TOPICS } from '@po-sync/contracts';
import { ensureTopics } from '@po-sync/kafka';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { sendPlanned } from './send';
import { countByType, expectedDiscrepancies } from './traffic-expectations';
import { type FaultKind, type PlannedMessage, TrafficGenerator } from './traffic-plan';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const num = (name: string, fallback: number) => {
  if (!args.has(name)) return fallback;
  const value = Number(args.get(name));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0`);
  return value;
};

const RATE = num('rate', 20);
const DURATION_S = num('duration', 0);
const PREFIX = args.get('prefix') ?? '';
const SEED = num('seed', Date.now() % 0x100000000);
const RATES: Partial<Record<FaultKind, number>> = {
  neverSynced: num('never-synced', 0.05),
  lostActual: num('lost-actual', 0.03),
  wrongAmount: num('wrong-amount', 0.03),
  oldMap: num('old-map', 0.01),
  duplicate: num('duplicate', 0.05),
  outOfOrder: num('out-of-order', 0.03),
  malformed: num('malformed', 0.01),
};

async function main(): Promise<void> {
  const generator = new TrafficGenerator({
    seed: SEED,
    prefix: PREFIX,
    rates: RATES,
    salesRate: num('sales', 0.1),
  });
  const kafka = new Kafka({
    clientId: 'po-sync-demo-traffic',
    brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','),
    logLevel: logLevel.ERROR,
  });
  // The services create their topics at start; traffic sent before them (or to a fresh prefix)
  // needs the source topics too, with the contract's partition counts.
  await ensureTopics(
    kafka,
    SOURCE_TOPICS.map((name) => ({ name: `${PREFIX}${name}`, partitions: TOPICS[name].partitions })),
  );
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const send = (messages: PlannedMessage[]) => sendPlanned(producer, messages);
  await send(generator.setup(new Date()));
  console.log(
    `[traffic] seed ${SEED}; setup sent: 3 legal entities, projects, open periods, dual-write maps; ${RATE} documents/s`,
  );
  let stop = false;
  const finish = () => (stop = true);
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
  const started = Date.now();
  let lastReport = started;
  while (!stop && (DURATION_S === 0 || Date.now() - started < DURATION_S * 1000)) {
    const tick = Date.now();
    const count = Math.max(1, Math.round(RATE / 10));
    await send(Array.from({ length: count }, () => generator.document(new Date())).flat());
    if (Date.now() - lastReport > 10_000) {
      console.log(`[traffic] injected so far: ${JSON.stringify(generator.injected)}`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - tick))));
  }
  await producer.disconnect();
  const expected = expectedDiscrepancies(generator);
  console.log(`[traffic] done. seed ${SEED}; injected: ${JSON.stringify(generator.injected)}`);
  console.log(
    `[traffic] po-sync should report, once every journal is posted: ${JSON.stringify(countByType(expected))}` +
      ` and ${generator.injected.malformed} dead letters`,
  );
  const report = args.get('report');
  if (report) {
    writeFileSync(
      report,
      JSON.stringify({ seed: SEED, prefix: PREFIX, documents: generator.documents, expected }, null, 2),
    );
    console.log(`[traffic] every document and expected discrepancy written to ${report}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
