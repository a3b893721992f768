import { actualEvent, connectionEvent, setupEvent, standardSetup, waitFor } from '@po-sync/testing';
import { JournalHarness } from './journal-harness';

/** The journal on its schedules (import and posting every 200 ms, retries from 100 ms), as Finance runs it. */
describe('journal service on its schedule (real Kafka, PostgreSQL, Redis)', () => {
  const harness = new JournalHarness({
    JOURNAL_IMPORT_INTERVAL: '200ms',
    JOURNAL_POST_INTERVAL: '200ms',
    JOURNAL_RETRY_BASE: '100ms',
    JOURNAL_MAX_LINES: '100',
  });

  beforeAll(async () => {
    await harness.start();
    await harness.produce([
      ...standardSetup('USMF', 'USD', 'PRJ-1'),
      setupEvent({ kind: 'project', projectId: 'PRJ-BILL', legalEntity: 'USMF', name: 'Billing' }),
      setupEvent({
        kind: 'exchangeRate',
        fromCurrency: 'EUR',
        toCurrency: 'USD',
        date: '2026-10-01',
        rate: '1.1',
      }),
      setupEvent({ kind: 'legalEntity', legalEntity: 'DEMF', accountingCurrency: 'EUR' }),
      setupEvent({ kind: 'project', projectId: 'PRJ-DE', legalEntity: 'DEMF', name: 'Closed books' }),
      setupEvent({
        kind: 'ledgerPeriod',
        legalEntity: 'DEMF',
        start: '2026-01-01',
        end: '2026-12-31',
        status: 'Closed',
      }),
    ]);
    await waitFor(async () => (await harness.query(`SELECT 1 FROM setup_record`)).length === 8, {
      what: 'setup staged',
    });
  });

  afterAll(() => harness.stop());

  it('turns a cost actual into a journal line and posts it with a voucher', async () => {
    const actual = actualEvent({ amount: '125.40', unitPrice: '125.40' });
    const actualId = actual.data.actualId as string;
    await harness.produce([actual]);

    const posted = await waitFor(() => harness.lineEvents(actualId).find((e) => e.status === 'Posted'), {
      what: 'posted line',
    });
    expect(posted.voucher).toMatch(/^USMF-JV-\d{8}$/);
    expect(posted.accountingAmount).toBe('125.4');
    expect(harness.lineEvents(actualId).map((e) => e.status)).toEqual(['Draft', 'Posted']);
    const [line] = await harness.query<{ amount: string; voucher: string; status: string }>(
      `SELECT amount::text, voucher, status FROM journal_line WHERE actual_id = $1`,
      [actualId],
    );
    expect(line).toEqual({ amount: '125.40', voucher: posted.voucher, status: 'Posted' });
  });

  it('converts a foreign-currency amount through the exchange rate of the accounting date', async () => {
    const actual = actualEvent({ currency: 'EUR', quantity: '3', unitPrice: '33.35', amount: '100.05' });
    const posted = await (async () => {
      await harness.produce([actual]);
      return waitFor(() =>
        harness.lineEvents(actual.data.actualId as string).find((e) => e.status === 'Posted'),
      );
    })();
    expect(posted.accountingAmount).toBe('110.06'); // 100.05 × 1.1 = 110.055, half-even to cents
  });

  it.each([
    ['an unknown legal entity', { legalEntity: 'ZZMF' }, 'JOURNAL.LEGAL_ENTITY_UNKNOWN'],
    ['an unknown project', { projectId: 'PRJ-NOPE' }, 'JOURNAL.PROJECT_UNKNOWN'],
    ['no exchange rate', { currency: 'GBP' }, 'JOURNAL.EXCHANGE_RATE_MISSING'],
    [
      'a closed ledger period',
      { legalEntity: 'DEMF', projectId: 'PRJ-DE', currency: 'EUR' },
      'JOURNAL.PERIOD_CLOSED',
    ],
    [
      'a billed-sales actual without its connection',
      { transactionType: 'BilledSales', projectId: 'PRJ-BILL' },
      'JOURNAL.TRANSACTION_CONNECTION_MISSING',
    ],
  ])('logs %s, retries it 5 times, then waits for an operator', async (_case, overrides, code) => {
    const actual = actualEvent(overrides);
    const actualId = actual.data.actualId as string;
    await harness.produce([actual]);

    const entries = await waitFor(
      () => {
        const logged = harness.logEvents(actualId);
        return logged.length >= 6 ? logged : undefined;
      },
      { what: `six log entries for ${code}`, timeoutMs: 20_000 },
    );
    expect(entries.map((e) => e.code)).toEqual(Array(6).fill(code));
    expect(entries.map((e) => e.retryCount)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries[5]!.message).toMatch(/Automatic retries are over/);
    expect(entries[0]!.message.length).toBeGreaterThan(30);
    // No seventh automatic attempt: it waits for a person.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(harness.logEvents(actualId)).toHaveLength(6);
    expect(harness.lineEvents(actualId)).toHaveLength(0);
    const [staged] = await harness.query<{ import_status: string; retry_count: number }>(
      `SELECT import_status, retry_count FROM staged_actual WHERE actual_id = $1`,
      [actualId],
    );
    expect(staged).toEqual({ import_status: 'Error', retry_count: 6 });
  });

  it('imports a fixed actual on command and marks its earlier log entries resolved', async () => {
    const actual = actualEvent({ projectId: 'PRJ-LATE' });
    const actualId = actual.data.actualId as string;
    await harness.produce([actual]);
    await waitFor(() => harness.logEvents(actualId).length >= 6, {
      what: 'retries exhausted',
      timeoutMs: 20_000,
    });

    await harness.produce([
      setupEvent({ kind: 'project', projectId: 'PRJ-LATE', legalEntity: 'USMF', name: 'Late' }),
    ]);
    await waitFor(
      async () =>
        (await harness.query(`SELECT 1 FROM setup_record WHERE record_id LIKE '%PRJ-LATE%'`)).length === 1,
    );
    await harness.command({ command: 'importFromStaging', actualIds: [actualId] });

    await waitFor(() => harness.lineEvents(actualId).some((e) => e.status === 'Posted'), {
      what: 'posted after the fix',
    });
    const resolved = await waitFor(() => {
      const marked = harness.logEvents(actualId).filter((e) => e.resolvedByLaterRun);
      return marked.length === 6 ? marked : undefined;
    });
    expect(new Set(resolved.map((e) => e.entryId)).size).toBe(6);
    const kept = await harness.query(
      `SELECT 1 FROM troubleshooting_log WHERE actual_id = $1 AND resolved_by_later_run`,
      [actualId],
    );
    expect(kept).toHaveLength(6);
  });

  /** Billed sales and their connection to unbilled sales not sent yet: the unbilled sales to send later. */
  async function billedSalesBeforeTheirUnbilledSales(amount: string) {
    const sales = (transactionType: string) =>
      actualEvent({ transactionType, projectId: 'PRJ-BILL', amount, unitPrice: amount });
    const unbilled = sales('UnbilledSales');
    const billed = sales('BilledSales');
    const unbilledId = unbilled.data.actualId as string;
    const billedId = billed.data.actualId as string;
    await harness.produce([
      billed,
      connectionEvent({
        transaction1Id: billedId,
        transaction1Role: 'BilledSales',
        transaction1Type: 'BilledSales',
        transaction2Id: unbilledId,
        transaction2Role: 'UnbilledSales',
        transaction2Type: 'UnbilledSales',
      }),
    ]);
    return { unbilled, unbilledId, billedId };
  }

  it('holds a billed-sales actual until its unbilled-sales line is posted, then proposes it for invoicing', async () => {
    const { unbilled, unbilledId, billedId } = await billedSalesBeforeTheirUnbilledSales('300.00');
    const waiting = await waitFor(
      () => harness.logEvents(billedId).find((e) => e.code === 'JOURNAL.UNBILLED_SALES_NOT_POSTED'),
      {
        what: 'the billed sales waiting',
      },
    );
    expect(waiting.message).toContain(unbilledId);
    expect(harness.lineEvents(billedId)).toHaveLength(0);

    await harness.produce([unbilled]);
    const proposal = await waitFor(
      () => harness.lineEvents(billedId).find((e) => e.lineKind === 'invoiceProposal'),
      {
        what: 'the invoice proposal line',
        timeoutMs: 20_000,
      },
    );
    expect(proposal.status).toBe('Draft');
    const unbilledPosted = harness.lineEvents(unbilledId).find((e) => e.status === 'Posted');
    expect(unbilledPosted?.lineKind).toBe('journal');
  });

  it('still proposes billed sales whose automatic retries ran out waiting, once their unbilled sales are posted', async () => {
    const { unbilled, unbilledId, billedId } = await billedSalesBeforeTheirUnbilledSales('80.00');
    await waitFor(() => harness.logEvents(billedId).length >= 6, {
      what: 'the automatic retries of the billed sales to run out',
      timeoutMs: 30_000,
    });
    expect(harness.logEvents(billedId).at(-1)?.message).toMatch(/Automatic retries are over/);

    await harness.produce([unbilled]);
    const proposal = await waitFor(
      () => harness.lineEvents(billedId).find((e) => e.lineKind === 'invoiceProposal'),
      { what: 'the invoice proposal line after the unbilled sales were posted', timeoutMs: 30_000 },
    );
    expect(proposal.status).toBe('Draft');
    expect(harness.lineEvents(unbilledId).some((e) => e.status === 'Posted')).toBe(true);
  });

  it('never counts a duplicate: redelivered events and repeated commands give one line and one voucher', async () => {
    const actual = actualEvent();
    const actualId = actual.data.actualId as string;
    await harness.produce([actual, actual]);
    await waitFor(() => harness.lineEvents(actualId).some((e) => e.status === 'Posted'));
    await harness.produce([actual]);
    await harness.command({ command: 'importFromStaging', actualIds: [actualId] });
    await harness.command({ command: 'importFromStaging', actualIds: [actualId] });
    await harness.command({ command: 'postDraftJournals' });
    const sentinel = actualEvent();
    await harness.produce([sentinel]);
    await waitFor(() =>
      harness.lineEvents(sentinel.data.actualId as string).some((e) => e.status === 'Posted'),
    );
    await harness.command({ command: 'postDraftJournals' });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const lines = await harness.query<{ voucher: string }>(
      `SELECT voucher FROM journal_line WHERE actual_id = $1`,
      [actualId],
    );
    expect(lines).toHaveLength(1);
    expect(harness.lineEvents(actualId).map((e) => e.status)).toEqual(['Draft', 'Posted']);
  });

  it('lets no older change overwrite a newer one in staging', async () => {
    const newer = actualEvent(
      { amount: '200.00', unitPrice: '200.00' },
      { occurredAt: '2026-11-03T10:00:00Z' },
    );
    const older = {
      ...newer,
      eventId: crypto.randomUUID(),
      occurredAt: '2026-11-02T10:00:00Z',
      data: { ...newer.data, amount: '100.00', unitPrice: '100.00' },
    };
    await harness.produce([newer]);
    await harness.produce([older]);
    const sentinel = actualEvent();
    await harness.produce([sentinel]);
    await waitFor(() => harness.lineEvents(sentinel.data.actualId as string).length > 0);
    const [staged] = await harness.query<{ amount: string }>(
      `SELECT amount::text FROM staged_actual WHERE actual_id = $1`,
      [newer.data.actualId],
    );
    expect(staged).toEqual({ amount: '200.00' });
  });
});
