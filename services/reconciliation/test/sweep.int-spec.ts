import { loadConfig } from '@po-sync/config';
import { openDatabase } from '@po-sync/db';
import { createTestDatabase } from '@po-sync/testing';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { EvaluationRepository } from '../src/evaluation/evaluation.repository';
import { EvaluationService } from '../src/evaluation/evaluation.service';
import { reconciliationMigrations } from '../src/migrations';
import type { OutboxRelay } from '../src/outbox/outbox.relay';
import { OutboxRepository } from '../src/outbox/outbox.repository';
import { reconciliationConfigSchema } from '../src/reconciliation.config';
import { TimersService } from '../src/timers/timers.service';

/**
 * The full sweep skips open discrepancies whose inputs did not change; these checks hold it to
 * finding every one that did, however the state was written (here: plain SQL, no evaluation).
 */
describe('full sweep over open discrepancies (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  const posted = new Date(Date.now() - 3 * 3600_000);

  const sweeper = (overrides: Record<string, string> = {}) => {
    const config = loadConfig(reconciliationConfigSchema, { DATABASE_URL: db.url, ...overrides });
    const repository = new EvaluationRepository();
    const evaluation = new EvaluationService(repository, new OutboxRepository(dataSource), config);
    const relay = { nudge: () => undefined } as unknown as OutboxRelay;
    return new TimersService(dataSource, repository, evaluation, relay, config, pino({ level: 'silent' }));
  };
  const transitions = async (since: number) =>
    (
      await dataSource.query<{ type: string; status: string; record_id: string }[]>(
        `SELECT payload->>'type' AS type, payload->>'status' AS status, payload->>'recordId' AS record_id
         FROM outbox WHERE topic = 'recon.discrepancies.v1' AND seq > $1 ORDER BY seq`,
        [since],
      )
    ).map((t) => `${t.type} ${t.status} ${t.record_id}`);
  const lastSeq = async () =>
    Number((await dataSource.query<{ n: string }[]>(`SELECT coalesce(max(seq), 0) AS n FROM outbox`))[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase('recon_sweep');
    dataSource = await openDatabase({
      url: db.url,
      entities: [],
      migrations: reconciliationMigrations,
      poolSize: 4,
    });
    for (const id of ['EXP-S1', 'EXP-S2', 'EXP-S3']) {
      await dataSource.query(
        `INSERT INTO document (document_type, record_id, legal_entity, project_id, category, amount, currency,
           document_date, status, voucher, posted_at, occurred_at)
         VALUES ('expense', $1, 'USMF', 'PRJ-1', 'Travel', 100.00, 'USD', $2::date, 'Posted', 'FV-1', $2, $2)`,
        [id, posted],
      );
    }
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('opens what holds, then evaluates nothing while nothing changes', async () => {
    const timers = sweeper();
    const before = await lastSeq();
    expect(await timers.sweep()).toBe(3);
    expect((await transitions(before)).sort()).toEqual([
      'MISSING_ACTUAL open EXP-S1',
      'MISSING_ACTUAL open EXP-S2',
      'MISSING_ACTUAL open EXP-S3',
    ]);
    expect(await timers.sweep()).toBe(0);
    expect(await timers.sweep()).toBe(0);
  });

  it('finds an open record whose input was written behind its back, and only that one', async () => {
    const timers = sweeper();
    const before = await lastSeq();
    // The actual arrives for S1 without any evaluation following; S2's document changes amount.
    await dataSource.query(
      `INSERT INTO actual (actual_id, legal_entity, project_id, transaction_type, amount, currency, accounting_date,
         source_document_type, source_document_id, skip_sync, voucher, created_on, occurred_at)
       VALUES ('ACT-S1', 'USMF', 'PRJ-1', 'Cost', 100.00, 'USD', $1::date, 'expense', 'EXP-S1', true, 'JV-1', $1, $1)`,
      [posted],
    );
    await dataSource.query(`UPDATE document SET amount = 120.00 WHERE record_id = 'EXP-S2'`);
    expect(await timers.sweep()).toBe(2);
    expect((await transitions(before)).sort()).toEqual([
      'MISSING_ACTUAL resolved EXP-S1',
      'MISSING_ACTUAL updated EXP-S2',
    ]);
    expect(await timers.sweep()).toBe(0);
  });

  it('finds an actual moved away from the document it covered', async () => {
    const timers = sweeper();
    const before = await lastSeq();
    await dataSource.query(
      `UPDATE actual SET source_document_id = 'EXP-ELSEWHERE' WHERE actual_id = 'ACT-S1'`,
    );
    // S1 has no open discrepancy now: the holding queries, not the notes, find it again.
    expect(await timers.sweep()).toBe(1);
    expect(await transitions(before)).toEqual(['MISSING_ACTUAL open EXP-S1']);
    await dataSource.query(`UPDATE actual SET source_document_id = 'EXP-S3' WHERE actual_id = 'ACT-S1'`);
    const moved = await lastSeq();
    expect(await timers.sweep()).toBe(1);
    expect(await transitions(moved)).toEqual(['MISSING_ACTUAL resolved EXP-S3']);
  });

  it('evaluates every open record again under other rules', async () => {
    const other = sweeper({ RECON_GRACE_PERIOD: '2h' });
    const open = Number(
      (
        await dataSource.query<{ n: string }[]>(
          `SELECT count(DISTINCT record_id) AS n FROM discrepancy WHERE status <> 'resolved'`,
        )
      )[0]!.n,
    );
    expect(open).toBe(2);
    expect(await other.sweep()).toBe(open);
    expect(await other.sweep()).toBe(0);
  });
});
