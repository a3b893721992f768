import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DOCUMENT_COLUMNS } from '../grids/grids.filters';
import { DISCREPANCY_COLUMNS } from '../discrepancies/discrepancies.repository';

export interface ActualWithLine {
  actualId: string;
  [column: string]: unknown;
}

export interface TimelineEntry {
  eventId: string;
  subjectType: string;
  subjectId: string;
  topic: string;
  occurredAt: Date;
  payload: unknown;
}

/** Everything the read model knows about one record, for the document sync view. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async statusRow(documentType: string, recordId: string): Promise<Record<string, unknown> | null> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${DOCUMENT_COLUMNS} FROM document_row d WHERE d.document_type = $1 AND d.record_id = $2`,
      [documentType, recordId],
    );
    return rows[0] ?? null;
  }

  /** The document's actuals (or the actual itself), each with its journal line. */
  actuals(documentType: string, recordId: string): Promise<ActualWithLine[]> {
    // An actual names its document by id and (usually) type; the type keeps an expense and a line apart.
    const [which, params] =
      documentType === 'actual'
        ? [`a.actual_id = $1`, [recordId]]
        : [
            `a.source_document_id = $1 AND (a.source_document_type IS NULL OR a.source_document_type = $2)`,
            [recordId, documentType],
          ];
    return this.dataSource.query<ActualWithLine[]>(
      `SELECT a.actual_id AS "actualId", a.legal_entity AS "legalEntity", a.project_id AS "projectId",
         a.transaction_type AS "transactionType", a.transaction_class AS "transactionClass",
         trim_scale(a.amount)::text AS amount, a.currency, to_char(a.document_date, 'YYYY-MM-DD') AS "documentDate",
         to_char(a.accounting_date, 'YYYY-MM-DD') AS "accountingDate", a.source_document_type AS "sourceDocumentType",
         a.source_document_id AS "sourceDocumentId", a.skip_sync AS "skipSync", a.voucher, a.created_on AS "createdOn",
         a.map_version AS "mapVersion", a.deleted, a.occurred_at AS "updatedAt",
         CASE WHEN l.line_id IS NULL THEN NULL ELSE json_build_object(
           'lineId', l.line_id, 'journalId', l.journal_id, 'lineKind', l.line_kind, 'status', l.status,
           'journalStatus', l.journal_status, 'amount', trim_scale(l.amount)::text, 'currency', l.currency,
           'accountingAmount', trim_scale(l.accounting_amount)::text, 'accountingCurrency', l.accounting_currency,
           'voucher', l.voucher, 'postedAt', l.posted_at, 'sequence', l.sequence, 'updatedAt', l.occurred_at) END AS line
       FROM actual a LEFT JOIN journal_line l ON l.actual_id = a.actual_id
       WHERE ${which}
       ORDER BY a.actual_id`,
      params,
    );
  }

  /** A line whose actual the read model has not seen (yet): the sync view still shows it. */
  linesWithoutActual(actualId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT l.line_id AS "lineId", l.journal_id AS "journalId", l.status, trim_scale(l.amount)::text AS amount,
         l.currency, l.voucher, l.posted_at AS "postedAt", l.sequence
       FROM journal_line l WHERE l.actual_id = $1`,
      [actualId],
    );
  }

  discrepancies(subjects: { documentType: string; recordId: string }[]): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT ${DISCREPANCY_COLUMNS} FROM discrepancy d
       JOIN unnest($1::text[], $2::text[]) AS s(document_type, record_id)
         ON s.document_type = d.document_type AND s.record_id = d.record_id
       ORDER BY d.detected_at, d.discrepancy_id`,
      [subjects.map((s) => s.documentType), subjects.map((s) => s.recordId)],
    );
  }

  /** Every event seen about the subjects, oldest first; an event about several of them appears once. */
  timeline(subjects: { documentType: string; recordId: string }[]): Promise<TimelineEntry[]> {
    return this.dataSource.query<TimelineEntry[]>(
      `SELECT DISTINCT ON (t.occurred_at, t.event_id) t.event_id AS "eventId", t.subject_type AS "subjectType",
         t.subject_id AS "subjectId", t.topic, t.occurred_at AS "occurredAt", t.payload
       FROM timeline_event t
       JOIN unnest($1::text[], $2::text[]) AS s(subject_type, subject_id)
         ON s.subject_type = t.subject_type AND s.subject_id = t.subject_id
       ORDER BY t.occurred_at, t.event_id, t.subject_type`,
      [subjects.map((s) => s.documentType), subjects.map((s) => s.recordId)],
    );
  }
}
