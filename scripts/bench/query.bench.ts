/**
 * The workspace API at size: N documents in the query read model, then the summary and a filtered
 * grid page under load from a separate process (wrk, from Debian's `wrk` package), p50/p99.
 *
 *   node -r ./scripts/register.js scripts/bench/query.bench.ts [N=1000000] [SECONDS=20]
 *
 * Kafka must be up (the service connects to it); PostgreSQL and Redis as for the services.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { createTestDatabase, uniqueTopicPrefix } from '@po-sync/testing';
import { Client } from 'pg';
import { startService, stopServices, waitReady } from './bench-kit';

const run = promisify(execFile);
const N = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.argv[3] ?? 20);
const TOKEN = `bench-viewer-${Date.now()}`;
const PORT = 3905;

async function wrk(path: string): Promise<{ rps: string; p50: string; p99: string; errors: string }> {
  const { stdout } = await run(
    'wrk',
    [
      '-t2',
      '-c16',
      `-d${SECONDS}s`,
      '--latency',
      '-H',
      `Authorization: Bearer ${TOKEN}`,
      `http://127.0.0.1:${PORT}${path}`,
    ],
    { maxBuffer: 1024 * 1024 },
  );
  const grab = (re: RegExp) => re.exec(stdout)?.[1] ?? '?';
  return {
    rps: grab(/Requests\/sec:\s+([\d.]+)/),
    p50: grab(/\s50%\s+([\d.]+\w+)/),
    p99: grab(/\s99%\s+([\d.]+\w+)/),
    errors:
      grab(/Non-2xx or 3xx responses:\s+(\d+)/) === '?' ? '0' : grab(/Non-2xx or 3xx responses:\s+(\d+)/),
  };
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_query');
  const services: ChildProcess[] = [];
  try {
    services.push(
      startService('query', {
        KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('bench-query'),
        DATABASE_URL: db.url,
        HTTP_PORT: String(PORT),
        API_TOKENS: `viewer:bench:${createHash('sha256').update(TOKEN).digest('hex')}`,
        RATE_LIMIT_PER_MINUTE: '0',
      }),
    );
    await waitReady(PORT);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const loadStarted = Date.now();
    // N documents over three legal entities and two years; 5% missing actuals, 5% missing lines, 2% pending.
    await client.query(
      `INSERT INTO document_row (document_type, record_id, legal_entity, project_id, status, document_date, category, amount,
         currency, voucher, actual_exists, journal_id, journal_line_amount, journal_voucher, posted_date, last_retried_at,
         missing_actual_amount, missing_journal_line_amount, unreconciled_amount, version, updated_at)
       SELECT d.type, d.id, d.le, 'PRJ-' || (i % 40), d.status, DATE '2025-01-01' + (i % 700), (ARRAY['Travel','Hotel','Meals','Hardware'])[1 + i % 4],
         d.amount, d.cur, 'V-' || i, d.status <> 'missingActual', CASE WHEN d.status = 'missingActual' THEN NULL ELSE 'J-' || (i / 200) END,
         CASE WHEN d.status = 'missingActual' THEN NULL ELSE d.amount END, NULL, NULL, NULL,
         CASE WHEN d.status = 'missingActual' THEN d.amount ELSE 0 END,
         CASE WHEN d.status IN ('missingJournalLine', 'pendingPosting') THEN d.amount ELSE 0 END,
         CASE WHEN d.status = 'reconciled' THEN 0 ELSE d.amount END, 1, now()
       FROM generate_series(1, $1) AS i,
       LATERAL (SELECT CASE WHEN i % 3 = 0 THEN 'vendorInvoiceLine' ELSE 'expense' END AS type,
                       CASE WHEN i % 3 = 0 THEN 'VI-' || i || ':1' ELSE 'EXP-' || i END AS id,
                       (ARRAY['USMF','DEMF','GBSI'])[1 + i % 3 + 0 * (i % 7)] AS le,
                       (ARRAY['USD','EUR','GBP'])[1 + i % 3] AS cur,
                       ((i % 100000) / 100.0 + 1)::numeric(12,2) AS amount,
                       CASE WHEN i % 20 = 0 THEN 'missingActual' WHEN i % 20 = 1 THEN 'missingJournalLine'
                            WHEN i % 50 = 2 THEN 'pendingPosting' ELSE 'reconciled' END AS status) d`,
      [N],
    );
    await client.query(
      `INSERT INTO document_summary (legal_entity, document_date, document_type, currency, status, documents, amount,
         missing_actual_amount, missing_journal_line_amount, unreconciled_amount)
       SELECT legal_entity, document_date, document_type, currency, status, count(*), sum(amount), sum(missing_actual_amount),
         sum(missing_journal_line_amount), sum(unreconciled_amount)
       FROM document_row GROUP BY 1, 2, 3, 4, 5`,
    );
    await client.query('ANALYZE');
    const loaded = Date.now() - loadStarted;
    await client.end();

    const summary = await wrk('/v1/summary');
    const grid = await wrk(
      '/v1/expenses?view=missing-actuals&legalEntity=DEMF&from=2025-06-01&to=2026-03-31&limit=50',
    );
    const search = await wrk('/v1/expenses?view=all&q=prj-7&limit=50');
    console.log(
      `\n### Query API with ${N} documents (${new Date().toISOString()}; load ${(loaded / 1000).toFixed(1)} s)\n`,
    );
    console.log(`wrk -t2 -c16 -d${SECONDS}s --latency, one bearer token, rate limit off\n`);
    console.log('| request | requests/s | p50 | p99 | non-2xx |\n| --- | --- | --- | --- | --- |');
    console.log(`| GET /v1/summary | ${summary.rps} | ${summary.p50} | ${summary.p99} | ${summary.errors} |`);
    console.log(
      `| GET /v1/expenses?view=missing-actuals&legalEntity=DEMF&from…&to…&limit=50 | ${grid.rps} | ${grid.p50} | ${grid.p99} | ${grid.errors} |`,
    );
    console.log(
      `| GET /v1/expenses?view=all&q=prj-7&limit=50 (free text) | ${search.rps} | ${search.p50} | ${search.p99} | ${search.errors} |`,
    );
  } finally {
    await stopServices(services);
    // BENCH_KEEP_DB=1 keeps the loaded read model for EXPLAIN.
    if (process.env.BENCH_KEEP_DB === '1') console.log(`kept ${db.url}`);
    else await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
