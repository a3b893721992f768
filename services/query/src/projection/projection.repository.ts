import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { col } from './columns';
import { DocumentRowsRepository } from './document-rows.repository';
import type {
  ActualDeleteRow,
  ActualRow,
  DeadLetterRow,
  DiscrepancyRow,
  JournalLineRow,
  JournalLogRow,
  JournalRow,
  MapStateRow,
  MapVersionSeenRow,
  ProjectionBatch,
  TimelineRow,
} from './projection.batch';

/**
 * Writes a projection batch, every table with one multi-row statement (`unnest`), each guarded so
 * an older change never overwrites a newer one: replays and redeliveries leave the same rows.
 */
@Injectable()
export class ProjectionRepository {
  constructor(private readonly documents: DocumentRowsRepository) {}

  async apply(runner: QueryRunner, batch: ProjectionBatch): Promise<void> {
    await this.documents.upsert(runner, batch.documents);
    await this.upsertDiscrepancies(runner, batch.discrepancies);
    await this.upsertActuals(runner, batch.actuals);
    await this.deleteActuals(runner, batch.actualDeletes);
    await this.upsertLines(runner, batch.lines);
    await this.upsertJournals(runner, batch.journals);
    await this.upsertLogs(runner, batch.logs);
    await this.upsertDeadLetters(runner, batch.deadLetters);
    await this.upsertMapVersions(runner, batch.mapVersions);
    await this.upsertMapStates(runner, batch.mapStates);
    await this.appendTimeline(runner, batch.timeline);
  }

  private async upsertDiscrepancies(runner: QueryRunner, rows: DiscrepancyRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO discrepancy (discrepancy_id, type, status, document_type, record_id, legal_entity, project_id, amount,
         currency, causes, remedy, first_detected_at, detected_at, resolved_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::numeric[], $9::text[], $10::jsonb[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[])
       ON CONFLICT (discrepancy_id) DO UPDATE SET type = EXCLUDED.type, status = EXCLUDED.status,
         document_type = EXCLUDED.document_type, record_id = EXCLUDED.record_id, legal_entity = EXCLUDED.legal_entity,
         project_id = EXCLUDED.project_id, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
         causes = EXCLUDED.causes, remedy = EXCLUDED.remedy, first_detected_at = EXCLUDED.first_detected_at,
         detected_at = EXCLUDED.detected_at, resolved_at = EXCLUDED.resolved_at
       WHERE discrepancy.detected_at <= EXCLUDED.detected_at`,
      [
        col(rows, (r) => r.discrepancyId),
        col(rows, (r) => r.type),
        col(rows, (r) => r.status),
        col(rows, (r) => r.documentType),
        col(rows, (r) => r.recordId),
        col(rows, (r) => r.legalEntity),
        col(rows, (r) => r.projectId),
        col(rows, (r) => r.amount),
        col(rows, (r) => r.currency),
        col(rows, (r) => JSON.stringify(r.causes)),
        col(rows, (r) => r.remedy),
        col(rows, (r) => r.firstDetectedAt),
        col(rows, (r) => r.detectedAt),
        col(rows, (r) => r.resolvedAt),
      ],
    );
  }

  private async upsertActuals(runner: QueryRunner, rows: ActualRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO actual (actual_id, legal_entity, project_id, transaction_type, transaction_class, amount, currency,
         document_date, accounting_date, source_document_type, source_document_id, skip_sync, voucher, created_on,
         map_version, occurred_at, deleted)
       SELECT *, false FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[],
         $8::date[], $9::date[], $10::text[], $11::text[], $12::boolean[], $13::text[], $14::timestamptz[], $15::text[],
         $16::timestamptz[])
       ON CONFLICT (actual_id) DO UPDATE SET legal_entity = EXCLUDED.legal_entity, project_id = EXCLUDED.project_id,
         transaction_type = EXCLUDED.transaction_type, transaction_class = EXCLUDED.transaction_class,
         amount = EXCLUDED.amount, currency = EXCLUDED.currency, document_date = EXCLUDED.document_date,
         accounting_date = EXCLUDED.accounting_date, source_document_type = EXCLUDED.source_document_type,
         source_document_id = EXCLUDED.source_document_id, skip_sync = EXCLUDED.skip_sync, voucher = EXCLUDED.voucher,
         created_on = EXCLUDED.created_on, map_version = EXCLUDED.map_version, occurred_at = EXCLUDED.occurred_at,
         deleted = false
       WHERE actual.occurred_at <= EXCLUDED.occurred_at`,
      [
        col(rows, (r) => r.actualId),
        col(rows, (r) => r.legalEntity),
        col(rows, (r) => r.projectId),
        col(rows, (r) => r.transactionType),
        col(rows, (r) => r.transactionClass),
        col(rows, (r) => r.amount),
        col(rows, (r) => r.currency),
        col(rows, (r) => r.documentDate),
        col(rows, (r) => r.accountingDate),
        col(rows, (r) => r.sourceDocumentType),
        col(rows, (r) => r.sourceDocumentId),
        col(rows, (r) => r.skipSync),
        col(rows, (r) => r.voucher),
        col(rows, (r) => r.createdOn),
        col(rows, (r) => r.mapVersion),
        col(rows, (r) => r.occurredAt),
      ],
    );
  }

