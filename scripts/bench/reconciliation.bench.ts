/**
 * The reconciliation sweep and the detection latency on a large state. Prints:
 *  1. the floor: one bare SQL anti-join over the loaded rows (posted documents with no actual);
 *  2. the candidate search alone (the sweep's SQL, findOpenRecords + findHoldingRecords);
 *  3. the full sweep (TimersService.sweep, in this process on the service's own classes): a first
 *     sweep that opens the injected faults, then steady-state sweeps where nothing changed;
 *  4. detection latency with the service running as a child process on the same database (grace
 *     2 s, timers every 100 ms): expenses posted with no actual, produced as canonical events, and
 *     MISSING_ACTUAL observed on recon.discrepancies.v1 − (postedAt + grace).
 *
 *   node -r ./scripts/register.js scripts/bench/reconciliation.bench.ts [N=1000000] [LATENCY=300]
 *
 * N documents are loaded straight into a fresh reconciliation database (INSERT … SELECT
 * generate_series, after the migrations), mostly reconciled, with 1% of each fault: missing
 * actual, missing journal line, unposted (Draft) journal line, amount mismatch; and 1% of actuals
 * with no voucher but a posted journal line, which the evaluation does not count as out of sync
 * (it takes the line's voucher): they must open nothing. Kafka must be up (bash
 * deploy/kafka/kafka.sh start); PostgreSQL and Redis as for the services (the service started
 * here uses Redis database 11, or BENCH_REDIS_URL). BENCH_KEEP_DB=1 keeps the database (its URL is
 * printed) for EXPLAIN ANALYZE afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@po-sync/config';
import { createDataSource, withTransaction } from '@po-sync/db';
import {
  asCanonical,
  createTestDatabase,
  expenseEvent,
  kafkaAnswers,
  uniqueTopicPrefix,
} from '@po-sync/testing';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { EvaluationRepository } from '../../services/reconciliation/src/evaluation/evaluation.repository';
import { EvaluationService } from '../../services/reconciliation/src/evaluation/evaluation.service';
import { rulesVersion } from '../../services/reconciliation/src/evaluation/evaluated-input';
import { reconciliationMigrations } from '../../services/reconciliation/src/migrations';
import type { OutboxRelay } from '../../services/reconciliation/src/outbox/outbox.relay';
import { OutboxRepository } from '../../services/reconciliation/src/outbox/outbox.repository';
import { reconciliationConfigSchema } from '../../services/reconciliation/src/reconciliation.config';
import type { RulesConfig } from '../../services/reconciliation/src/rules';
import {
  beginCandidateSearch,
  findHoldingRecords,
  findOpenRecords,
} from '../../services/reconciliation/src/timers/sweep-candidates';
import { TimersService } from '../../services/reconciliation/src/timers/timers.service';
import { benchCommand, printResult } from './bench-kit';

const N = Number(process.argv[2] ?? 1_000_000);
const LATENCY_COUNT = Number(process.argv[3] ?? 300);
const ROOT = join(__dirname, '..', '..');
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const PORT = 3903;
const LATENCY_GRACE_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Which fault document i carries (i % 100); every other document is reconciled. `noVoucher` is a
 * near miss rather than a fault: an actual without a voucher whose journal line is posted, which
 * the evaluation does not count as out of sync (it takes the line's voucher); it must open nothing.
 */
const FAULTS = {
  missingActual: 0,
  missingLine: 1,
  unpostedLine: 2,
  noVoucher: 3,
  amountMismatch: 4,
} as const;

function startService(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', './scripts/register.js', 'services/reconciliation/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`service on port ${port} did not become ready`);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/**
 * N documents (one in five a vendor invoice line), each with one cost actual and its posted
 * journal line, posted one to two days before `now`, and FAULTS; every tenth document also has an
 * unbilled sales actual connected to its cost actual. Every document has a status row already (as
 * after ingestion; placeholder fingerprints, so a document the sweep evaluates publishes its
 * status once). Amounts are numeric throughout.
 */
