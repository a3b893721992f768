import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The actuals a scheduled import may take, in the order it takes them, so a chunk is read in order
 * and the scan stops after it (ImportRepository.lockDueActuals). Before, each chunk sorted the whole
 * backlog (42,000 rows for a chunk of 2,000) or bitmap-scanned the staged_actual_due entries of
 * every actual ever pending, which stay until VACUUM (103,600 for a chunk of 200 after 115,000
 * actuals); a plain index scan marks those entries dead as it passes them.
 */
export class StagedActualToImport1765400000000 implements MigrationInterface {
  name = 'StagedActualToImport1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX staged_actual_to_import ON staged_actual (staged_at, actual_id)
       WHERE import_status IN ('pending', 'waiting', 'Error')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX staged_actual_to_import`);
  }
}
