import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  actualEvent,
  expenseEvent,
  REPO_ROOT,
  standardSetup,
  testKafkaBrokers,
  waitFor,
} from '@po-sync/testing';
import { SystemHarness } from './system-harness';

const run = promisify(execFile);

/**
 * Ingestion → journal → reconciliation on the real broker: each discrepancy type is opened after
 * the grace period (2 s here) and resolved by the remedy that fits it.
 */
describe('reconciliation end to end (real Kafka, PostgreSQL, Redis)', () => {
  const system = new SystemHarness({
    RECON_GRACE_PERIOD: '2s',
    OUT_OF_SYNC_LOOKBACK: '0',
    JOURNAL_IMPORT_INTERVAL: '0',
    JOURNAL_POST_INTERVAL: '0',
    RECON_TIMER_INTERVAL: '100ms',
  });

  beforeAll(async () => {
    await system.start();
    await system.produce(standardSetup('USMF', 'USD', 'PRJ-1'));
  });

  afterAll(() => system.stop());

  it('opens MISSING_ACTUAL for a posted expense with no actual after the grace period, and resolves it when the actual arrives', async () => {
    const expense = expenseEvent({ amount: '250.00' });
    const expenseId = expense.data.expenseId as string;
    const postedAt = Date.now();
    await system.produce([expense]);

    const opened = await waitFor(
      () => system.discrepancies({ recordId: expenseId, type: 'MISSING_ACTUAL', status: 'open' })[0],
      {
        what: 'MISSING_ACTUAL open',
        timeoutMs: 20_000,
      },
    );
    expect(Date.now() - postedAt).toBeGreaterThanOrEqual(2000);
    expect(opened).toMatchObject({
      documentType: 'expense',
      amount: '250',
      currency: 'USD',
      // No actual ever reached po-sync, so it has nothing to resend: a person acts, as the causes say.
      remedy: 'none',
    });
    expect(opened.causes.length).toBeGreaterThan(0);

    await system.produce([
      actualEvent({ sourceDocumentId: expenseId, amount: '250.00', unitPrice: '250.00', voucher: 'V-1' }),
    ]);
    await waitFor(
      () => system.discrepancies({ discrepancyId: opened.discrepancyId, status: 'resolved' })[0],
      {
        what: 'MISSING_ACTUAL resolved',
      },
    );
  });

  it('opens MISSING_JOURNAL_LINE for an actual with no line, resolves it by import, then JOURNAL_NOT_POSTED by posting', async () => {
    const actual = actualEvent();
    const actualId = actual.data.actualId as string;
    await system.produce([actual]);
    const missing = await waitFor(
      () => system.discrepancies({ recordId: actualId, type: 'MISSING_JOURNAL_LINE', status: 'open' })[0],
      {
        what: 'MISSING_JOURNAL_LINE',
        timeoutMs: 20_000,
      },
    );
    expect(missing.remedy).toBe('import-from-staging');
    const outOfSync = await waitFor(
      () => system.discrepancies({ recordId: actualId, type: 'OUT_OF_SYNC_ACTUAL', status: 'open' })[0],
    );
    expect(outOfSync.remedy).toBe('resync');

    await system.command({ command: 'importFromStaging', actualIds: [actualId] });
    await waitFor(
      () => system.discrepancies({ discrepancyId: missing.discrepancyId, status: 'resolved' })[0],
      { what: 'resolved by import' },
    );
    const notPosted = await waitFor(
      () => system.discrepancies({ recordId: actualId, type: 'JOURNAL_NOT_POSTED', status: 'open' })[0],
      {
        what: 'JOURNAL_NOT_POSTED',
        timeoutMs: 20_000,
      },
    );
    expect(notPosted.remedy).toBe('post-draft-journals');

    await system.command({ command: 'postDraftJournals' });
    await waitFor(
      () => system.discrepancies({ discrepancyId: notPosted.discrepancyId, status: 'resolved' })[0],
      { what: 'resolved by posting' },
    );
    // The posted line's voucher brings the actual back in sync.
    await waitFor(
      () => system.discrepancies({ discrepancyId: outOfSync.discrepancyId, status: 'resolved' })[0],
      {
        what: 'OUT_OF_SYNC_ACTUAL resolved by posting',
      },
    );
  });

  it('opens AMOUNT_MISMATCH when the actuals do not add up to the document', async () => {
    const expense = expenseEvent({ amount: '100.00' });
    const expenseId = expense.data.expenseId as string;
    await system.produce([
      expense,
      actualEvent({ sourceDocumentId: expenseId, amount: '90.00', unitPrice: '90.00', voucher: 'V-2' }),
    ]);
    const mismatch = await waitFor(
      () => system.discrepancies({ recordId: expenseId, type: 'AMOUNT_MISMATCH', status: 'open' })[0],
      {
        timeoutMs: 20_000,
      },
    );
    expect(mismatch.amount).toBe('10');
  });

  it('raises MAP_VERSION_BELOW_REQUIRED for a record carried by an old map', async () => {
    await system.produce([actualEvent({ skipSync: true }, { mapVersion: '1.0.0.9' })]);
    const old = await waitFor(
      () =>
        system.discrepancies({
          type: 'MAP_VERSION_BELOW_REQUIRED',
          recordId: 'msdyn_actuals',
          status: 'open',
        })[0],
      {
        timeoutMs: 20_000,
      },
    );
    expect(old.remedy).toBe('upgrade-map');
    expect(old.causes.join(' ')).toContain('1.0.0.9');
  });

  it('is read by a subscriber written with another Kafka client (Kafka’s own Java console consumer)', async () => {
    await waitFor(() => system.discrepancies().length > 0);
    const { stdout } = await run(
      'bash',
      [
        join(REPO_ROOT, 'deploy/kafka/kafka.sh'),
        'run-class',
        'org.apache.kafka.tools.consumer.ConsoleConsumer',
        '--bootstrap-server',
        testKafkaBrokers().join(','),
        '--topic',
        system.topic('recon.discrepancies.v1'),
        '--from-beginning',
        '--timeout-ms',
        '10000',
        '--property',
        'print.key=true',
      ],
      { maxBuffer: 32 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' })); // it exits 1 on its timeout
    const lines = stdout.split('\n').filter((l) => l.includes('\t{'));
    const parsed = lines.map(
      (l) => JSON.parse(l.slice(l.indexOf('\t') + 1)) as { discrepancyId: string; status: string },
    );
    expect(parsed.length).toBe(system.discrepancies().length);
    expect(parsed.map((d) => `${d.discrepancyId}/${d.status}`).sort()).toEqual(
      system
        .discrepancies()
        .map((d) => `${d.discrepancyId}/${d.status}`)
        .sort(),
    );
  });

  it('publishes no duplicate transition after a restart and a replay of its inputs from offset 0', async () => {
    const before = system.discrepancies().map((d) => `${d.discrepancyId}/${d.status}`);
    await system.stopService('reconciliation');
    // Replay: forget the consumer group's offsets, so every input is read again from the start.
    await system.reconDb.query('SELECT 1');
    const { Kafka, logLevel } = await import('kafkajs');
    const admin = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteGroups([`${system.prefix}po-sync-reconciliation`]);
    await admin.disconnect();
    await system.startService('reconciliation');

    const sentinel = expenseEvent();
    await system.produce([sentinel]);
    await waitFor(
      () => system.discrepancies({ recordId: sentinel.data.expenseId as string, status: 'open' })[0],
      {
        what: 'the sentinel after the replay',
        timeoutMs: 30_000,
      },
    );
    const after = system.discrepancies().map((d) => `${d.discrepancyId}/${d.status}`);
    const counts = new Map<string, number>();
    for (const t of after) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect([...counts].filter(([transition, n]) => n > 1 && !transition.endsWith('/updated'))).toEqual([]);
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