async function load(db: DataSource, now: Date): Promise<void> {
  const f = FAULTS;
  const steps: [string, string][] = [
    [
      'document',
      `INSERT INTO document (document_type, record_id, legal_entity, project_id, category, amount, currency,
         document_date, status, voucher, posted_at, deleted, occurred_at)
       SELECT CASE WHEN i % 5 = 4 THEN 'vendorInvoiceLine' ELSE 'expense' END,
              CASE WHEN i % 5 = 4 THEN 'VI-' || i || ':1' ELSE 'EXP-' || i END,
              'USMF', 'PRJ-' || (i % 100), 'Travel', (i % 997 + 1)::numeric + 0.25, 'USD',
              p::date, 'Posted', 'FV-' || i, p, false, p
       FROM generate_series(1, $1::int) i,
            LATERAL (SELECT $2::timestamptz - interval '1 day' - (i % 86400) * interval '1 second' AS p) t`,
    ],
    [
      'actual (cost)',
      `INSERT INTO actual (actual_id, legal_entity, project_id, transaction_type, amount, currency, accounting_date,
         source_document_type, source_document_id, skip_sync, voucher, created_on, deleted, occurred_at)
       SELECT 'ACT-' || i, 'USMF', 'PRJ-' || (i % 100), 'Cost',
              (i % 997 + 1)::numeric + 0.25 - CASE WHEN i % 100 = ${f.amountMismatch} THEN 1 ELSE 0 END, 'USD', p::date,
              CASE WHEN i % 5 = 4 THEN 'vendorInvoiceLine' ELSE 'expense' END,
              CASE WHEN i % 5 = 4 THEN 'VI-' || i || ':1' ELSE 'EXP-' || i END, false,
              CASE WHEN i % 100 IN (${f.missingLine}, ${f.unpostedLine}, ${f.noVoucher}) THEN NULL ELSE 'JV-' || i END,
              p + interval '5 minutes', false, p + interval '5 minutes'
       FROM generate_series(1, $1::int) i,
            LATERAL (SELECT $2::timestamptz - interval '1 day' - (i % 86400) * interval '1 second' AS p) t
       WHERE i % 100 <> ${f.missingActual}`,
    ],
    [
      'actual (unbilled sales)',
      `INSERT INTO actual (actual_id, legal_entity, project_id, transaction_type, amount, currency, accounting_date,
         source_document_type, source_document_id, skip_sync, voucher, created_on, deleted, occurred_at)
       SELECT 'US-' || i, 'USMF', 'PRJ-' || (i % 100), 'UnbilledSales', (i % 997 + 1)::numeric * 1.5, 'USD', p::date,
              'expense', 'EXP-' || i, false, 'JV-US-' || i, p + interval '5 minutes', false, p + interval '5 minutes'
       FROM generate_series(5, $1::int, 10) i,
            LATERAL (SELECT $2::timestamptz - interval '1 day' - (i % 86400) * interval '1 second' AS p) t`,
    ],
    [
      'transaction_connection',
      `INSERT INTO transaction_connection (connection_id, transaction1_id, transaction1_role, transaction1_type,
         transaction2_id, transaction2_role, transaction2_type, occurred_at)
       SELECT 'CON-' || i, 'US-' || i, 'UnbilledSales', 'UnbilledSales', 'ACT-' || i, 'Cost', 'Cost', $2::timestamptz
       FROM generate_series(5, $1::int, 10) i`,
    ],
    [
      'journal_line',
      `INSERT INTO journal_line (actual_id, line_id, journal_id, status, amount, currency, voucher, posted_at,
         first_seen_at, last_retried_at, sequence)
       SELECT a.actual_id, 'L-' || a.actual_id, 'J-' || (i / 1000), s, a.amount, a.currency,
              CASE WHEN s = 'Posted' THEN 'JV-' || a.actual_id END,
              CASE WHEN s = 'Posted' THEN a.created_on + interval '20 minutes' END,
              a.created_on + interval '10 minutes', NULL, 1
       FROM actual a,
            LATERAL (SELECT split_part(a.actual_id, '-', 2)::int AS i) k,
            LATERAL (SELECT CASE WHEN i % 100 = ${f.unpostedLine} AND a.transaction_type = 'Cost'
                                 THEN 'Draft' ELSE 'Posted' END AS s) t
       WHERE NOT (i % 100 = ${f.missingLine} AND a.transaction_type = 'Cost')`,
    ],
    [
      'document_status',
      `INSERT INTO document_status (document_type, record_id, fingerprint, version)
       SELECT document_type, record_id, 'loaded', 1 FROM document`,
    ],
  ];
  for (const [table, sql] of steps) {
    const params = [N, now].slice(0, sql.includes('$2') ? 2 : sql.includes('$1') ? 1 : 0);
    const [, ms] = await timed(() => db.query(sql, params));
    console.error(`loaded ${table} in ${seconds(ms)}`);
  }
  const [, ms] = await timed(() => db.query('VACUUM ANALYZE'));
  console.error(`vacuum analyze in ${seconds(ms)}`);
}

