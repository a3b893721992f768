import { openDatabase } from '@po-sync/db';
import { createTestDatabase } from '@po-sync/testing';
import type { DataSource } from 'typeorm';
import { queryMigrations } from '../src/migrations';
import { SummaryByMonth1765000000000 } from '../src/migrations/1765000000000-summary-by-month';
import { DocumentRowsRepository } from '../src/projection/document-rows.repository';
import type { DocumentStatusRow } from '../src/projection/projection.batch';
import { SummaryRepository } from '../src/summary/summary.repository';

/**
 * The summary reads a window's whole months from the monthly roll-up and its other days from the
 * daily aggregate, both kept by the projection. These checks hold every window to the same sums
 * taken straight over the documents, after documents moved between days, months and statuses.
 */
describe('summary over any window (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let summary: SummaryRepository;
  const rows = new DocumentRowsRepository();

  const STATUSES = ['reconciled', 'missingActual', 'missingJournalLine', 'pendingPosting'] as const;
  let seed = 11;
  const next = () => (seed = (seed * 48_271) % 2_147_483_647);
  const day = (n: number) => new Date(Date.UTC(2024, 10, 1) + n * 86_400_000).toISOString().slice(0, 10);

  function document(i: number, version: number): DocumentStatusRow {
    const status = STATUSES[next() % STATUSES.length] ?? 'reconciled';
    const amount = `${1 + (next() % 5000)}.${String(next() % 100).padStart(2, '0')}`;
    const missingActual = status === 'missingActual' ? amount : '0';
    const missingLine = status === 'missingJournalLine' || status === 'pendingPosting' ? amount : '0';
    return {
      documentType: i % 3 === 0 ? 'vendorInvoiceLine' : 'expense',
      recordId: i % 3 === 0 ? `VI-${i}:1` : `EXP-${i}`,
      legalEntity: i % 2 === 0 ? 'USMF' : 'DEMF',
      projectId: 'PRJ-1',
      status,
      documentDate: next() % 25 === 0 ? null : day(next() % 480),
      category: null,
      amount,
      currency: i % 2 === 0 ? 'USD' : 'EUR',
      voucher: null,
      actualExists: status !== 'missingActual',
      journalId: null,
      journalLineAmount: null,
      journalVoucher: null,
      postedDate: null,
      lastRetriedAt: null,
      missingActualAmount: missingActual,
      missingJournalLineAmount: missingLine,
      unreconciledAmount: status === 'reconciled' ? '0' : amount,
      version,
      updatedAt: '2026-01-01T00:00:00Z',
    };
  }

  const write = async (batch: DocumentStatusRow[]) => {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await rows.upsert(runner, batch);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase('query_summary');
    dataSource = await openDatabase({ url: db.url, entities: [], migrations: queryMigrations, poolSize: 2 });
    summary = new SummaryRepository(dataSource);
    await write(Array.from({ length: 400 }, (_, i) => document(i, 1)));
    // A second version of every other document: new date (often another month), status and amount.
    await write(Array.from({ length: 200 }, (_, i) => document(2 * i, 2)));
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const direct = (window: { from: string; to: string }, legalEntity?: string) => {
    const sum = (column: string, condition: string) =>
      `trim_scale(coalesce(sum(${column}) FILTER (WHERE ${condition}), 0))::text`;
    const count = (condition: string) => `coalesce(count(*) FILTER (WHERE ${condition}), 0)::int`;
    const e = `document_type = 'expense'`;
    const v = `document_type = 'vendorInvoiceLine'`;
    const lines = `status IN ('missingJournalLine', 'pendingPosting')`;
    return dataSource.query<Record<string, unknown>[]>(
      `SELECT legal_entity, currency,
         ${sum('unreconciled_amount', e)} AS unreconciled_expense,
         ${sum('unreconciled_amount', v)} AS unreconciled_vendor_invoice,
         ${count(`${e} AND status = 'missingActual'`)} AS expense_missing_actuals_count,
         ${sum('missing_actual_amount', `${e} AND status = 'missingActual'`)} AS expense_missing_actuals_amount,
         ${count(`${e} AND ${lines}`)} AS expense_missing_lines_count,
         ${sum('missing_journal_line_amount', `${e} AND ${lines}`)} AS expense_missing_lines_amount,
         ${count(`${v} AND status = 'missingActual'`)} AS vendor_missing_actuals_count,
         ${sum('missing_actual_amount', `${v} AND status = 'missingActual'`)} AS vendor_missing_actuals_amount,
         ${count(`${v} AND ${lines}`)} AS vendor_missing_lines_count,
         ${sum('missing_journal_line_amount', `${v} AND ${lines}`)} AS vendor_missing_lines_amount
       FROM document_row
       WHERE ($1::text IS NULL OR legal_entity = $1)
         AND (document_date IS NULL OR document_date BETWEEN $2::date AND $3::date)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [legalEntity ?? null, window.from, window.to],
    );
  };

  const windows = [
    { from: '2024-01-01', to: '2026-12-31' }, // every document, whole months only
    { from: '2025-01-01', to: '2025-12-31' },
    { from: '2024-11-15', to: '2026-02-10' }, // partial months on both ends
    { from: '2025-03-02', to: '2025-03-30' }, // inside one month: days only
    { from: '2025-02-20', to: '2025-03-10' }, // across a month end, no whole month
    { from: '2025-06-01', to: '2025-06-30' }, // exactly one month
    { from: '2025-12-31', to: '2026-01-01' },
    { from: '2027-01-01', to: '2027-12-31' }, // only undated documents
  ];

  it.each(windows)(
    'gives the direct sums from $from to $to, with and without a legal entity',
    async (window) => {
      expect((await direct(window)).length).toBeGreaterThan(0);
      expect(await summary.totals({ window })).toEqual(await direct(window));
      expect(await summary.totals({ window, legalEntity: 'DEMF' })).toEqual(await direct(window, 'DEMF'));
    },
  );

  it('fills the monthly roll-up from the daily aggregate when the migration runs', async () => {
    const window = { from: '2024-12-01', to: '2025-11-17' };
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('DROP TABLE document_summary_month');
      await new SummaryByMonth1765000000000().up(runner);
    } finally {
      await runner.release();
    }
    const months = await dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM document_summary_month',
    );
    expect(Number(months[0]?.n)).toBeGreaterThan(0);
    expect(await summary.totals({ window })).toEqual(await direct(window));
  });
});
