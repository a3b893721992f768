import { openDatabase, withTransaction } from '@po-sync/db';
import { createTestDatabase, waitFor } from '@po-sync/testing';
import type { DataSource, QueryRunner } from 'typeorm';
import { reconciliationMigrations } from '../src/migrations';
import { OutboxRepository } from '../src/outbox/outbox.repository';

/**
 * The relay publishes the outbox in the order it returns; a subscriber keeps the last message of
 * each discrepancy. So the order must be the order the transitions were committed in, whatever
 * order PostgreSQL handed out transaction ids (at each transaction's first write).
 */
describe('outbox order (real PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let outbox: OutboxRepository;
  const open: QueryRunner[] = [];

  const begin = async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    open.push(runner);
    return runner;
  };
  const message = (key: string, status: string) => ({
    topic: 'recon.discrepancies.v1',
    key,
    payload: { status },
  });
  const pending = async () =>
    (await outbox.unpublished(100)).map(
      (r) => `${r.key}:${(JSON.parse(r.payload) as { status: string }).status}`,
    );

  beforeAll(async () => {
    db = await createTestDatabase('reconciliation_outbox');
    dataSource = await openDatabase({
      url: db.url,
      entities: [],
      migrations: reconciliationMigrations,
      poolSize: 4,
    });
    outbox = new OutboxRepository(dataSource);
  });

  afterEach(async () => {
    for (const runner of open.splice(0)) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    await dataSource.query(
      `UPDATE outbox_relay_position SET seq = (SELECT coalesce(max(seq), 0) FROM outbox)`,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('returns a transition committed later after the one it followed, though its transaction id is lower', async () => {
    // The event's evaluation writes its state first (taking the lower id), then waits for the
    // record lock a timer's evaluation holds; the timer opens the finding, the event resolves it.
    const event = await begin();
    await event.query(`SELECT pg_current_xact_id()`);
    await withTransaction(dataSource, (timer) => outbox.append(timer, [message('D-1', 'open')]));
    await outbox.append(event, [message('D-1', 'resolved')]);
    await event.commitTransaction();

    expect(await pending()).toEqual(['D-1:open', 'D-1:resolved']);
  });

  it('returns sequences in numeric order across a change in their number of digits', async () => {
    await dataSource.query(`SELECT setval(pg_get_serial_sequence('outbox', 'seq'), 97)`);
    await withTransaction(dataSource, (runner) =>
      outbox.append(runner, [message('D-4', 'open'), message('D-5', 'open'), message('D-6', 'open')]),
    );
    const rows = await outbox.unpublished(100);
    expect(rows.map((r) => [r.seq, r.key])).toEqual([
      ['98', 'D-4'],
      ['99', 'D-5'],
      ['100', 'D-6'],
    ]);
  });

  it('lets no transaction append while another has appended and not committed, so nothing appears below a visible row', async () => {
    const first = await begin();
    await outbox.append(first, [message('D-2', 'open')]);
    const second = await begin();
    const appended = outbox.append(second, [message('D-3', 'open')]);
    await waitFor(
      async () =>
        (
          await dataSource.query<unknown[]>(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
          )
        ).length === 1,
      { what: 'the second append to wait for the first commit' },
    );
    expect(await pending()).toEqual([]);

    await first.commitTransaction();
    await appended;
    expect(await pending()).toEqual(['D-2:open']);
    await second.commitTransaction();
    const rows = await outbox.unpublished(100);
    expect(rows.map((r) => r.key)).toEqual(['D-2', 'D-3']);
    expect(BigInt(rows[0]!.seq)).toBeLessThan(BigInt(rows[1]!.seq));
  });
});
