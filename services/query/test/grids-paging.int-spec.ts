import { openDatabase } from '@po-sync/db';
import { createTestDatabase } from '@po-sync/testing';
import type { DataSource } from 'typeorm';
import { GridsRepository } from '../src/grids/grids.repository';
import { queryMigrations } from '../src/migrations';

/**
 * Grid pages are read in parts (dated documents in the window, then undated ones), each part its own
 * index walk. These checks hold the paging to what one ORDER BY over the whole filter would give.
 */
describe('grid pages over dated and undated documents (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let grids: GridsRepository;

  // Several documents share a date, some have none, and some fall outside the window.
  const documents: { id: string; date: string | null; status: string; entity: string }[] = [
    ...['2026-03-01', '2026-03-01', '2026-03-01', '2026-02-10', '2026-02-10', '2026-01-05'].map(
      (date, i) => ({ id: `EXP-D${i}`, date, status: 'missingActual', entity: 'USMF' }),
    ),
    { id: 'EXP-OUT-1', date: '2025-06-01', status: 'missingActual', entity: 'USMF' },
    { id: 'EXP-OUT-2', date: '2026-05-01', status: 'missingActual', entity: 'USMF' },
    { id: 'EXP-U2', date: null, status: 'missingActual', entity: 'USMF' },
    { id: 'EXP-U1', date: null, status: 'missingActual', entity: 'USMF' },
    { id: 'EXP-U3', date: null, status: 'missingActual', entity: 'USMF' },
    { id: 'EXP-R1', date: '2026-02-10', status: 'reconciled', entity: 'USMF' },
    { id: 'EXP-E1', date: '2026-02-10', status: 'missingActual', entity: 'DEMF' },
  ];
  const window = { from: '2026-01-01', to: '2026-03-31' };

  beforeAll(async () => {
    db = await createTestDatabase('query_grids');
    dataSource = await openDatabase({ url: db.url, entities: [], migrations: queryMigrations, poolSize: 2 });
    grids = new GridsRepository(dataSource);
    for (const [i, d] of documents.entries()) {
      await dataSource.query(
        `INSERT INTO document_row (document_type, record_id, legal_entity, status, document_date, amount,
           currency, actual_exists, missing_actual_amount, missing_journal_line_amount, unreconciled_amount,
           version, updated_at)
         VALUES ('expense', $1, $2, $3, $4, $5, 'USD', false, $5, 0, $5, 1, now())`,
        [d.id, d.entity, d.status, d.date, 10 + i],
      );
    }
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const walk = async (limit: number, filter: { legalEntity?: string; statuses?: string[] | null }) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await grids.list(
        { documentType: 'expense', window, statuses: filter.statuses ?? null, legalEntity: filter.legalEntity },
        { limit, cursor },
      );
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      seen.push(...page.rows.map((r) => String(r.recordId)));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  };

  const expected = async (filter: { legalEntity?: string; statuses?: string[] | null }) =>
    (
      await dataSource.query<{ record_id: string }[]>(
        `SELECT record_id FROM document_row
         WHERE document_type = 'expense' AND ($1::text IS NULL OR legal_entity = $1)
           AND ($2::text[] IS NULL OR status = ANY($2))
           AND (document_date IS NULL OR document_date BETWEEN $3::date AND $4::date)
         ORDER BY document_date DESC NULLS LAST, record_id`,
        [filter.legalEntity ?? null, filter.statuses ?? null, window.from, window.to],
      )
    ).map((r) => r.record_id);

  it.each([1, 2, 3, 4, 7, 50])('walks every page of %i rows in grid order, undated documents last', async (limit) => {
    const filter = { legalEntity: 'USMF', statuses: ['missingActual'] };
    const ids = await walk(limit, filter);
    expect(ids).toEqual(await expected(filter));
    expect(ids).toEqual(['EXP-D0', 'EXP-D1', 'EXP-D2', 'EXP-D3', 'EXP-D4', 'EXP-D5', 'EXP-U1', 'EXP-U2', 'EXP-U3']);
  });

  it.each([
    { legalEntity: undefined, statuses: null },
    { legalEntity: 'DEMF', statuses: null },
    { legalEntity: undefined, statuses: ['reconciled', 'missingActual'] },
  ])('pages the same rows as one ordered query for %o', async (filter) => {
    expect(await walk(2, filter)).toEqual(await expected(filter));
  });

  it('counts and totals the whole filter, dated and undated, on every page', async () => {
    const page = await grids.list(
      { documentType: 'expense', window, statuses: ['missingActual'], legalEntity: 'USMF', q: 'exp-' },
      { limit: 2 },
    );
    // Free text takes the counting path over the rows themselves (no aggregate applies).
    expect(page.count).toBe(9);
    const amounts = [0, 1, 2, 3, 4, 5, 8, 9, 10].map((i) => 10 + i);
    expect(page.totals).toEqual([{ currency: 'USD', amount: String(amounts.reduce((a, b) => a + b, 0)) }]);
  });
});