/** The single row of a query. */
async function one<T>(db: DataSource, sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await db.query<T[]>(sql, params);
  if (row === undefined) throw new Error(`no row from ${sql}`);
  return row;
}

interface SweepLog {
  records?: number;
  candidates?: Record<string, number>;
  searchMs?: number;
  ms?: number;
}

const describe = (log: SweepLog | undefined) =>
  `${Object.entries(log?.candidates ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; search ${log?.searchMs ?? '?'} ms of ${log?.ms ?? '?'} ms`;

/** The sweep's candidate queries alone, as the sweep runs them (one read-only snapshot). */
async function search(db: DataSource, rules: RulesConfig): Promise<number> {
  return withTransaction(db, async (runner) => {
    await beginCandidateSearch(runner);
    const open = await findOpenRecords(runner, new Date(), rulesVersion(rules));
    const holding = await findHoldingRecords(runner, new Date(), rules);
    return open.keys.length + holding.keys.length;
  });
}

/** How many of 1..n carry fault k (i % 100 = k). */
const faulty = (n: number, k: number) => (k === 0 ? Math.floor(n / 100) : Math.floor((n - k) / 100) + 1);

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(work))[1]);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? NaN;
}

/** The floor: the cheapest query that finds one of the faults over the same rows. */
const FLOOR_SQL = `
  SELECT count(*)::int AS n FROM document d
  WHERE NOT d.deleted AND d.status <> 'Approved' AND d.posted_at < $1
    AND NOT EXISTS (SELECT 1 FROM actual a WHERE a.source_document_id = d.record_id)`;

/**
 * The same kind of floor over every table the sweep reads, not the documents alone: one bare
 * anti-join per pair the rules relate (documents with no actual, actuals with no journal line,
 * unbilled sales with no connection), run one after the other.
 */
const FLOOR_ALL_TABLES_SQL = [
  FLOOR_SQL,
  `SELECT count(*)::int AS n FROM actual a
   WHERE NOT a.deleted AND a.created_on < $1
     AND NOT EXISTS (SELECT 1 FROM journal_line l WHERE l.actual_id = a.actual_id)`,
  `SELECT count(*)::int AS n FROM actual a
   WHERE a.transaction_type = 'UnbilledSales' AND a.created_on < $1
     AND NOT EXISTS (SELECT 1 FROM transaction_connection c WHERE c.transaction1_id = a.actual_id)`,
];

