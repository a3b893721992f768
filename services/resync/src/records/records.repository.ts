import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';

export interface StoredActualRow {
  actualId: string;
  legalEntity: string;
  accountingDate: string;
  sourceDocumentId: string | null;
  data: unknown;
  occurredAt: string;
}

export interface StoredConnectionRow {
  connectionId: string;
  transaction1Id: string;
  transaction2Id: string;
  data: unknown;
  occurredAt: string;
}

export interface LineStatusRow {
  actualId: string;
  lineId: string;
  journalId: string;
  status: string;
  sequence: number;
}

export interface DiscrepancyRow {
  discrepancyId: string;
  type: string;
  documentType: string;
  recordId: string;
  legalEntity: string;
  status: string;
  detectedAt: string;
}

/** What a resync needs to know: the latest actuals and connections, line statuses, open discrepancies. */
@Injectable()
export class RecordsRepository {
  async upsertActuals(runner: QueryRunner, rows: StoredActualRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO stored_actual (actual_id, legal_entity, accounting_date, source_document_id, data, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::jsonb[], $6::timestamptz[])
       ON CONFLICT (actual_id) DO UPDATE SET legal_entity = EXCLUDED.legal_entity, accounting_date = EXCLUDED.accounting_date,
         source_document_id = EXCLUDED.source_document_id, data = EXCLUDED.data, occurred_at = EXCLUDED.occurred_at
       WHERE stored_actual.occurred_at <= EXCLUDED.occurred_at`,
      [
        rows.map((r) => r.actualId),
        rows.map((r) => r.legalEntity),
        rows.map((r) => r.accountingDate),
        rows.map((r) => r.sourceDocumentId),
        rows.map((r) => JSON.stringify(r.data)),
        rows.map((r) => r.occurredAt),
      ],
    );
  }

  async upsertConnections(runner: QueryRunner, rows: StoredConnectionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO stored_connection (connection_id, transaction1_id, transaction2_id, data, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])
       ON CONFLICT (connection_id) DO UPDATE SET transaction1_id = EXCLUDED.transaction1_id,
         transaction2_id = EXCLUDED.transaction2_id, data = EXCLUDED.data, occurred_at = EXCLUDED.occurred_at
       WHERE stored_connection.occurred_at <= EXCLUDED.occurred_at`,
      [
        rows.map((r) => r.connectionId),
        rows.map((r) => r.transaction1Id),
        rows.map((r) => r.transaction2Id),
        rows.map((r) => JSON.stringify(r.data)),
        rows.map((r) => r.occurredAt),
      ],
    );
  }

  async upsertLines(runner: QueryRunner, rows: LineStatusRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO line_status (actual_id, line_id, journal_id, status, sequence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
       ON CONFLICT (actual_id) DO UPDATE SET line_id = EXCLUDED.line_id, journal_id = EXCLUDED.journal_id,
         status = EXCLUDED.status, sequence = EXCLUDED.sequence
       WHERE line_status.sequence < EXCLUDED.sequence`,
      [
        rows.map((r) => r.actualId),
        rows.map((r) => r.lineId),
        rows.map((r) => r.journalId),
        rows.map((r) => r.status),
        rows.map((r) => r.sequence),
      ],
    );
  }

  async upsertDiscrepancies(runner: QueryRunner, rows: DiscrepancyRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO known_discrepancy (discrepancy_id, type, document_type, record_id, legal_entity, status, detected_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       ON CONFLICT (discrepancy_id) DO UPDATE SET status = EXCLUDED.status, detected_at = EXCLUDED.detected_at,
         legal_entity = EXCLUDED.legal_entity
       WHERE known_discrepancy.detected_at <= EXCLUDED.detected_at`,
      [
        rows.map((r) => r.discrepancyId),
        rows.map((r) => r.type),
        rows.map((r) => r.documentType),
        rows.map((r) => r.recordId),
        rows.map((r) => r.legalEntity),
        rows.map((r) => r.status),
        rows.map((r) => r.detectedAt),
      ],
    );
  }
}
