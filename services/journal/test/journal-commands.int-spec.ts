import { actualEvent, standardSetup, waitFor } from '@po-sync/testing';
import { JournalHarness } from './journal-harness';

/** Schedules off: import and posting happen only on command, so journal sizes are exact. */
describe('journal service on command (real Kafka, PostgreSQL, Redis)', () => {
  const harness = new JournalHarness({
    JOURNAL_IMPORT_INTERVAL: '0',
    JOURNAL_POST_INTERVAL: '0',
    JOURNAL_MAX_LINES: '100',
  });
  const staged = async (ids: string[]) =>
    Number(
      (
        await harness.query<{ n: string }>(
          `SELECT count(*) AS n FROM staged_actual WHERE actual_id = ANY($1)`,
          [ids],
        )
      )[0]?.n,
    );

  beforeAll(async () => {
    await harness.start();
    await harness.produce(standardSetup('USMF', 'USD', 'PRJ-1'));
    await waitFor(async () => (await harness.query(`SELECT 1 FROM setup_record`)).length === 3, {
      what: 'setup staged',
    });
  });

  afterAll(() => harness.stop());

  it('splits 250 actuals into journals of at most JOURNAL_MAX_LINES and posts them with sequential vouchers', async () => {
    const actuals = Array.from({ length: 250 }, () => actualEvent({ legalEntity: 'USMF' }));
    const ids = actuals.map((a) => a.data.actualId as string);
    await harness.produce(actuals);
    await waitFor(async () => (await staged(ids)) === 250, { what: '250 staged actuals' });

    await harness.command({ command: 'importFromStaging' });
    const journals = await waitFor(async () => {
      const rows = await harness.query<{ journal_id: string; line_count: number; status: string }>(
        `SELECT journal_id, line_count, status FROM journal ORDER BY line_count DESC`,
      );
      return rows.reduce((n, r) => n + r.line_count, 0) === 250 ? rows : undefined;
    });
    expect(journals.map((j) => j.line_count)).toEqual([100, 100, 50]);
    expect(journals.every((j) => j.status === 'Draft')).toBe(true);

    await harness.command({ command: 'postDraftJournals' });
    const vouchers = await waitFor(async () => {
      const rows = await harness.query<{ voucher: string }>(
        `SELECT voucher FROM journal_line WHERE status = 'Posted' ORDER BY voucher`,
      );
      return rows.length === 250 ? rows.map((r) => r.voucher) : undefined;
    });
    expect(vouchers[0]).toBe('USMF-JV-00000001');
    expect(vouchers[249]).toBe('USMF-JV-00000250');
    expect(new Set(vouchers).size).toBe(250);
    const posted = await harness.query(`SELECT 1 FROM journal WHERE status = 'Posted'`);
    expect(posted).toHaveLength(3);
  });

  it('loses and duplicates nothing when the journal service restarts mid-stream', async () => {
    const actuals = Array.from({ length: 1500 }, () => actualEvent({ legalEntity: 'USMF' }));
    const ids = actuals.map((a) => a.data.actualId as string);
    // The stream goes on while the service is down: the first part before, the rest during the outage.
    const producing = harness.produce(actuals.slice(0, 500));
    await waitFor(async () => (await staged(ids)) > 0, { what: 'the first actuals staged' });
    await harness.stopJournal();
    await producing;
    await harness.produce(actuals.slice(500));
    const stagedAtStop = await staged(ids);
    await harness.startJournal();
    await waitFor(async () => (await staged(ids)) === 1500, {
      what: 'all actuals staged after the restart',
      timeoutMs: 60_000,
    });

    await harness.command({ command: 'importFromStaging' });
    await harness.command({ command: 'postDraftJournals' });
    const lines = await waitFor(
      async () => {
        const rows = await harness.query<{ actual_id: string; voucher: string | null }>(
          `SELECT actual_id, voucher FROM journal_line WHERE actual_id = ANY($1) AND status = 'Posted'`,
          [ids],
        );
        return rows.length === 1500 ? rows : undefined;
      },
      { what: '1500 posted lines', timeoutMs: 60_000 },
    );
    expect(new Set(lines.map((l) => l.actual_id)).size).toBe(1500);
    expect(new Set(lines.map((l) => l.voucher)).size).toBe(1500);
    expect(stagedAtStop).toBeLessThan(1500); // the restart really happened mid-stream
    const draftEvents = ids.flatMap((id) => harness.lineEvents(id).filter((e) => e.status === 'Draft'));
    await waitFor(() => ids.every((id) => harness.lineEvents(id).some((e) => e.status === 'Posted')), {
      what: 'every Posted event',
    });
    expect(new Set(draftEvents.map((e) => e.actualId)).size).toBe(draftEvents.length);
  });
});