async function measureLatency(
  databaseUrl: string,
  rows: [string, string][],
  figures: Record<string, number>,
): Promise<void> {
  const prefix = uniqueTopicPrefix('bench');
  const service = startService({
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_BROKERS: BROKERS.join(','),
    DATABASE_URL: databaseUrl,
    HTTP_PORT: String(PORT),
    RECON_GRACE_PERIOD: `${LATENCY_GRACE_MS}ms`,
    RECON_TIMER_INTERVAL: '100ms',
    RECON_SWEEP_INTERVAL: '0',
    // The outbox relay's Redis lock has one name for every stack: another reconciliation running
    // on this Redis (a test suite, npm run start:all) would hold it and nothing would be published.
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/11',
  });
  const kafka = new Kafka({ clientId: 'bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `${prefix}bench-observer` });
  try {
    await waitReady(PORT);
    await producer.connect();
    const dueAt = new Map<string, number>();
    const latency = new Map<string, number>();
    await consumer.connect();
    await consumer.subscribe({ topics: [`${prefix}recon.discrepancies.v1`], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const message of batch.messages) {
          const d = JSON.parse(message.value?.toString() ?? '{}') as {
            type: string;
            status: string;
            recordId: string;
          };
          const due = dueAt.get(d.recordId);
          if (
            d.type === 'MISSING_ACTUAL' &&
            d.status === 'open' &&
            due !== undefined &&
            !latency.has(d.recordId)
          )
            latency.set(d.recordId, now - due);
        }
      },
    });
    await sleep(3000); // the observer joins its group before anything is produced
    // A steady trickle rather than one burst: 10 expenses every 100 ms.
    for (let sent = 0; sent < LATENCY_COUNT; sent += 10) {
      const tick = Date.now();
      const events = Array.from({ length: Math.min(10, LATENCY_COUNT - sent) }, () => expenseEvent());
      for (const e of events)
        dueAt.set(e.data.expenseId as string, Date.parse(e.data.postedAt as string) + LATENCY_GRACE_MS);
      const messages = events.map(asCanonical);
      await producer.send({
        topic: `${prefix}${messages[0]?.topic ?? ''}`,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value })),
      });
      await sleep(Math.max(0, 100 - (Date.now() - tick)));
    }
    const deadline = Date.now() + 60_000;
    while (latency.size < LATENCY_COUNT && Date.now() < deadline) await sleep(50);
    const sorted = [...latency.values()].sort((a, b) => a - b);
    Object.assign(figures, {
      detectionObserved: sorted.length,
      detectionExpected: LATENCY_COUNT,
      detectionGraceMs: LATENCY_GRACE_MS,
      detectionMinMs: sorted[0] ?? NaN,
      detectionP50Ms: percentile(sorted, 50),
      detectionP99Ms: percentile(sorted, 99),
      detectionMaxMs: sorted[sorted.length - 1] ?? NaN,
    });
    rows.push(
      [
        `detection: ${LATENCY_COUNT} expenses, MISSING_ACTUAL observed`,
        `${sorted.length} of ${LATENCY_COUNT}`,
      ],
      [
        'detection latency min (observed − (postedAt + grace); never negative: never early)',
        `${sorted[0] ?? NaN} ms`,
      ],
      ['detection latency p50', `${percentile(sorted, 50)} ms`],
      ['detection latency p99', `${percentile(sorted, 99)} ms`],
      ['detection latency max', `${sorted[sorted.length - 1] ?? NaN} ms`],
    );
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    if (service.exitCode === null) {
      const exited = new Promise((resolve) => service.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
  }
}