  /** A delete keeps the actual's last state, marked deleted (its lines and timeline still name it). */
  private async deleteActuals(runner: QueryRunner, rows: ActualDeleteRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO actual (actual_id, occurred_at, deleted)
       SELECT id, at, true FROM unnest($1::text[], $2::timestamptz[]) AS t(id, at)
       ON CONFLICT (actual_id) DO UPDATE SET deleted = true, occurred_at = EXCLUDED.occurred_at
       WHERE actual.occurred_at <= EXCLUDED.occurred_at`,
      [col(rows, (r) => r.actualId), col(rows, (r) => r.occurredAt)],
    );
  }

  private async upsertLines(runner: QueryRunner, rows: JournalLineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO journal_line (line_id, journal_id, line_kind, actual_id, legal_entity, project_id, transaction_type,
         transaction_class, status, amount, currency, accounting_amount, accounting_currency, exchange_rate, voucher,
         posted_at, journal_status, sequence, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::numeric[], $11::text[], $12::numeric[], $13::text[], $14::numeric[], $15::text[],
         $16::timestamptz[], $17::text[], $18::int[], $19::timestamptz[])
       ON CONFLICT (line_id) DO UPDATE SET journal_id = EXCLUDED.journal_id, line_kind = EXCLUDED.line_kind,
         actual_id = EXCLUDED.actual_id, legal_entity = EXCLUDED.legal_entity, project_id = EXCLUDED.project_id,
         transaction_type = EXCLUDED.transaction_type, transaction_class = EXCLUDED.transaction_class,
         status = EXCLUDED.status, amount = EXCLUDED.amount, currency = EXCLUDED.currency,
         accounting_amount = EXCLUDED.accounting_amount, accounting_currency = EXCLUDED.accounting_currency,
         exchange_rate = EXCLUDED.exchange_rate, voucher = EXCLUDED.voucher, posted_at = EXCLUDED.posted_at,
         journal_status = EXCLUDED.journal_status, sequence = EXCLUDED.sequence, occurred_at = EXCLUDED.occurred_at
       WHERE journal_line.sequence < EXCLUDED.sequence`,
      [
        col(rows, (r) => r.lineId),
        col(rows, (r) => r.journalId),
        col(rows, (r) => r.lineKind),
        col(rows, (r) => r.actualId),
        col(rows, (r) => r.legalEntity),
        col(rows, (r) => r.projectId),
        col(rows, (r) => r.transactionType),
        col(rows, (r) => r.transactionClass),
        col(rows, (r) => r.status),
        col(rows, (r) => r.amount),
        col(rows, (r) => r.currency),
        col(rows, (r) => r.accountingAmount),
        col(rows, (r) => r.accountingCurrency),
        col(rows, (r) => r.exchangeRate),
        col(rows, (r) => r.voucher),
        col(rows, (r) => r.postedAt),
        col(rows, (r) => r.journalStatus),
        col(rows, (r) => r.sequence),
        col(rows, (r) => r.occurredAt),
      ],
    );
  }

  private async upsertJournals(runner: QueryRunner, rows: JournalRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO journal (journal_id, line_kind, legal_entity, status, updated_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
       ORDER BY 1
       ON CONFLICT (journal_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
       WHERE journal.updated_at <= EXCLUDED.updated_at`,
      [
        col(rows, (r) => r.journalId),
        col(rows, (r) => r.lineKind),
        col(rows, (r) => r.legalEntity),
        col(rows, (r) => r.status),
        col(rows, (r) => r.updatedAt),
      ],
    );
  }

  /** Entries are immutable but for becoming resolved and being retried, which never go backwards. */
  private async upsertLogs(runner: QueryRunner, rows: JournalLogRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO journal_log (entry_id, log, run_id, actual_id, legal_entity, code, message, retry_count,
         last_retried_at, resolved_by_later_run, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::int[], $9::timestamptz[], $10::boolean[], $11::timestamptz[])
       ON CONFLICT (entry_id) DO UPDATE SET
         resolved_by_later_run = journal_log.resolved_by_later_run OR EXCLUDED.resolved_by_later_run,
         retry_count = GREATEST(journal_log.retry_count, EXCLUDED.retry_count),
         last_retried_at = GREATEST(journal_log.last_retried_at, EXCLUDED.last_retried_at)`,
      [
        col(rows, (r) => r.entryId),
        col(rows, (r) => r.log),
        col(rows, (r) => r.runId),
        col(rows, (r) => r.actualId),
        col(rows, (r) => r.legalEntity),
        col(rows, (r) => r.code),
        col(rows, (r) => r.message),
        col(rows, (r) => r.retryCount),
        col(rows, (r) => r.lastRetriedAt),
        col(rows, (r) => r.resolvedByLaterRun),
        col(rows, (r) => r.occurredAt),
      ],
    );
  }

  private async upsertDeadLetters(runner: QueryRunner, rows: DeadLetterRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO dead_letter (service, source_topic, partition, source_offset, event_id, message_key, message_value,
         headers, reason, issues, received_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::uuid[], $6::text[], $7::text[],
         $8::jsonb[], $9::text[], $10::jsonb[], $11::timestamptz[])
       ON CONFLICT (service, source_topic, partition, source_offset) DO UPDATE SET event_id = EXCLUDED.event_id,
         message_key = EXCLUDED.message_key, message_value = EXCLUDED.message_value, headers = EXCLUDED.headers,
         reason = EXCLUDED.reason, issues = EXCLUDED.issues, received_at = EXCLUDED.received_at
       WHERE dead_letter.received_at <= EXCLUDED.received_at`,
      [
        col(rows, (r) => r.service),
        col(rows, (r) => r.sourceTopic),
        col(rows, (r) => r.partition),
        col(rows, (r) => r.offset),
        col(rows, (r) => r.eventId),
        col(rows, (r) => r.key),
        col(rows, (r) => r.value),
        col(rows, (r) => JSON.stringify(r.headers)),
        col(rows, (r) => r.reason),
        col(rows, (r) => JSON.stringify(r.issues)),
        col(rows, (r) => r.receivedAt),
      ],
    );
  }

  private async upsertMapVersions(runner: QueryRunner, rows: MapVersionSeenRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO map_version_seen (map_name, version, first_seen_at, last_seen_at, events)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::bigint[])
       ORDER BY 1, 2
       ON CONFLICT (map_name, version) DO UPDATE SET
         first_seen_at = LEAST(map_version_seen.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(map_version_seen.last_seen_at, EXCLUDED.last_seen_at),
         events = map_version_seen.events + EXCLUDED.events`,
      [
        col(rows, (r) => r.mapName),
        col(rows, (r) => r.version),
        col(rows, (r) => r.firstSeenAt),
        col(rows, (r) => r.lastSeenAt),
        col(rows, (r) => r.events),
      ],
    );
  }

  private async upsertMapStates(runner: QueryRunner, rows: MapStateRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO dual_write_map (map_name, version, state, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (map_name) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state,
         occurred_at = EXCLUDED.occurred_at
       WHERE dual_write_map.occurred_at <= EXCLUDED.occurred_at`,
      [
        col(rows, (r) => r.mapName),
        col(rows, (r) => r.version),
        col(rows, (r) => r.state),
        col(rows, (r) => r.occurredAt),
      ],
    );
  }

  private async appendTimeline(runner: QueryRunner, rows: TimelineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO timeline_event (event_id, subject_type, subject_id, topic, occurred_at, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
       ON CONFLICT DO NOTHING`,
      [
        col(rows, (r) => r.eventId),
        col(rows, (r) => r.subjectType),
        col(rows, (r) => r.subjectId),
        col(rows, (r) => r.topic),
        col(rows, (r) => r.occurredAt),
        col(rows, (r) => JSON.stringify(r.payload)),
      ],
    );
  }
}
