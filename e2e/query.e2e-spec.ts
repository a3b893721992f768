import { createHash, randomUUID } from 'node:crypto';
import {
  actualEvent,
  connectionEvent,
  envelope,
  expenseEvent,
  standardSetup,
  testKafkaBrokers,
  waitFor,
} from '@po-sync/testing';
import { Client } from 'pg';
import { SystemHarness } from './system-harness';

const VIEWER = 'viewer-token-for-the-query-e2e';
const OPERATOR = 'operator-token-for-the-query-e2e';
const sha = (token: string) => createHash('sha256').update(token).digest('hex');

interface List<Row = Record<string, unknown>> {
  rows: Row[];
  count: number;
  totals: { currency: string; amount: string }[];
  nextCursor: string | null;
}
type Grid = List<{ recordId: string; status: string; amount: string }> & {
  unreconciledTotals: { currency: string; amount: string }[];
};
type OutOfSync = List<{ actualId: string; amount: string; currency: string }>;
type Discrepancies = List<{
  type: string;
  recordId: string;
  status: string;
  amount: string;
  currency: string;
}>;

/**
 * The whole system on the real broker and databases, read through the workspace API: a scenario
 * with every discrepancy type, then the remedies, and every view checked exactly at both ends.
 */
describe('query (workspace API) end to end (real Kafka, PostgreSQL, Redis)', () => {
  const system = new SystemHarness(
    {
      RECON_GRACE_PERIOD: '1s',
      OUT_OF_SYNC_LOOKBACK: '0',
      JOURNAL_IMPORT_INTERVAL: '0',
      JOURNAL_POST_INTERVAL: '0',
      RECON_TIMER_INTERVAL: '100ms',
      RATE_LIMIT_PER_MINUTE: '0',
      API_TOKENS: `viewer:viewer-bob:${sha(VIEWER)},operator:ops-alice:${sha(OPERATOR)}`,
    },
    ['ingestion', 'journal', 'reconciliation', 'resync', 'query'],
  );

  const call = (
    service: 'query' | 'resync',
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ) =>
    fetch(`${system.url(service)}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const get = async <T>(path: string, token: string = VIEWER): Promise<T> => {
    const res = await call('query', 'GET', path, token);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  /** Deep equality across realms (fetch's JSON objects are not of the test's realm, so not node:util's). */
  const matches = (actual: unknown, expected: unknown): boolean => {
    try {
      expect(actual).toEqual(expected);
      return true;
    } catch {
      return false;
    }
  };
  /** Polls a view until its projection equals `expected`, then asserts it (a diff on timeout). */
  async function settle<T, P>(
    path: string,
    project: (body: T) => P,
    expected: P,
    timeoutMs = 45_000,
  ): Promise<T> {
    let last: T | undefined;
    try {
      return await waitFor(
        async () => {
          last = await get<T>(path);
          return matches(project(last), expected) ? last : undefined;
        },
        { timeoutMs, intervalMs: 250, what: path },
      );
    } catch (error) {
      if (last === undefined) throw error;
      expect(project(last)).toEqual(expected);
      throw error;
    }
  }
  const gridShape = (grid: Grid) => ({
    rows: grid.rows.map((r) => `${r.recordId}/${r.status}/${r.amount}`),
    count: grid.count,
    totals: grid.totals,
    unreconciled: grid.unreconciledTotals,
  });
  const outOfSyncShape = (list: OutOfSync) => ({
    rows: list.rows.map((a) => `${a.actualId}/${a.amount} ${a.currency}`).sort(),
    count: list.count,
    totals: list.totals,
  });
  const discrepancyShape = (list: Discrepancies) => ({
    rows: list.rows.map((d) => `${d.type}:${d.recordId}/${d.amount} ${d.currency}`).sort(),
    count: list.count,
    totals: list.totals,
  });

  // Two legal entities of their own, each in its accounting currency.
  const US = 'QUS';
  const EU = 'QEU';
  const u = () => randomUUID().slice(0, 8).toUpperCase();
  const ids = {
    e1: `EXP-Q1-${u()}`,
    e2: `EXP-Q2-${u()}`,
    e3: `EXP-Q3-${u()}`,
    e4: `EXP-Q4-${u()}`,
    e5: `EXP-Q5-${u()}`,
    e6: `EXP-Q6-${u()}`,
    invoice1: `INV-QA-${u()}`,
    invoice2: `INV-QB-${u()}`,
    a1: `ACT-A1-${u()}`,
    a2: `ACT-A2-${u()}`,
    a3: `ACT-A3-${u()}`,
    a4: `ACT-A4-${u()}`,
    a5: `ACT-A5-${u()}`,
    u5: `ACT-U5-${u()}`,
    b1: `ACT-B1-${u()}`,
    b2: `ACT-B2-${u()}`,
    b3: `ACT-B3-${u()}`,
    x1: `ACT-X1-${u()}`,
    m1: `ACT-M1-${u()}`,
  };
  const v1 = `${ids.invoice1}:1`;
  const v2 = `${ids.invoice1}:2`;
  const v3 = `${ids.invoice2}:1`;

  const expense = (expenseId: string, amount: string, category: string, transactionDate = '2026-11-02') =>
    expenseEvent({
      expenseId,
      legalEntity: US,
      projectId: 'PRJ-QUS',
      category,
      amount,
      currency: 'USD',
      transactionDate,
    });
  const invoiceLine = (invoiceId: string, lineNumber: number, amount: string) =>
    envelope(
      'vendor_invoice_line',
      {
        invoiceId,
        lineNumber,
        vendorId: 'V-QEU-1',
        legalEntity: EU,
        projectId: 'PRJ-QEU',
        category: 'Subcontracting',
        amount,
        currency: 'EUR',
        invoiceDate: '2026-11-03',
        status: 'Posted',
        voucher: `VIV-${invoiceId}-${lineNumber}`,
        postedAt: new Date().toISOString(),
      },
      { mapVersion: '1.0.0.8' },
    );
  const now = () => new Date().toISOString();
  const usActual = (actualId: string, amount: string, sourceDocumentId: string | null, extra = {}) =>
    actualEvent({
      actualId,
      legalEntity: US,
      projectId: 'PRJ-QUS',
      amount,
      unitPrice: amount,
      currency: 'USD',
      sourceDocumentType: sourceDocumentId ? 'expense' : null,
      sourceDocumentId,
      createdOn: now(),
      ...extra,
    });
  const euActual = (actualId: string, amount: string, sourceDocumentId: string) =>
    actualEvent({
      actualId,
      legalEntity: EU,
      projectId: 'PRJ-QEU',
      transactionClass: 'Material',
      amount,
      unitPrice: amount,
      currency: 'EUR',
      documentDate: '2026-11-03',
      accountingDate: '2026-11-03',
      sourceDocumentType: 'vendorInvoiceLine',
      sourceDocumentId,
      createdOn: now(),
    });

  /** Sends a journal command until the journal's lines (as the query service sees them) satisfy `done`. */
  async function commandUntil(command: Record<string, unknown>, done: () => Promise<boolean>, what: string) {
    await waitFor(
      async () => {
        if (await done()) return true;
        await system.command(command);
        return waitFor(done, { timeoutMs: 4000, intervalMs: 250 }).catch(() => false);
      },
      { timeoutMs: 60_000, what },
    );
  }
  const lineStatus = async (actualId: string): Promise<string | null> => {
    const view = await call('query', 'GET', `/v1/documents/actual/${encodeURIComponent(actualId)}`, VIEWER);
    if (view.status !== 200) return null;
    const body = (await view.json()) as { actuals: { line: { status: string } | null }[] };
    return body.actuals[0]?.line?.status ?? null;
  };

  beforeAll(async () => {
    await system.start();
    await system.produce([...standardSetup(US, 'USD', 'PRJ-QUS'), ...standardSetup(EU, 'EUR', 'PRJ-QEU')]);
  });

  afterAll(() => system.stop());

  it('guards every route: no token 401, viewer and operator 200; bad parameters 400 naming what is allowed', async () => {
    expect((await call('query', 'GET', '/v1/summary', null)).status).toBe(401);
    expect((await call('query', 'GET', '/v1/summary', VIEWER)).status).toBe(200);
    expect((await call('query', 'GET', '/v1/expenses', OPERATOR)).status).toBe(200);

    const badView = await call('query', 'GET', '/v1/expenses?view=everything', VIEWER);
    expect(badView.status).toBe(400);
    const badViewBody = (await badView.json()) as { statusCode: number; message: string };
    expect(badViewBody.statusCode).toBe(400);
    expect(badViewBody.message).toContain(
      'query.view must be one of missing-actuals, missing-journal-lines, all, reconciled',
    );

    const badDate = (await (
      await call('query', 'GET', '/v1/vendor-invoice-lines?from=2026-13-01', VIEWER)
    ).json()) as {
      message: string;
    };
    expect(badDate.message).toContain('query.from must be an ISO-8601 date such as "2025-03-31"');
    const reversed = await call('query', 'GET', '/v1/summary?from=2026-11-02&to=2026-11-01', VIEWER);
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { message: string }).message).toContain('must not be after');
    for (const path of [
      '/v1/expenses?limit=501',
      '/v1/expenses?cursor=not-a-cursor',
      '/v1/expenses?unknown=1',
      '/v1/discrepancies?type=MISSING_SOMETHING',
      '/v1/discrepancies?status=closed',
      '/v1/journals?status=Open',
      '/v1/documents/invoice/INV-1',
      '/v1/logs/integration-journal?from=yesterday',
    ]) {
      const res = await call('query', 'GET', path, VIEWER);
      expect([path, res.status]).toEqual([path, 400]);
    }
    const unknown = await call('query', 'GET', '/v1/documents/expense/EXP-NEVER-SEEN', VIEWER);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(
      /no expense with id "EXP-NEVER-SEEN"/,
    );
  });

  it('projects a scenario with every discrepancy type', async () => {
    await system.produce([
      expense(ids.e1, '250.00', 'Travel'),
      expense(ids.e2, '100.00', 'Hotel'),
      expense(ids.e3, '80.00', 'Meals'),
      expense(ids.e4, '100.00', 'Taxi'),
      expense(ids.e5, '60.00', 'Parking', '2025-03-15'),
      expense(ids.e6, '40.00', 'Supplies', '2024-06-01'),
      invoiceLine(ids.invoice1, 1, '300.00'),
      invoiceLine(ids.invoice1, 2, '200.00'),
      invoiceLine(ids.invoice2, 1, '150.00'),
      usActual(ids.a2, '100.00', ids.e2),
      usActual(ids.a3, '80.00', ids.e3),
      usActual(ids.a4, '90.00', ids.e4),
      usActual(ids.a5, '60.00', ids.e5, { documentDate: '2025-03-15' }),
      usActual(ids.u5, '60.00', ids.e5, { documentDate: '2025-03-15', transactionType: 'UnbilledSales' }),
      usActual(ids.x1, '100.00', null, { projectId: 'PRJ-NOPE', documentDate: '2023-05-01' }),
      euActual(ids.b2, '200.00', v2),
      euActual(ids.b3, '150.00', v3),
    ]);
    // Last, so it is the newest version of msdyn_actuals seen: MAP_VERSION_BELOW_REQUIRED.
    await system.produce([{ ...usActual(ids.m1, '5.00', null, { skipSync: true }), mapVersion: '1.0.0.9' }]);

    // A4, A5 and B3 imported and posted; X1 fails to import (unknown project); A3 imported, left in draft.
    await commandUntil(
      { command: 'importFromStaging', actualIds: [ids.a4, ids.a5, ids.b3, ids.x1] },
      async () => (await Promise.all([ids.a4, ids.a5, ids.b3].map(lineStatus))).every((s) => s !== null),
      'lines for A4, A5, B3',
    );
    await commandUntil(
      { command: 'postDraftJournals' },
      async () => (await Promise.all([ids.a4, ids.a5, ids.b3].map(lineStatus))).every((s) => s === 'Posted'),
      'A4, A5, B3 posted',
    );
    await commandUntil(
      { command: 'importFromStaging', actualIds: [ids.a3] },
      async () => (await lineStatus(ids.a3)) === 'Draft',
      'A3 in a draft journal',
    );
  }, 180_000);

  it('shows the expense and vendor invoice grids exactly, per view, with counts and totals over the filter', async () => {
    const usd = (amount: string) => [{ currency: 'USD', amount }];
    const eur = (amount: string) => [{ currency: 'EUR', amount }];
    await settle('/v1/expenses?view=all&legalEntity=QUS', gridShape, {
      rows: [
        `${ids.e1}/missingActual/250`,
        `${ids.e2}/missingJournalLine/100`,
        `${ids.e3}/pendingPosting/80`,
        `${ids.e4}/reconciled/100`,
        `${ids.e5}/reconciled/60`,
      ],
      count: 5,
      totals: usd('590'),
      unreconciled: usd('430'),
    });
    await settle('/v1/expenses?view=missing-actuals&legalEntity=QUS', gridShape, {
      rows: [`${ids.e1}/missingActual/250`],
      count: 1,
      totals: usd('250'),
      unreconciled: usd('250'),
    });
    await settle('/v1/expenses?view=missing-actuals&legalEntity=QUS&from=2024-01-01', gridShape, {
      rows: [`${ids.e1}/missingActual/250`, `${ids.e6}/missingActual/40`],
      count: 2,
      totals: usd('290'),
      unreconciled: usd('290'),
    });
    await settle('/v1/expenses?view=missing-journal-lines&legalEntity=QUS', gridShape, {
      rows: [`${ids.e2}/missingJournalLine/100`, `${ids.e3}/pendingPosting/80`],
      count: 2,
      totals: usd('180'),
      unreconciled: usd('180'),
    });
    await settle('/v1/expenses?view=reconciled', gridShape, {
      rows: [`${ids.e4}/reconciled/100`, `${ids.e5}/reconciled/60`],
      count: 2,
      totals: usd('160'),
      unreconciled: usd('0'),
    });
    await settle(`/v1/expenses?q=${ids.e3.toLowerCase()}`, gridShape, {
      rows: [`${ids.e3}/pendingPosting/80`],
      count: 1,
      totals: usd('80'),
      unreconciled: usd('80'),
    });
    await settle('/v1/vendor-invoice-lines?view=all&legalEntity=QEU', gridShape, {
      rows: [`${v1}/missingActual/300`, `${v2}/missingJournalLine/200`, `${v3}/reconciled/150`],
      count: 3,
      totals: eur('650'),
      unreconciled: eur('500'),
    });

    // The grid columns of the workspace.
    const e3 = (await get<Grid>(`/v1/expenses?q=${ids.e3}`)).rows[0] as unknown as Record<string, unknown>;
    expect(e3).toMatchObject({
      recordId: ids.e3,
      category: 'Meals',
      date: '2026-11-02',
      amount: '80',
      currency: 'USD',
      projectId: 'PRJ-QUS',
      actualExists: true,
      journalLineAmount: '80',
      journalVoucher: null,
      postedDate: null,
      status: 'pendingPosting',
      unreconciledAmount: '80',
    });
    expect(typeof e3.journalId).toBe('string');
    expect(typeof e3.voucher).toBe('string');
    const e4 = (await get<Grid>(`/v1/expenses?q=${ids.e4}`)).rows[0] as unknown as Record<string, unknown>;
    expect(e4).toMatchObject({ journalLineAmount: '90', status: 'reconciled' });
    expect(typeof e4.journalVoucher).toBe('string');
    expect(typeof e4.postedDate).toBe('string');
    const line1 = (await get<Grid>(`/v1/vendor-invoice-lines?q=${encodeURIComponent(v1)}`)).rows[0];
    expect(line1).toMatchObject({ invoiceId: ids.invoice1, lineNumber: 1, actualExists: false });

    // Pages of 2 walk the same rows in the same order, each page carrying the whole set's count and totals.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Grid = await get<Grid>(
        `/v1/expenses?legalEntity=QUS&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.rows.length).toBeLessThanOrEqual(2);
      expect(page.count).toBe(5);
      expect(page.totals).toEqual(usd('590'));
      seen.push(...page.rows.map((r) => r.recordId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.e1, ids.e2, ids.e3, ids.e4, ids.e5]);
  }, 120_000);

  const zeroTile = { count: 0, amount: '0' };

  it('serves the summary tiles per legal entity and currency, for any window and filter', async () => {
    const summary = (body: { rows: unknown[] }) => body.rows;
    await settle('/v1/summary', summary, [
      {
        legalEntity: EU,
        currency: 'EUR',
        unreconciledExpenseAmount: '0',
        unreconciledVendorInvoiceAmount: '500',
        tiles: {
          expenseMissingActuals: zeroTile,
          expenseMissingJournalLines: zeroTile,
          vendorInvoiceMissingActuals: { count: 1, amount: '300' },
          vendorInvoiceMissingJournalLines: { count: 1, amount: '200' },
        },
      },
      {
        legalEntity: US,
        currency: 'USD',
        unreconciledExpenseAmount: '430',
        unreconciledVendorInvoiceAmount: '0',
        tiles: {
          expenseMissingActuals: { count: 1, amount: '250' },
          expenseMissingJournalLines: { count: 2, amount: '180' },
          vendorInvoiceMissingActuals: zeroTile,
          vendorInvoiceMissingJournalLines: zeroTile,
        },
      },
    ]);
    const wider = await get<{
      from: string;
      rows: { tiles: Record<string, unknown>; unreconciledExpenseAmount: string }[];
    }>('/v1/summary?legalEntity=QUS&from=2024-01-01');
    expect(wider.from).toBe('2024-01-01');
    expect(wider.rows).toHaveLength(1);
    expect(wider.rows[0]?.unreconciledExpenseAmount).toBe('470');
    expect(wider.rows[0]?.tiles.expenseMissingActuals).toEqual({ count: 2, amount: '290' });
    // Free text cannot use the maintained aggregate; the same sums come from the matching documents.
    const text = await get<{ rows: { tiles: Record<string, unknown>; unreconciledExpenseAmount: string }[] }>(
      `/v1/summary?q=${ids.e2}`,
    );
    expect(text.rows).toHaveLength(1);
    expect(text.rows[0]?.unreconciledExpenseAmount).toBe('100');
    expect(text.rows[0]?.tiles.expenseMissingJournalLines).toEqual({ count: 1, amount: '100' });
    expect(text.rows[0]?.tiles.expenseMissingActuals).toEqual(zeroTile);
  });

  it('lists out-of-sync actuals and every open discrepancy exactly', async () => {
    await settle('/v1/actuals/out-of-sync', outOfSyncShape, {
      rows: [`${ids.a2}/100 USD`, `${ids.a3}/80 USD`, `${ids.b2}/200 EUR`, `${ids.u5}/60 USD`].sort(),
      count: 4,
      totals: [
        { currency: 'EUR', amount: '200' },
        { currency: 'USD', amount: '240' },
      ],
    });
    const a3 = (await get<List>(`/v1/actuals/out-of-sync?q=${ids.a3}`)).rows[0];
    expect(a3).toMatchObject({
      actualId: ids.a3,
      legalEntity: US,
      projectId: 'PRJ-QUS',
      documentDate: '2026-11-02',
      sourceDocumentId: ids.e3,
      lineStatus: 'Draft',
    });
    expect((a3?.causes as string[]).length).toBeGreaterThan(0);

    await settle('/v1/discrepancies?status=unresolved', discrepancyShape, {
      rows: [
        `MISSING_ACTUAL:${ids.e1}/250 USD`,
        `MISSING_ACTUAL:${v1}/300 EUR`,
        `MISSING_JOURNAL_LINE:${ids.a2}/100 USD`,
        `MISSING_JOURNAL_LINE:${ids.u5}/60 USD`,
        `MISSING_JOURNAL_LINE:${ids.b2}/200 EUR`,
        `JOURNAL_NOT_POSTED:${ids.a3}/80 USD`,
        `OUT_OF_SYNC_ACTUAL:${ids.a2}/100 USD`,
        `OUT_OF_SYNC_ACTUAL:${ids.a3}/80 USD`,
        `OUT_OF_SYNC_ACTUAL:${ids.u5}/60 USD`,
        `OUT_OF_SYNC_ACTUAL:${ids.b2}/200 EUR`,
        `AMOUNT_MISMATCH:${ids.e4}/10 USD`,
        `MISSING_TRANSACTION_CONNECTION:${ids.u5}/60 USD`,
        `MAP_VERSION_BELOW_REQUIRED:msdyn_actuals/0 XXX`,
      ].sort(),
      count: 13,
      totals: [
        { currency: 'EUR', amount: '700' },
        { currency: 'USD', amount: '800' },
        { currency: 'XXX', amount: '0' },
      ],
    });
    // Older documents are outside the default window; X1 (2023) and E6 (2024) come with a wider one.
    const older = await get<Discrepancies>(
      '/v1/discrepancies?status=unresolved&from=2023-01-01&to=2024-12-31',
    );
    expect(discrepancyShape(older).rows).toEqual(
      [
        `MISSING_ACTUAL:${ids.e6}/40 USD`,
        `MISSING_JOURNAL_LINE:${ids.x1}/100 USD`,
        `OUT_OF_SYNC_ACTUAL:${ids.x1}/100 USD`,
        `MAP_VERSION_BELOW_REQUIRED:msdyn_actuals/0 XXX`,
      ].sort(),
    );
    const filtered = await get<Discrepancies>(
      '/v1/discrepancies?type=OUT_OF_SYNC_ACTUAL&status=unresolved&legalEntity=QEU',
    );
    expect(discrepancyShape(filtered).rows).toEqual([`OUT_OF_SYNC_ACTUAL:${ids.b2}/200 EUR`]);
    // Cursor pagination over discrepancies: every row once, newest first.
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Discrepancies = await get<Discrepancies>(
        `/v1/discrepancies?status=unresolved&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.count).toBe(13);
      all.push(...page.rows.map((d) => `${d.type}:${d.recordId}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(13);
    expect(new Set(all).size).toBe(13);
  });

  it('shows journals pending postings first, the troubleshooting log in full, and the map versions', async () => {
    type Journals = List<{
      journalId: string;
      status: string;
      lines: { actualId: string; status: string }[];
    }>;
    const pending = await get<Journals>('/v1/journals?legalEntity=QUS&status=pending');
    expect(pending.count).toBe(1);
    expect(pending.rows[0]?.lines.map((l) => [l.actualId, l.status])).toEqual([[ids.a3, 'Draft']]);
    expect(pending.totals).toEqual([{ currency: 'USD', amount: '80' }]);
    const journals = await get<Journals>('/v1/journals?legalEntity=QUS');
    expect(journals.rows[0]?.status).not.toBe('Posted');
    expect(journals.rows.slice(1).every((j) => j.status === 'Posted')).toBe(true);
    expect(journals.rows.flatMap((j) => j.lines.map((l) => l.actualId)).sort()).toEqual(
      [ids.a3, ids.a4, ids.a5].sort(),
    );

    const log = await waitFor(
      async () => {
        const body = await get<List<{ actualId: string; code: string; occurredAt: string }>>(
          `/v1/logs/integration-journal?q=${ids.x1}`,
        );
        return body.count > 0 ? body : undefined;
      },
      { what: 'the import error of X1 in the log' },
    );
    expect(log.rows.every((e) => e.actualId === ids.x1 && e.code === 'JOURNAL.PROJECT_UNKNOWN')).toBe(true);
    const times = log.rows.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await get<List>('/v1/logs/invoice-proposals')).rows).toEqual([]);

    type Maps = {
      rows: {
        mapName: string;
        belowRequired: boolean;
        seenVersions: { version: string }[];
        discrepancy: unknown;
      }[];
    };
    const maps = await get<Maps>('/v1/dual-write-maps');
    const actuals = maps.rows.find((m) => m.mapName === 'msdyn_actuals');
    expect(actuals).toMatchObject({ requiredVersion: '1.0.0.20', belowRequired: true });
    expect(actuals?.seenVersions.map((v) => v.version)).toEqual(['1.0.0.20', '1.0.0.9']);
    expect(maps.rows.find((m) => m.mapName === 'msdyn_expenses')).toMatchObject({
      belowRequired: false,
      discrepancy: null,
    });
  });

  it('shows the document sync view: status row, actuals with lines, discrepancies, the timeline of every event', async () => {
    type View = {
      status: { status: string } | null;
      actuals: { actualId: string; line: { status: string } | null }[];
      discrepancies: { type: string; recordId: string; status: string }[];
      timeline: { topic: string; subjectId: string }[];
    };
    const view = await get<View>(`/v1/documents/expense/${ids.e3}`);
    expect(view.status?.status).toBe('pendingPosting');
    expect(view.actuals.map((a) => [a.actualId, a.line?.status])).toEqual([[ids.a3, 'Draft']]);
    expect(
      view.discrepancies
        .filter((d) => d.status !== 'resolved')
        .map((d) => `${d.type}:${d.recordId}`)
        .sort(),
    ).toEqual([`JOURNAL_NOT_POSTED:${ids.a3}`, `OUT_OF_SYNC_ACTUAL:${ids.a3}`]);
    const topics = new Set(view.timeline.map((t) => t.topic));
    for (const topic of [
      'ingestion.expenses.v1',
      'ingestion.actuals.v1',
      'journal.lines.v1',
      'recon.document-status.v1',
      'recon.discrepancies.v1',
    ])
      expect(topics).toContain(topic);
    const line = await get<View>(`/v1/documents/vendorInvoiceLine/${encodeURIComponent(v1)}`);
    expect(line.status?.status).toBe('missingActual');
    expect(line.actuals).toEqual([]);
  });

  it('shows everything reconciled after the resync job and the remedies of the operator API', async () => {
    // The missing actuals arrive, the connection is made, Finance corrects E4, the new actuals bring
    // msdyn_actuals's newest version back to 1.0.0.20.
    const fixedE4 = expense(ids.e4, '90.00', 'Taxi');
    await system.produce([
      usActual(ids.a1, '250.00', ids.e1),
      euActual(ids.b1, '300.00', v1),
      fixedE4,
      connectionEvent({
        transaction1Id: ids.u5,
        transaction1Role: 'UnbilledSales',
        transaction1Type: 'UnbilledSales',
        transaction2Id: ids.a5,
        transaction2Role: 'Cost',
        transaction2Type: 'Cost',
      }),
    ]);
    await waitFor(async () => (await get<List>('/v1/actuals/out-of-sync')).count >= 4, {
      what: 'out-of-sync actuals',
    });
    const accepted = await call('resync', 'POST', '/v1/resync-jobs', OPERATOR, {
      scope: 'out-of-sync-actuals',
    });
    expect(accepted.status).toBe(202);
    const job = (await accepted.json()) as { jobId: string; skipped: { id: string; reason: string }[] };
    expect(job.skipped.find((s) => s.id === ids.a3)?.reason).toMatch(/pending posting/);
    await waitFor(
      async () => {
        const res = await call('resync', 'GET', `/v1/resync-jobs/${job.jobId}`, OPERATOR);
        return ((await res.json()) as { status: string }).status === 'completed';
      },
      { what: 'the resync job' },
    );
    // Whatever the job could not reach (staged after it, or skipped) the two remedies take care of.
    const settled = async () => {
      const [expenses, lines] = await Promise.all([
        get<Grid>('/v1/expenses?view=reconciled&legalEntity=QUS'),
        get<Grid>('/v1/vendor-invoice-lines?view=reconciled'),
      ]);
      return expenses.count === 5 && lines.count === 3;
    };
    await waitFor(
      async () => {
        if (await settled()) return true;
        expect((await call('resync', 'POST', '/v1/remedies/import-from-staging', OPERATOR, {})).status).toBe(
          202,
        );
        expect((await call('resync', 'POST', '/v1/remedies/post-draft-journals', OPERATOR, {})).status).toBe(
          202,
        );
        return waitFor(settled, { timeoutMs: 5000, intervalMs: 250 }).catch(() => false);
      },
      { timeoutMs: 90_000, what: 'every document reconciled' },
    );

    const usd = (amount: string) => [{ currency: 'USD', amount }];
    await settle('/v1/expenses?view=all&legalEntity=QUS', gridShape, {
      rows: [
        `${ids.e1}/reconciled/250`,
        `${ids.e2}/reconciled/100`,
        `${ids.e3}/reconciled/80`,
        `${ids.e4}/reconciled/90`,
        `${ids.e5}/reconciled/60`,
      ],
      count: 5,
      totals: usd('580'),
      unreconciled: usd('0'),
    });
    for (const view of ['missing-actuals', 'missing-journal-lines'])
      await settle(`/v1/expenses?view=${view}`, gridShape, {
        rows: [],
        count: 0,
        totals: [],
        unreconciled: [],
      });
    await settle('/v1/vendor-invoice-lines?view=all', gridShape, {
      rows: [`${v1}/reconciled/300`, `${v2}/reconciled/200`, `${v3}/reconciled/150`],
      count: 3,
      totals: [{ currency: 'EUR', amount: '650' }],
      unreconciled: [{ currency: 'EUR', amount: '0' }],
    });
    const clean = (legalEntity: string, currency: string) => ({
      legalEntity,
      currency,
      unreconciledExpenseAmount: '0',
      unreconciledVendorInvoiceAmount: '0',
      tiles: {
        expenseMissingActuals: zeroTile,
        expenseMissingJournalLines: zeroTile,
        vendorInvoiceMissingActuals: zeroTile,
        vendorInvoiceMissingJournalLines: zeroTile,
      },
    });
    await settle('/v1/summary', (body: { rows: unknown[] }) => body.rows, [
      clean(EU, 'EUR'),
      clean(US, 'USD'),
    ]);
    await settle('/v1/actuals/out-of-sync', outOfSyncShape, { rows: [], count: 0, totals: [] });
    await settle('/v1/discrepancies?status=unresolved', discrepancyShape, { rows: [], count: 0, totals: [] });
    // Only what no remedy here can fix stays: E6 has no actual, X1's project does not exist.
    await settle('/v1/discrepancies?status=unresolved&from=2023-01-01', discrepancyShape, {
      rows: [
        `MISSING_ACTUAL:${ids.e6}/40 USD`,
        `MISSING_JOURNAL_LINE:${ids.x1}/100 USD`,
        `OUT_OF_SYNC_ACTUAL:${ids.x1}/100 USD`,
      ].sort(),
      count: 3,
      totals: [{ currency: 'USD', amount: '240' }],
    });
    const resolved = await get<Discrepancies>('/v1/discrepancies?status=resolved&type=AMOUNT_MISMATCH');
    expect(resolved.rows.map((d) => d.recordId)).toEqual([ids.e4]);
    expect((await get<List>('/v1/journals?status=pending')).count).toBe(0);
    const maps = await get<{
      rows: { mapName: string; belowRequired: boolean; discrepancy: { status: string } }[];
    }>('/v1/dual-write-maps');
    expect(maps.rows.find((m) => m.mapName === 'msdyn_actuals')).toMatchObject({
      belowRequired: false,
      discrepancy: { status: 'resolved' },
    });
    const e3 = await get<{ status: { status: string }; actuals: { line: { status: string } }[] }>(
      `/v1/documents/expense/${ids.e3}`,
    );
    expect(e3.status.status).toBe('reconciled');
    expect(e3.actuals[0]?.line.status).toBe('Posted');
  }, 240_000);

  it('lists what could not be processed, with its reason and original bytes, newest first', async () => {
    const topic = system.topic('dataverse.actuals.v1');
    const notJson = '{"eventId": "cut-off';
    const floatAmount = JSON.stringify({
      ...usActual(`ACT-DL-${u()}`, '1.00', null),
      data: { ...usActual(`ACT-DL-${u()}`, '1.00', null).data, amount: 12.5 },
    });
    const { produceRaw } = await import('@po-sync/testing');
    type DeadLetter = { key: string; value: string; sourceTopic: string; service: string; reason: string };
    const text = (base64: string) => Buffer.from(base64, 'base64').toString();
    // Topics are named without the deployment's prefix; this harness's database has no other letters.
    const path = `/v1/dead-letters?sourceTopic=dataverse.actuals.v1`;
    const keysOf = (body: List<DeadLetter>) => ({
      count: body.count,
      keys: body.rows.map((r) => text(r.key)),
    });
    await produceRaw(topic, [{ key: 'dead-letter-1', value: notJson }]);
    await settle(path, keysOf, { count: 1, keys: ['dead-letter-1'] });
    await produceRaw(topic, [{ key: 'dead-letter-2', value: floatAmount }]);
    const letters = await settle(path, keysOf, { count: 2, keys: ['dead-letter-2', 'dead-letter-1'] });
    const byKey = new Map(letters.rows.map((r) => [text(r.key), r]));
    expect(text(byKey.get('dead-letter-1')!.value)).toBe(notJson);
    expect(text(byKey.get('dead-letter-2')!.value)).toBe(floatAmount);
    for (const letter of letters.rows)
      expect(letter).toMatchObject({ sourceTopic: 'dataverse.actuals.v1', service: 'ingestion' });
    expect(byKey.get('dead-letter-1')!.reason).toMatch(/not valid JSON/);
    expect(byKey.get('dead-letter-2')!.reason).toMatch(/amount/);

    // One at a time, through the cursor, the same two in the same order.
    const first = await get<List<DeadLetter>>(`${path}&limit=1`);
    expect(first.rows.map((r) => text(r.key))).toEqual(['dead-letter-2']);
    const second = await get<List<DeadLetter>>(
      `${path}&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect(second.rows.map((r) => text(r.key))).toEqual(['dead-letter-1']);
    expect(second.nextCursor).toBeNull();
    // The reason is searchable; a topic nobody wrote to has none; bad parameters are a 400.
    expect((await get<List<DeadLetter>>(`${path}&q=floats`)).rows.map((r) => text(r.key))).toEqual([
      'dead-letter-2',
    ]);
    expect((await get<List<DeadLetter>>('/v1/dead-letters?sourceTopic=finance.expenses.v1')).count).toBe(0);
    const bad = await call('query', 'GET', '/v1/dead-letters?limit=0', VIEWER);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/limit/);
    expect((await call('query', 'GET', '/v1/dead-letters', null)).status).toBe(401);
  }, 120_000);

  it('rebuilds the same answers from a replay of every topic into an empty read model', async () => {
    // Views that X1's failing imports (still retried in the background) cannot change meanwhile.
    const paths = [
      '/v1/summary?from=2023-01-01',
      '/v1/expenses?from=2023-01-01&limit=500',
      '/v1/vendor-invoice-lines?limit=500',
      '/v1/discrepancies?limit=500',
      '/v1/journals?limit=500',
      '/v1/dual-write-maps',
      `/v1/documents/expense/${ids.e3}`,
      '/v1/dead-letters',
    ];
    const before = await Promise.all(paths.map((p) => get<unknown>(p)));
    const db = new Client({ connectionString: system.databaseUrl('query') });
    await db.connect();
    // The maintained aggregates (daily and its monthly roll-up) agree with the documents they sum,
    // bucket by bucket: `bucket` is the aggregate's date column, `of` how it is made from a date.
    const driftOf = async (table: string, bucket: string, of: (date: string) => string) =>
      (
        await db.query<Record<string, unknown>>(
          `WITH direct AS (
             SELECT legal_entity, ${of(`coalesce(document_date, '-infinity')`)} AS ${bucket}, document_type, currency, status,
               count(*)::int AS documents, sum(amount) AS amount, sum(missing_actual_amount) AS ma,
               sum(missing_journal_line_amount) AS mjl, sum(unreconciled_amount) AS ur
             FROM document_row GROUP BY 1, 2, 3, 4, 5),
           kept AS (
             SELECT legal_entity, ${bucket}, document_type, currency, status, documents, amount,
               missing_actual_amount AS ma, missing_journal_line_amount AS mjl, unreconciled_amount AS ur
             FROM ${table} WHERE documents <> 0)
           SELECT * FROM ((SELECT * FROM direct EXCEPT SELECT * FROM kept) UNION ALL
             (SELECT * FROM kept EXCEPT SELECT * FROM direct)) d`,
        )
      ).rows;
    const drift = () => driftOf('document_summary', 'document_date', (date) => date);
    const monthDrift = () =>
      driftOf('document_summary_month', 'month', (date) => `date_trunc('month', ${date}::timestamp)::date`);
    expect(await drift()).toEqual([]);
    expect(await monthDrift()).toEqual([]);
    expect(Number((await db.query('SELECT count(*) FROM document_summary')).rows[0].count)).toBeGreaterThan(
      0,
    );
    expect(
      Number((await db.query('SELECT count(*) FROM document_summary_month')).rows[0].count),
    ).toBeGreaterThan(0);
    await system.stopService('query');
    await db.query(
      `TRUNCATE processed_event, document_row, document_summary, document_summary_month, discrepancy, actual, journal_line, journal,
         journal_log, dead_letter, map_version_seen, dual_write_map, timeline_event`,
    );
    const { Kafka, logLevel } = await import('kafkajs');
    const admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteGroups([`${system.prefix}po-sync-query`]);
    await admin.disconnect();
    await system.startService('query');
    for (const [i, path] of paths.entries()) await settle(path, (body: unknown) => body, before[i], 60_000);
    expect(await drift()).toEqual([]);
    expect(await monthDrift()).toEqual([]);
    await db.end();
  }, 180_000);

  it('serves its OpenAPI document at /docs', async () => {
    const docs = await fetch(`${system.url('query')}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
