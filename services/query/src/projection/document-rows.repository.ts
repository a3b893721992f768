import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { col } from './columns';
import type { DocumentStatusRow } from './projection.batch';

/** recon.document-status.v1 → document_row, and the summary aggregate kept in step with it. */
@Injectable()
export class DocumentRowsRepository {
  /**
   * The document rows and, in the same statement, the summary aggregate: each replaced row's old
   * contribution is taken out and the new one added. Why a maintained aggregate rather than a
   * covering index: the tiles add four sums over every document of a window, and an index-only
   * scan still reads one index entry per document; the aggregate reads one row per legal entity,
   * day, type, currency and status, whatever the number of documents; its monthly roll-up
   * (document_summary_month) gets the same delta, so a window's whole months read one row instead of
   * one a day. Summary rows are written in key order so concurrent batches (other partitions) lock
   * them in the same order: every statement takes all its month rows and all its day rows, each set
   * in key order, one set after the other in the same order (the plan is the same every time).
   */
  async upsert(runner: QueryRunner, rows: DocumentStatusRow[]): Promise<void> {
    if (rows.length === 0) return;
    // The delta below is exact only if no other transaction changes the same documents meanwhile.
    // Keyed partitions already ensure that, except while a rebalance hands a partition over: these
    // locks (taken in one order, held to commit) make it hold then too, and the statement below,
    // started after them, sees what the other transaction committed.
    await runner.query(
      `SELECT count(pg_advisory_xact_lock(h)) FROM (
         SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) locks`,
      [col(rows, (r) => `query.document:${r.documentType}:${r.recordId}`)],
    );
    await runner.query(
      `WITH incoming AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[],
           $8::numeric[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::numeric[], $14::text[], $15::text[],
           $16::timestamptz[], $17::numeric[], $18::numeric[], $19::numeric[], $20::int[], $21::timestamptz[])
         AS t(document_type, record_id, legal_entity, project_id, status, document_date, category, amount, currency,
           voucher, actual_exists, journal_id, journal_line_amount, journal_voucher, posted_date, last_retried_at,
           missing_actual_amount, missing_journal_line_amount, unreconciled_amount, version, updated_at)
       ),
       previous AS (
         SELECT d.* FROM document_row d
         JOIN incoming i ON i.document_type = d.document_type AND i.record_id = d.record_id
         WHERE d.version < i.version
         FOR UPDATE OF d
       ),
       written AS (
         INSERT INTO document_row (document_type, record_id, legal_entity, project_id, status, document_date, category,
           amount, currency, voucher, actual_exists, journal_id, journal_line_amount, journal_voucher, posted_date,
           last_retried_at, missing_actual_amount, missing_journal_line_amount, unreconciled_amount, version, updated_at)
         SELECT * FROM incoming
         ON CONFLICT (document_type, record_id) DO UPDATE SET legal_entity = EXCLUDED.legal_entity,
           project_id = EXCLUDED.project_id, status = EXCLUDED.status, document_date = EXCLUDED.document_date,
           category = EXCLUDED.category, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
           voucher = EXCLUDED.voucher, actual_exists = EXCLUDED.actual_exists, journal_id = EXCLUDED.journal_id,
           journal_line_amount = EXCLUDED.journal_line_amount, journal_voucher = EXCLUDED.journal_voucher,
           posted_date = EXCLUDED.posted_date, last_retried_at = EXCLUDED.last_retried_at,
           missing_actual_amount = EXCLUDED.missing_actual_amount,
           missing_journal_line_amount = EXCLUDED.missing_journal_line_amount,
           unreconciled_amount = EXCLUDED.unreconciled_amount, version = EXCLUDED.version,
           updated_at = EXCLUDED.updated_at
         WHERE document_row.version < EXCLUDED.version
         RETURNING *
       ),
       delta AS (
         SELECT legal_entity, coalesce(document_date, '-infinity'::date) AS document_date, document_type, currency,
           status, -1 AS documents, -amount AS amount, -missing_actual_amount AS missing_actual_amount,
           -missing_journal_line_amount AS missing_journal_line_amount, -unreconciled_amount AS unreconciled_amount
         FROM previous
         UNION ALL
         SELECT legal_entity, coalesce(document_date, '-infinity'::date), document_type, currency, status, 1, amount,
           missing_actual_amount, missing_journal_line_amount, unreconciled_amount
         FROM written
       ),
       daily AS (
         INSERT INTO document_summary (legal_entity, document_date, document_type, currency, status, documents, amount,
           missing_actual_amount, missing_journal_line_amount, unreconciled_amount)
         SELECT legal_entity, document_date, document_type, currency, status, sum(documents), sum(amount),
           sum(missing_actual_amount), sum(missing_journal_line_amount), sum(unreconciled_amount)
         FROM delta
         GROUP BY legal_entity, document_date, document_type, currency, status
         ORDER BY legal_entity, document_date, document_type, currency, status
         ON CONFLICT (legal_entity, document_date, document_type, currency, status) DO UPDATE SET
           documents = document_summary.documents + EXCLUDED.documents,
           amount = document_summary.amount + EXCLUDED.amount,
           missing_actual_amount = document_summary.missing_actual_amount + EXCLUDED.missing_actual_amount,
           missing_journal_line_amount = document_summary.missing_journal_line_amount + EXCLUDED.missing_journal_line_amount,
           unreconciled_amount = document_summary.unreconciled_amount + EXCLUDED.unreconciled_amount
       )
       INSERT INTO document_summary_month (legal_entity, month, document_type, currency, status, documents, amount,
         missing_actual_amount, missing_journal_line_amount, unreconciled_amount)
       SELECT legal_entity, date_trunc('month', document_date::timestamp)::date AS month, document_type, currency, status,
         sum(documents), sum(amount), sum(missing_actual_amount), sum(missing_journal_line_amount), sum(unreconciled_amount)
       FROM delta
       GROUP BY 1, 2, 3, 4, 5
       ORDER BY 1, 2, 3, 4, 5
       ON CONFLICT (legal_entity, month, document_type, currency, status) DO UPDATE SET
         documents = document_summary_month.documents + EXCLUDED.documents,
         amount = document_summary_month.amount + EXCLUDED.amount,
         missing_actual_amount = document_summary_month.missing_actual_amount + EXCLUDED.missing_actual_amount,
         missing_journal_line_amount = document_summary_month.missing_journal_line_amount + EXCLUDED.missing_journal_line_amount,
         unreconciled_amount = document_summary_month.unreconciled_amount + EXCLUDED.unreconciled_amount`,
      [
        col(rows, (r) => r.documentType),
        col(rows, (r) => r.recordId),
        col(rows, (r) => r.legalEntity),
        col(rows, (r) => r.projectId),
        col(rows, (r) => r.status),
        col(rows, (r) => r.documentDate),
        col(rows, (r) => r.category),
        col(rows, (r) => r.amount),
        col(rows, (r) => r.currency),
        col(rows, (r) => r.voucher),
        col(rows, (r) => r.actualExists),
        col(rows, (r) => r.journalId),
        col(rows, (r) => r.journalLineAmount),
        col(rows, (r) => r.journalVoucher),
        col(rows, (r) => r.postedDate),
        col(rows, (r) => r.lastRetriedAt),
        col(rows, (r) => r.missingActualAmount),
        col(rows, (r) => r.missingJournalLineAmount),
        col(rows, (r) => r.unreconciledAmount),
        col(rows, (r) => r.version),
        col(rows, (r) => r.updatedAt),
      ],
    );
  }
}