async function main(): Promise<void> {
  if (!(await kafkaAnswers(BROKERS)))
    throw new Error(`Kafka does not answer on ${BROKERS.join(',')}: bash deploy/kafka/kafka.sh start`);
  const database = await createTestDatabase('bench_reconciliation');
  const keep = process.env.BENCH_KEEP_DB === '1';
  const db = createDataSource({ url: database.url, entities: [], migrations: reconciliationMigrations });
  const rows: [string, string][] = [];
  const figures: Record<string, number> = { documents: N };
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const loadedAt = new Date();
    const [, loadMs] = await timed(() => load(db, loadedAt));
    const { documents, actuals, lines } = await one<{ documents: number; actuals: number; lines: number }>(
      db,
      `SELECT (SELECT count(*) FROM document)::int AS documents, (SELECT count(*) FROM actual)::int AS actuals,
              (SELECT count(*) FROM journal_line)::int AS lines`,
    );
    rows.push([
      'loaded (INSERT … SELECT generate_series, then VACUUM ANALYZE)',
      `${documents} documents, ${actuals} actuals, ${lines} journal lines in ${seconds(loadMs)}`,
    ]);

    // The sweep runs here, on the service's own classes and the default rules (grace 1 h, look-back 31 d).
    const config = loadConfig(reconciliationConfigSchema, { DATABASE_URL: database.url });
    const repository = new EvaluationRepository();
    const evaluation = new EvaluationService(repository, new OutboxRepository(db), config);
    const relay = { nudge: () => undefined } as unknown as OutboxRelay;
    const sweepLogs: SweepLog[] = [];
    const logger = pino(
      { level: 'info', base: null },
      {
        write: (line: string) => {
          process.stderr.write(line);
          sweepLogs.push(JSON.parse(line) as SweepLog);
        },
      },
    );
    const timers = new TimersService(db, repository, evaluation, relay, config, logger);
    const rules = {
      gracePeriodMs: config.RECON_GRACE_PERIOD,
      outOfSyncLookbackMs: config.OUT_OF_SYNC_LOOKBACK,
    };
    const graceCut = new Date(Date.now() - config.RECON_GRACE_PERIOD);

    await db.query(FLOOR_SQL, [graceCut]); // warm the cache: every figure is taken warm
    const floorMs = await median(3, () => db.query(FLOOR_SQL, [graceCut]));
    rows.push([
      'floor: bare anti-join, posted documents with no actual (median of 3)',
      `${Math.round(floorMs)} ms`,
    ]);
    const floorAllMs = await median(3, async () => {
      for (const sql of FLOOR_ALL_TABLES_SQL) await db.query(sql, [graceCut]);
    });
    rows.push([
      'floor over every table the sweep reads: three bare anti-joins (documents/actuals, actuals/journal lines, unbilled sales/connections), median of 3',
      `${Math.round(floorAllMs)} ms`,
    ]);
    const searchAlone = () => search(db, rules);
    await searchAlone();
    const searchMs = await median(3, searchAlone);
    Object.assign(figures, {
      floorMs: Math.round(floorMs),
      floorAllTablesMs: Math.round(floorAllMs),
      searchMs: Math.round(searchMs),
    });
    rows.push([
      "candidate search alone, before any discrepancy: the sweep's SQL over the whole tables (median of 3)",
      `${Math.round(searchMs)} ms (${(searchMs / floorMs).toFixed(1)}× the floor)`,
    ]);

    const [first, firstMs] = await timed(() => timers.sweep());
    const opened = await db.query<{ type: string; n: number }[]>(
      `SELECT payload->>'type' AS type, count(*)::int AS n FROM outbox
       WHERE topic = 'recon.discrepancies.v1' AND payload->>'status' = 'open' GROUP BY 1 ORDER BY 1`,
    );
    const { transitions } = await one<{ transitions: number }>(
      db,
      `SELECT count(*)::int AS transitions FROM outbox WHERE topic = 'recon.discrepancies.v1'`,
    );
    const f = (k: number) => faulty(N, k);
    const expected: Record<string, number> = {
      AMOUNT_MISMATCH: f(FAULTS.amountMismatch),
      JOURNAL_NOT_POSTED: f(FAULTS.unpostedLine),
      MISSING_ACTUAL: f(FAULTS.missingActual),
      MISSING_JOURNAL_LINE: f(FAULTS.missingLine),
      // Every actual whose line is missing or unposted has no voucher either. One with no voucher
      // but a posted line (FAULTS.noVoucher) is not out of sync: the evaluation takes the line's.
      OUT_OF_SYNC_ACTUAL: f(FAULTS.missingLine) + f(FAULTS.unpostedLine),
    };
    const expectedTotal = Object.values(expected).reduce((a, b) => a + b, 0);
    const byType = opened.map((o) => `${o.type} ${o.n}/${expected[o.type] ?? 0}`).join(', ');
    rows.push(
      [
        `first sweep: ${first} candidates evaluated (${describe(sweepLogs[sweepLogs.length - 1])})`,
        seconds(firstMs),
      ],
      [
        'first sweep: transitions, opened / expected from the injected faults',
        `${transitions} / ${expectedTotal} ${transitions === expectedTotal ? '(equal)' : '(DIFFERENT)'}: ${byType}`,
      ],
    );

    const { before } = await one<{ before: number }>(db, `SELECT count(*)::int AS before FROM outbox`);
    const steady: number[] = [];
    let steadyCandidates = 0;
    for (let i = 0; i < 5; i++) {
      const [count, ms] = await timed(() => timers.sweep());
      steady.push(ms);
      steadyCandidates = count;
    }
    const { after } = await one<{ after: number }>(db, `SELECT count(*)::int AS after FROM outbox`);
    const steadyMs = [...steady].sort((a, b) => a - b)[2] ?? NaN;
    Object.assign(figures, {
      firstSweepMs: Math.round(firstMs),
      firstSweepTransitions: transitions,
      expectedTransitions: expectedTotal,
      steadySweepMs: Math.round(steadyMs),
      steadyQueued: after - before,
    });
    rows.push(
      [
        `steady-state sweep, nothing changed: ${steadyCandidates} candidates evaluated (${describe(sweepLogs[sweepLogs.length - 1])}), median of 5`,
        `${seconds(steadyMs)} (runs ${steady.map((ms) => seconds(ms)).join(', ')})`,
      ],
      ['steady-state sweeps: transitions or statuses queued', String(after - before)],
      ['steady-state sweep / floor', `${(steadyMs / floorMs).toFixed(1)}×`],
      ['steady-state sweep / floor over every table', `${(steadyMs / floorAllMs).toFixed(1)}×`],
    );

    // The safety net at work: state changed behind the service's back (no evaluation followed, as
    // after a lost event or a restored backup). Draft lines posted and missing actuals arriving
    // must be found by the next sweep, and only their findings resolved.
    const CHANGED = Math.min(500, faulty(N, FAULTS.missingActual), faulty(N, FAULTS.unpostedLine));
    await db.query(
      `UPDATE journal_line SET status = 'Posted', voucher = 'JV-late-' || actual_id, posted_at = now()
       WHERE actual_id IN (SELECT actual_id FROM journal_line WHERE status = 'Draft' ORDER BY actual_id LIMIT $1)`,
      [CHANGED],
    );
    await db.query(
      `WITH d AS (SELECT d.* FROM document d
                  WHERE NOT EXISTS (SELECT 1 FROM actual a WHERE a.source_document_id = d.record_id)
                  ORDER BY d.record_id LIMIT $1),
            a AS (INSERT INTO actual (actual_id, legal_entity, project_id, transaction_type, amount, currency,
                    accounting_date, source_document_type, source_document_id, skip_sync, voucher, created_on,
                    deleted, occurred_at)
                  SELECT 'ACT-late-' || d.record_id, d.legal_entity, d.project_id, 'Cost', d.amount, d.currency,
                         d.document_date, d.document_type, d.record_id, false, 'JV-late-' || d.record_id,
                         d.posted_at, false, d.posted_at
                  FROM d RETURNING actual_id, amount, currency, created_on)
       INSERT INTO journal_line (actual_id, line_id, journal_id, status, amount, currency, voucher, posted_at,
         first_seen_at, last_retried_at, sequence)
       SELECT actual_id, 'L-' || actual_id, 'J-late', 'Posted', amount, currency, 'JV-' || actual_id, created_on,
              created_on, NULL, 1 FROM a`,
      [CHANGED],
    );
    const { beforeRepair } = await one<{ beforeRepair: number }>(
      db,
      `SELECT coalesce(max(seq), 0)::int AS "beforeRepair" FROM outbox`,
    );
    const [repairCount, repairMs] = await timed(() => timers.sweep());
    const repaired = await db.query<{ type: string; status: string; n: number }[]>(
      `SELECT payload->>'type' AS type, payload->>'status' AS status, count(*)::int AS n FROM outbox
       WHERE topic = 'recon.discrepancies.v1' AND seq > $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [beforeRepair],
    );
    const repairedText = repaired.map((r) => `${r.type} ${r.status} ${r.n}`).join(', ');
    const repairedExactly =
      repaired.length === 3 &&
      repaired.every(
        (r) =>
          r.status === 'resolved' &&
          r.n === CHANGED &&
          ['JOURNAL_NOT_POSTED', 'MISSING_ACTUAL', 'OUT_OF_SYNC_ACTUAL'].includes(r.type),
      );
    Object.assign(figures, {
      changedBehindSweepMs: Math.round(repairMs),
      changedBehindRepaired: Number(repairedExactly),
    });
    rows.push([
      `changed behind the service's back: ${CHANGED} Draft lines posted, ${CHANGED} missing actuals arrived; next sweep (${repairCount} candidates; ${describe(sweepLogs[sweepLogs.length - 1])})`,
      `${seconds(repairMs)}; ${repairedText} (${repairedExactly ? `exactly the ${3 * CHANGED} expected` : 'NOT the expected transitions'})`,
    ]);

    // Detection latency, with the service running on the same database; what the sweeps queued
    // counts as published so the relay starts with an empty outbox.
    await db.query(`UPDATE outbox_relay_position SET seq = (SELECT coalesce(max(seq), 0) FROM outbox)`);
    await measureLatency(database.url, rows, figures);

    console.log(`\n### Reconciliation (${new Date().toISOString()}, N=${N})\n`);
    console.log(
      `\`node -r ./scripts/register.js scripts/bench/reconciliation.bench.ts ${N} ${LATENCY_COUNT}\`\n`,
    );
    console.log('| figure | value |\n| --- | --- |');
    for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
    printResult({
      bench: 'reconciliation',
      command: benchCommand('reconciliation.bench.ts', [N, LATENCY_COUNT]),
      figures,
      rows,
    });
  } finally {
    await db.destroy().catch(() => undefined);
    if (keep) console.error(`kept ${database.url}`);
    else await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
