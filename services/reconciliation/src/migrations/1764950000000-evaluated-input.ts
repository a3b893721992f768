import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For each record left with an open discrepancy, the fingerprint of what its last evaluation read
 * (input-fingerprint.ts). The full sweep evaluates an open record again only when the fingerprint
 * no longer matches its state, or its timer is due: the rules give the same answer to the same
 * input, and the open records were most of every steady-state sweep.
 */
export class EvaluatedInput1764950000000 implements MigrationInterface {
  name = 'EvaluatedInput1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluated_input (
        record_kind  text NOT NULL,
        record_id    text NOT NULL,
        fingerprint  text NOT NULL,
        PRIMARY KEY (record_kind, record_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evaluated_input`);
  }
}
