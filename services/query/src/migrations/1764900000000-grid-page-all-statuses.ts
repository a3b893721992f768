import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The "all" view of a grid has no status to put ahead of the date, so the page indexes keyed by
 * status cannot give its rows in order; these two can, with and without a legal entity. They take
 * over from document_row_view (type, legal entity, date ascending, status), whose date order was
 * the wrong way round for any page.
 */
export class GridPageAllStatuses1764900000000 implements MigrationInterface {
  name = 'GridPageAllStatuses1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_row_view`);
    await q.query(
      `CREATE INDEX document_row_entity_all_page
         ON document_row (document_type, legal_entity, document_date DESC NULLS LAST, record_id)`,
    );
    await q.query(
      `CREATE INDEX document_row_all_page ON document_row (document_type, document_date DESC NULLS LAST, record_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_row_all_page`);
    await q.query(`DROP INDEX document_row_entity_all_page`);
    await q.query(
      `CREATE INDEX document_row_view ON document_row (document_type, legal_entity, document_date, status)`,
    );
  }
}
