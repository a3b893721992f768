import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox sequence numbers are taken at insert but become visible at commit, so a row can appear
 * after a higher one was already published. Each row records its transaction id; the relay only
 * publishes rows older than every transaction still running, which keeps partitions in order.
 */
export class OutboxCommitHorizon1764600000000 implements MigrationInterface {
  name = 'OutboxCommitHorizon1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN xid`);
  }
}
