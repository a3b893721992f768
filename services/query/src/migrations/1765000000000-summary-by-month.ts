import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The summary aggregate rolled up by month, kept in the same statement as document_summary
 * (document-rows.repository.ts). A summary window reads its whole months here and only its partial
 * months' days from document_summary: the default window (1 January of the previous year to today)
 * is ≈ 23 month rows per legal entity, type, currency and status instead of ≈ 700 day rows. Undated
 * documents sit on '-infinity', as in document_summary.
 */
export class SummaryByMonth1765000000000 implements MigrationInterface {
  name = 'SummaryByMonth1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_summary_month (
        legal_entity                text    NOT NULL,
        month                       date    NOT NULL,
        document_type               text    NOT NULL,
        currency                    text    NOT NULL,
        status                      text    NOT NULL,
        documents                   integer NOT NULL,
        amount                      numeric NOT NULL,
        missing_actual_amount       numeric NOT NULL,
        missing_journal_line_amount numeric NOT NULL,
        unreconciled_amount         numeric NOT NULL,
        PRIMARY KEY (legal_entity, month, document_type, currency, status)
      )`);
    await q.query(`CREATE INDEX document_summary_month_window ON document_summary_month (month)`);
    await q.query(`
      INSERT INTO document_summary_month (legal_entity, month, document_type, currency, status, documents, amount,
        missing_actual_amount, missing_journal_line_amount, unreconciled_amount)
      SELECT legal_entity, date_trunc('month', document_date::timestamp)::date, document_type, currency, status,
        sum(documents), sum(amount), sum(missing_actual_amount), sum(missing_journal_line_amount), sum(unreconciled_amount)
      FROM document_summary GROUP BY 1, 2, 3, 4, 5`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_summary_month`);
  }
}
