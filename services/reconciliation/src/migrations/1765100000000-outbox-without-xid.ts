import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay no longer orders by transaction id: appends take one lock held to commit, so the
 * sequence is commit order (OutboxRepository.append). The column only cost a write per message.
 */
export class OutboxWithoutXid1765100000000 implements MigrationInterface {
  name = 'OutboxWithoutXid1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN xid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  }
}
