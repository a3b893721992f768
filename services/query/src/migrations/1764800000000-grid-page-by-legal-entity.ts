import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A grid page filtered by legal entity walks this index in the grid's order (newest first, then
 * id) and stops after the page, instead of sorting every matching document of the window.
 */
export class GridPageByLegalEntity1764800000000 implements MigrationInterface {
  name = 'GridPageByLegalEntity1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX document_row_entity_page ON document_row (document_type, legal_entity, status, document_date DESC, record_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_row_entity_page`);
  }
}
