import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the set-based sweep (timers/sweep-candidates.ts).
 * - actual_cost_source: the documents referenced by more than one live cost actual, found by
 *   reading this small index in key order (an index-only scan, nothing hashed or sorted); every
 *   other document is checked against its one cost actual by a plain hash join.
 * - The sweep then evaluates its candidates in chunks, and the evaluation looks records up by
 *   record id alone (`record_id = ANY(…)`), which the primary keys of document and
 *   document_status and the open-discrepancy index cannot serve (document_type comes first):
 *   every chunk would read the whole table. document_record, document_status_record and
 *   discrepancy_open_record make those look-ups index scans.
 * Plain CREATE INDEX (migrations run in a transaction): it holds off writes to each table while
 * it builds, about a second per million rows.
 */
export class ReconciliationSweepIndexes1764500000000 implements MigrationInterface {
  name = 'ReconciliationSweepIndexes1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX actual_cost_source ON actual (source_document_id)
       WHERE transaction_type = 'Cost' AND NOT deleted AND source_document_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX document_record ON document (record_id)`);
    await q.query(`CREATE INDEX document_status_record ON document_status (record_id)`);
    await q.query(
      `CREATE INDEX discrepancy_open_record ON discrepancy (record_id) WHERE status <> 'resolved'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'discrepancy_open_record',
      'document_status_record',
      'document_record',
      'actual_cost_source',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}
