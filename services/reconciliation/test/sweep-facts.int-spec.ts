import { openDatabase } from '@po-sync/db';
import { createTestDatabase } from '@po-sync/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { reconciliationMigrations } from '../src/migrations';

/**
 * The facts the sweep reads instead of joining (migration SweepFacts1765300000000) are kept by
 * triggers; these checks write the rows in plain SQL, in every order, and compare the facts with
 * what the rows say.
 */
describe('sweep facts kept on document and actual (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let seq = 0;
  type Sql = (text: string, params: unknown[]) => Promise<unknown>;
  const pooled: Sql = (text, params) => dataSource.query(text, params);
  const on =
    (client: Client): Sql =>
    (text, params) =>
      client.query(text, params);

  const insertDocument = (id: string, type = 'expense', sql: Sql = pooled) =>
    sql(
      `INSERT INTO document (document_type, record_id, legal_entity, project_id, category, amount, currency,
         document_date, status, voucher, posted_at, occurred_at)
       VALUES ($2, $1, 'USMF', 'PRJ-1', 'Travel', 100.00, 'USD', '2026-11-02', 'Posted', 'FV-1', now(), now())`,
      [id, type],
    );
  const insertActual = (
    id: string,
    fields: {
      document?: string;
      documentType?: string | null;
      type?: string;
      amount?: string;
      currency?: string;
    },
    sql: Sql = pooled,
  ) =>
    sql(
      `INSERT INTO actual (actual_id, legal_entity, project_id, transaction_type, amount, currency, accounting_date,
         source_document_type, source_document_id, skip_sync, voucher, created_on, occurred_at)
       VALUES ($1, 'USMF', 'PRJ-1', $2, $3, $4, '2026-11-02', $5, $6, false, NULL, $7, now())`,
      [
        id,
        fields.type ?? 'Cost',
        fields.amount ?? '100.00',
        fields.currency ?? 'USD',
        fields.documentType === undefined ? 'expense' : fields.documentType,
        fields.document ?? null,
        new Date(Date.UTC(2026, 10, 2, 10, 0, seq++)),
      ],
    );
  const insertLine = (actualId: string, status: string, voucher: string | null = null) =>
    dataSource.query(
      `INSERT INTO journal_line (actual_id, line_id, journal_id, status, amount, currency, voucher, first_seen_at, sequence)
       VALUES ($1, 'L-' || $1, 'J-1', $2, 100.00, 'USD', $3, '2026-11-02T11:00:00Z', 1)`,
      [actualId, status, voucher],
    );
  const documentFacts = async (id: string, type = 'expense') => {
    const [row] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT cost_actuals AS n, trim_scale(cost_total)::text AS total, cost_currency_min AS min,
              cost_currency_max AS max, status_published AS published
       FROM document WHERE record_id = $1 AND document_type = $2`,
      [id, type],
    );
    return row;
  };
  const lineFacts = async (actualId: string) => {
    const [row] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT line_posted AS posted, line_first_seen_at IS NOT NULL AS seen
       FROM actual WHERE actual_id = $1`,
      [actualId],
    );
    return row;
  };

  beforeAll(async () => {
    db = await createTestDatabase('recon_sweep_facts');
    dataSource = await openDatabase({
      url: db.url,
      entities: [],
      migrations: reconciliationMigrations,
      poolSize: 4,
    });
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('counts the live cost actuals of a document whichever arrives first, in every currency', async () => {
    await insertActual('F1-A', { document: 'F1' });
    await insertDocument('F1');
    expect(await documentFacts('F1')).toEqual({
      n: 1,
      total: '100',
      min: 'USD',
      max: 'USD',
      published: false,
    });
    await insertActual('F1-B', { document: 'F1', amount: '-40.50' });
    await insertActual('F1-C', { document: 'F1', currency: 'EUR', amount: '3' });
    expect(await documentFacts('F1')).toEqual({
      n: 3,
      total: '62.5',
      min: 'EUR',
      max: 'USD',
      published: false,
    });
  });

  it('leaves out what the rules leave out: sales, deleted actuals, another document type', async () => {
    await insertDocument('F2');
    await insertActual('F2-SALES', { document: 'F2', type: 'UnbilledSales' });
    await insertActual('F2-VI', { document: 'F2', documentType: 'vendorInvoiceLine' });
    await insertActual('F2-UNTYPED', { document: 'F2', documentType: null, amount: '7' });
    expect(await documentFacts('F2')).toMatchObject({ n: 1, total: '7' });
    await dataSource.query(`UPDATE actual SET deleted = true WHERE actual_id = 'F2-UNTYPED'`);
    expect(await documentFacts('F2')).toMatchObject({ n: 0, total: '0', min: null, max: null });
  });

  it('follows an actual moved to another document, changed in amount, or deleted', async () => {
    await insertDocument('F3');
    await insertDocument('F4');
    await insertActual('F3-A', { document: 'F3' });
    await dataSource.query(
      `UPDATE actual SET source_document_id = 'F4', amount = 55 WHERE actual_id = 'F3-A'`,
    );
    expect(await documentFacts('F3')).toMatchObject({ n: 0 });
    expect(await documentFacts('F4')).toMatchObject({ n: 1, total: '55' });
    await dataSource.query(`DELETE FROM actual WHERE actual_id = 'F3-A'`);
    expect(await documentFacts('F4')).toMatchObject({ n: 0, total: '0' });
  });

  it('keeps an expense and a vendor invoice line with the same id apart', async () => {
    await insertDocument('F5', 'expense');
    await insertDocument('F5', 'vendorInvoiceLine');
    await insertActual('F5-VI', { document: 'F5', documentType: 'vendorInvoiceLine', amount: '9' });
    expect(await documentFacts('F5', 'expense')).toMatchObject({ n: 0 });
    expect(await documentFacts('F5', 'vendorInvoiceLine')).toMatchObject({ n: 1, total: '9' });
  });

  it("keeps whether an actual's journal line exists and is posted, whichever arrives first", async () => {
    await insertLine('F6-A', 'Draft');
    await insertActual('F6-A', { document: 'F6' });
    expect(await lineFacts('F6-A')).toEqual({ posted: false, seen: true });
    await dataSource.query(
      `UPDATE journal_line SET status = 'Posted', voucher = 'JV-6' WHERE actual_id = 'F6-A'`,
    );
    expect(await lineFacts('F6-A')).toEqual({ posted: true, seen: true });
    await insertActual('F7-A', { document: 'F7' });
    expect(await lineFacts('F7-A')).toEqual({ posted: null, seen: false });
    await insertLine('F7-A', 'Error');
    expect(await lineFacts('F7-A')).toEqual({ posted: false, seen: true });
    await dataSource.query(`UPDATE journal_line SET status = 'Posted' WHERE actual_id = 'F7-A'`);
    expect(await lineFacts('F7-A')).toEqual({ posted: false, seen: true }); // no voucher: not the actual's
    await dataSource.query(`DELETE FROM journal_line WHERE actual_id = 'F7-A'`);
    expect(await lineFacts('F7-A')).toEqual({ posted: null, seen: false });
  });

  it('does not rewrite the actual when its line only moves between unposted statuses', async () => {
    await insertActual('F11-A', { document: 'F11' });
    await insertLine('F11-A', 'Draft');
    const version = async () =>
      (
        await dataSource.query<{ v: string }[]>(
          `SELECT xmin::text AS v FROM actual WHERE actual_id = 'F11-A'`,
        )
      )[0]!.v;
    const before = await version();
    await dataSource.query(`UPDATE journal_line SET status = 'Processing' WHERE actual_id = 'F11-A'`);
    await dataSource.query(`UPDATE journal_line SET status = 'Error' WHERE actual_id = 'F11-A'`);
    expect(await version()).toBe(before);
    await dataSource.query(
      `UPDATE journal_line SET status = 'Posted', voucher = 'JV-11' WHERE actual_id = 'F11-A'`,
    );
    expect(await version()).not.toBe(before);
  });

  it('marks a document published once a status row exists, whichever comes first', async () => {
    await insertDocument('F8');
    await dataSource.query(
      `INSERT INTO document_status (document_type, record_id, fingerprint, version) VALUES ('expense', 'F8', 'x', 1)`,
    );
    expect(await documentFacts('F8')).toMatchObject({ published: true });
    await dataSource.query(
      `INSERT INTO document_status (document_type, record_id, fingerprint, version) VALUES ('expense', 'F9', 'x', 1)`,
    );
    await insertDocument('F9');
    expect(await documentFacts('F9')).toMatchObject({ published: true });
    await dataSource.query(`DELETE FROM document_status WHERE record_id = 'F9'`);
    expect(await documentFacts('F9')).toMatchObject({ published: false });
  });

  it('sees an actual committed by another transaction while the document was being inserted', async () => {
    const first = new Client({ connectionString: db.url });
    const second = new Client({ connectionString: db.url });
    await first.connect();
    await second.connect();
    try {
      // The document's transaction takes the facts lock and stays open; the actual's transaction
      // cannot see the document yet, so it must wait, then count itself on the committed row.
      await first.query('BEGIN');
      await insertDocument('F10', 'expense', on(first));
      await second.query('BEGIN');
      const actual = insertActual('F10-A', { document: 'F10' }, on(second));
      const waited = await Promise.race([
        actual.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 500)),
      ]);
      expect(waited).toBe(true);
      await first.query('COMMIT');
      await actual;
      await second.query('COMMIT');
      expect(await documentFacts('F10')).toMatchObject({ n: 1, total: '100' });
    } finally {
      await first.end();
      await second.end();
    }
  });

  it('follows a key changed by hand: a document renamed, an actual renamed', async () => {
    await insertDocument('F12');
    await insertActual('F13-A', { document: 'F13', amount: '30' });
    expect(await documentFacts('F12')).toMatchObject({ n: 0 });
    await dataSource.query(`UPDATE document SET record_id = 'F13' WHERE record_id = 'F12'`);
    expect(await documentFacts('F13')).toMatchObject({ n: 1, total: '30' });
    await insertLine('F14-A', 'Posted', 'JV-14');
    await dataSource.query(`UPDATE actual SET actual_id = 'F14-A' WHERE actual_id = 'F13-A'`);
    expect(await lineFacts('F14-A')).toEqual({ posted: true, seen: true });
    expect(await documentFacts('F13')).toMatchObject({ n: 1, total: '30' });
  });

  it('is undone and done again over stored rows, and then computes the same facts from them', async () => {
    const before = await dataSource.query<unknown[]>(
      `SELECT record_id, document_type, cost_actuals, cost_total, cost_currency_min, cost_currency_max, cost_newest,
              status_published FROM document ORDER BY 1, 2`,
    );
    const lines = await dataSource.query<unknown[]>(
      `SELECT actual_id, line_posted, line_first_seen_at FROM actual ORDER BY 1`,
    );
    // The migrations after it first (the outbox relay position, which also restores document_facts).
    while (
      (await dataSource.query<unknown[]>(`SELECT 1 FROM migrations WHERE name = 'SweepFacts1765300000000'`))
        .length > 0
    )
      await dataSource.undoLastMigration();
    const columns = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name IN ('cost_actuals', 'line_posted')`,
    );
    expect(columns[0]!.n).toBe(0);
    await dataSource.runMigrations();
    expect(
      await dataSource.query(
        `SELECT record_id, document_type, cost_actuals, cost_total, cost_currency_min, cost_currency_max, cost_newest,
                status_published FROM document ORDER BY 1, 2`,
      ),
    ).toEqual(before);
    expect(
      await dataSource.query(`SELECT actual_id, line_posted, line_first_seen_at FROM actual ORDER BY 1`),
    ).toEqual(lines);
    expect(before).toHaveLength(10);
  });
});
