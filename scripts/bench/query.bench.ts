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
import { benchCommand, printResult, startService, stopServices, waitReady } from './bench-kit';

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
    // N documents over three legal entities and two years (0.1% undated); 5% missing actuals, 5% missing
    // lines, 2% pending.
    await client.query(
      `INSERT INTO document_row (document_type, record_id, legal_entity, project_id, status, document_date, category, amount,
         currency, voucher, actual_exists, journal_id, journal_line_amount, journal_voucher, posted_date, last_retried_at,
         missing_actual_amount, missing_journal_line_amount, unreconciled_amount, version, updated_at)
       SELECT d.type, d.id, d.le, 'PRJ-' || (i % 40), d.status,
         CASE WHEN i % 1000 = 7 THEN NULL ELSE DATE '2025-01-01' + (i % 700) END, (ARRAY['Travel','Hotel','Meals','Hardware'])[1 + i % 4],
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
       SELECT legal_entity, coalesce(document_date, '-infinity'), document_type, currency, status, count(*), sum(amount), sum(missing_actual_amount),
         sum(missing_journal_line_amount), sum(unreconciled_amount)
       FROM document_row GROUP BY 1, 2, 3, 4, 5`,
    );
    // Its monthly roll-up, as the projection keeps it beside the daily rows.
    await client.query(
      `INSERT INTO document_summary_month (legal_entity, month, document_type, currency, status, documents, amount,
         missing_actual_amount, missing_journal_line_amount, unreconciled_amount)
       SELECT legal_entity, date_trunc('month', document_date::timestamp)::date, document_type, currency, status,
         sum(documents), sum(amount), sum(missing_actual_amount), sum(missing_journal_line_amount), sum(unreconciled_amount)
       FROM document_summary GROUP BY 1, 2, 3, 4, 5`,
    );
    await client.query('ANALYZE');
    const loaded = Date.now() - loadStarted;
    await client.end();

    const window = 'legalEntity=DEMF&from=2025-06-01&to=2026-03-31&limit=50';
    const firstPage = (await (
      await fetch(`http://127.0.0.1:${PORT}/v1/expenses?view=missing-actuals&${window}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json()) as { nextCursor: string };
    const requests: [string, string][] = [
      ['/v1/summary', '/v1/summary'],
      [
        '/v1/expenses?view=missing-actuals&legalEntity=DEMF&from…&to…&limit=50',
        `/v1/expenses?view=missing-actuals&${window}`,
      ],
      [
        '/v1/expenses?view=missing-actuals&legalEntity=DEMF&from…&to…&limit=50&cursor=(page 2)',
        `/v1/expenses?view=missing-actuals&${window}&cursor=${encodeURIComponent(firstPage.nextCursor)}`,
      ],
      [
        '/v1/expenses?view=missing-journal-lines&legalEntity=DEMF&from…&to…&limit=50 (two statuses)',
        `/v1/expenses?view=missing-journal-lines&${window}`,
      ],
      [
        '/v1/vendor-invoice-lines?view=all&legalEntity=USMF&from…&to…&limit=50',
        `/v1/vendor-invoice-lines?view=all&${window.replace('DEMF', 'USMF')}`,
      ],
      ['/v1/expenses?view=all&q=prj-7&limit=50 (free text)', '/v1/expenses?view=all&q=prj-7&limit=50'],
    ];
    const results: (Awaited<ReturnType<typeof wrk>> & { request: string })[] = [];
    for (const [request, path] of requests) results.push({ request, ...(await wrk(path)) });
    console.log(
      `\n### Query API with ${N} documents (${new Date().toISOString()}; load ${(loaded / 1000).toFixed(1)} s)\n`,
    );
    console.log(`wrk -t2 -c16 -d${SECONDS}s --latency, one bearer token, rate limit off\n`);
    console.log('| request | requests/s | p50 | p99 | non-2xx |\n| --- | --- | --- | --- | --- |');
    for (const r of results)
      console.log(`| GET ${r.request} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`);
    printResult({
      bench: 'query',
      command: benchCommand('query.bench.ts', [N, SECONDS]),
      figures: { documents: N },
      rows: results.map((r) => [
        `GET ${r.request}`,
        `${r.rps} requests/s, p50 ${r.p50}, p99 ${r.p99}, non-2xx ${r.errors}`,
      ]),
    });
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
