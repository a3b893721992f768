/**
 * A resync job over N out-of-sync actuals, end to end: the resync service selects them, re-sends
 * them through journal.commands.v1, and the journal stages, imports and posts them. Prints the
 * job's wall time (selection → every command sent) and the repair time (→ every line posted).
 *
 *   node -r ./scripts/register.js scripts/bench/resync.bench.ts [N=100000]
 *
 * Kafka must be up (bash deploy/kafka/kafka.sh start); PostgreSQL and Redis as for the services.
 */
import type { ChildProcess } from 'node:child_process';
import { benchCommand, printResult, sleep, startService, stopServices, waitReady } from './bench-kit';
import { createHash } from 'node:crypto';
import { createTestDatabase, uniqueTopicPrefix } from '@po-sync/testing';
import { Client } from 'pg';

const N = Number(process.argv[2] ?? 100_000);
const TOKEN = `bench-operator-${Date.now()}`;

async function main(): Promise<void> {
  const prefix = uniqueTopicPrefix('bench-resync');
  const resyncDb = await createTestDatabase('bench_resync');
  const journalDb = await createTestDatabase('bench_resync_journal');
  const common = { KAFKA_TOPIC_PREFIX: prefix, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? 'localhost:9092' };
  const services: ChildProcess[] = [];
  try {
    services.push(
      startService('resync', {
        ...common,
        DATABASE_URL: resyncDb.url,
        HTTP_PORT: '3904',
        API_TOKENS: `operator:bench:${createHash('sha256').update(TOKEN).digest('hex')}`,
        RATE_LIMIT_PER_MINUTE: '0',
      }),
      startService('journal', {
        ...common,
        DATABASE_URL: journalDb.url,
        HTTP_PORT: '3902',
        JOURNAL_IMPORT_INTERVAL: '0',
        JOURNAL_POST_INTERVAL: '0',
      }),
    );
    await Promise.all([waitReady(3904), waitReady(3902)]);

    // N actuals the resync service knows as out of sync (loaded directly: the bench measures the job).
    const resync = new Client({ connectionString: resyncDb.url });
    await resync.connect();
    await resync.query(
      `INSERT INTO stored_actual (actual_id, legal_entity, accounting_date, source_document_id, data, occurred_at)
       SELECT 'ACT-' || i, 'USMF', DATE '2026-11-02', NULL,
         jsonb_build_object('actualId', 'ACT-' || i, 'legalEntity', 'USMF', 'projectId', 'PRJ-1', 'transactionType', 'Cost',
           'transactionClass', 'Expense', 'quantity', '1', 'unitPrice', '10.00', 'amount', '10.00', 'currency', 'USD',
           'documentDate', '2026-11-02', 'accountingDate', '2026-11-02', 'skipSync', false, 'voucher', null,
           'createdOn', '2026-11-02T10:00:00Z'),
         now()
       FROM generate_series(1, $1) AS i`,
      [N],
    );
    await resync.query(
      `INSERT INTO known_discrepancy (discrepancy_id, type, document_type, record_id, legal_entity, status, detected_at)
       SELECT 'OUT_OF_SYNC_ACTUAL:actual:ACT-' || i, 'OUT_OF_SYNC_ACTUAL', 'actual', 'ACT-' || i, 'USMF', 'open', now()
       FROM generate_series(1, $1) AS i`,
      [N],
    );
    const journal = new Client({ connectionString: journalDb.url });
    await journal.connect();
    await journal.query(
      `INSERT INTO setup_record (kind, record_id, data, source_occurred_at) VALUES
        ('legalEntity', 'legalEntity:USMF', '{"kind":"legalEntity","legalEntity":"USMF","accountingCurrency":"USD"}', now()),
        ('project', 'project:USMF:PRJ-1', '{"kind":"project","projectId":"PRJ-1","legalEntity":"USMF","name":"P"}', now()),
        ('ledgerPeriod', 'ledgerPeriod:USMF:2026-01-01', '{"kind":"ledgerPeriod","legalEntity":"USMF","start":"2026-01-01","end":"2026-12-31","status":"Open"}', now())`,
    );

    const started = Date.now();
    const response = await fetch('http://127.0.0.1:3904/v1/resync-jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ scope: 'out-of-sync-actuals' }),
    });
    const job = (await response.json()) as { jobId: string; selected: number };
    const accepted = Date.now();
    let status = '';
    while (status !== 'completed' && status !== 'failed') {
      await sleep(200);
      const body = (await (
        await fetch(`http://127.0.0.1:3904/v1/resync-jobs/${job.jobId}?limit=1`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).json()) as { status: string };
      status = body.status;
    }
    const completed = Date.now();
    let posted = 0;
    const deadline = Date.now() + 900_000;
    while (posted < N && Date.now() < deadline) {
      await sleep(500);
      const { rows } = await journal.query<{ n: string }>(
        `SELECT count(*) AS n FROM journal_line WHERE status = 'Posted'`,
      );
      posted = Number(rows[0]?.n ?? 0);
    }
    const repaired = Date.now();
    await resync.end();
    await journal.end();

    const s = (ms: number) => (ms / 1000).toFixed(1);
    const rows: [string, string][] = [
      ['job status', `${status}, ${job.selected} selected`],
      [`POST → 202 (selection of ${N} records, job and items written)`, `${accepted - started} ms`],
      [
        'job wall time (POST → every command sent, status completed)',
        `${s(completed - started)} s (${Math.round(N / ((completed - started) / 1000))} actuals/s)`,
      ],
      [
        'repair (POST → every actual imported and posted by the journal)',
        `${s(repaired - started)} s (${Math.round(posted / ((repaired - started) / 1000))} actuals/s), ${posted} posted lines`,
      ],
    ];
    console.log(`\n### Resync job of ${N} out-of-sync actuals (${new Date().toISOString()})\n`);
    console.log('| figure | value |\n| --- | --- |');
    for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
    printResult({
      bench: 'resync',
      command: benchCommand('resync.bench.ts', [N]),
      figures: {
        status,
        selected: job.selected,
        acceptedMs: accepted - started,
        jobMs: completed - started,
        jobActualsPerSec: Math.round(N / ((completed - started) / 1000)),
        repairMs: repaired - started,
        repairActualsPerSec: Math.round(posted / ((repaired - started) / 1000)),
        posted,
      },
      rows,
    });
  } finally {
    await stopServices(services);
    await resyncDb.drop();
    await journalDb.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
