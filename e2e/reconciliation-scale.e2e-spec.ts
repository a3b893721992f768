import { expenseEvent, standardSetup, waitFor } from '@po-sync/testing';
import { SystemHarness } from './system-harness';

/** Two reconciliation instances in one group, and a restart in the middle of a stream. */
describe('reconciliation scaled out and restarted (real Kafka, PostgreSQL, Redis)', () => {
  const system = new SystemHarness({
    RECON_GRACE_PERIOD: '1s',
    JOURNAL_IMPORT_INTERVAL: '0',
    JOURNAL_POST_INTERVAL: '0',
    RECON_TIMER_INTERVAL: '100ms',
  });
  const transitions = () => system.discrepancies().map((d) => `${d.discrepancyId}/${d.status}`);

  beforeAll(async () => {
    await system.start();
    await system.produce(standardSetup('USMF', 'USD', 'PRJ-1'));
  });

  afterAll(() => system.stop());

  it('splits the work between two instances and publishes every transition once', async () => {
    await system.startService('reconciliation', 'reconciliation-2');
    const expenses = Array.from({ length: 300 }, () => expenseEvent());
    await system.produce(expenses);
    const ids = new Set(expenses.map((e) => e.data.expenseId as string));
    await waitFor(
      () =>
        system.discrepancies({ type: 'MISSING_ACTUAL', status: 'open' }).filter((d) => ids.has(d.recordId))
          .length >= 300,
      {
        what: '300 MISSING_ACTUAL',
        timeoutMs: 60_000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a late duplicate would show up by now
    const opened = system
      .discrepancies({ type: 'MISSING_ACTUAL', status: 'open' })
      .filter((d) => ids.has(d.recordId));
    expect(opened).toHaveLength(300);
    expect(new Set(opened.map((d) => d.discrepancyId)).size).toBe(300);
  });

  it('loses and duplicates nothing when an instance stops mid-stream', async () => {
    const expenses = Array.from({ length: 400 }, () => expenseEvent());
    const ids = new Set(expenses.map((e) => e.data.expenseId as string));
    const producing = system.produce(expenses);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await system.stopService('reconciliation-2');
    await producing;
    await waitFor(
      () =>
        system.discrepancies({ type: 'MISSING_ACTUAL', status: 'open' }).filter((d) => ids.has(d.recordId))
          .length >= 400,
      {
        what: '400 MISSING_ACTUAL after the stop',
        timeoutMs: 60_000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const all = transitions();
    expect(all.length).toBe(new Set(all).size);
  });
});
