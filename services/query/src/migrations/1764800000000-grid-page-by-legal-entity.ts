import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grid pages are ordered `document_date DESC NULLS LAST, record_id` (undated documents last). An
 * index is only walked in that order if it is declared the same way — `DESC` alone means NULLS
 * FIRST — so the page index is rebuilt to match, and a twin with the legal entity serves the
 * filtered grids: a page then stops after `limit` rows instead of sorting the whole window.
 */
export class GridPageByLegalEntity1764800000000 implements MigrationInterface {
  name = 'GridPageByLegalEntity1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_row_page`);
    await q.query(
      `CREATE INDEX document_row_page ON document_row (document_type, status, document_date DESC NULLS LAST, record_id)`,
    );
    await q.query(
      `CREATE INDEX document_row_entity_page
         ON document_row (document_type, legal_entity, status, document_date DESC NULLS LAST, record_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_row_entity_page`);
    await q.query(`DROP INDEX document_row_page`);
    await q.query(
      `CREATE INDEX document_row_page ON document_row (document_type, status, document_date DESC, record_id)`,
    );
  }
}
