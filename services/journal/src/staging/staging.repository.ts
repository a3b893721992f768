import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';

export interface StagedActualRow {
  actualId: string;
  legalEntity: string;
  projectId: string;
  transactionType: string;
  transactionClass: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  currency: string;
  documentDate: string;
  accountingDate: string;
  skipSync: boolean;
  occurredAt: string;
}

export interface ConnectionRow {
  connectionId: string;
  transaction1Id: string;
  transaction1Role: string;
  transaction1Type: string;
  transaction2Id: string;
  transaction2Role: string;
  transaction2Type: string;
  occurredAt: string;
}

export interface SetupRow {
  kind: string;
  recordId: string;
  data: unknown;
  deleted: boolean;
  occurredAt: string;
}

const col = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);

/**
 * Staging writes: multi-row upserts where a change older than the stored one (by the source's
 * occurredAt) is ignored. An actual already imported keeps its status: Finance never re-imports it.
 */
@Injectable()
export class StagingRepository {
  /** Returns the ids of actuals whose staging row was inserted or changed. */
  async upsertActuals(runner: QueryRunner, rows: StagedActualRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const changed = (await runner.query(
      `INSERT INTO staged_actual (actual_id, legal_entity, project_id, transaction_type, transaction_class, quantity,
         unit_price, amount, currency, document_date, accounting_date, skip_sync, source_occurred_at, import_status)
       SELECT a, le, p, tt, tc, q, up, amt, cur, dd, ad, ss, oa, CASE WHEN ss THEN 'skipped' ELSE 'pending' END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[],
                   $9::text[], $10::date[], $11::date[], $12::bool[], $13::timestamptz[])
         AS u(a, le, p, tt, tc, q, up, amt, cur, dd, ad, ss, oa)
       ON CONFLICT (actual_id) DO UPDATE SET
         legal_entity = EXCLUDED.legal_entity, project_id = EXCLUDED.project_id,
         transaction_type = EXCLUDED.transaction_type, transaction_class = EXCLUDED.transaction_class,
         quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price, amount = EXCLUDED.amount,
         currency = EXCLUDED.currency, document_date = EXCLUDED.document_date,
         accounting_date = EXCLUDED.accounting_date, skip_sync = EXCLUDED.skip_sync,
         source_occurred_at = EXCLUDED.source_occurred_at, updated_at = now(),
         -- A resent actual that failed before gets a fresh set of automatic retries.
         import_status = CASE
           WHEN staged_actual.import_status = 'imported' THEN 'imported'
           WHEN EXCLUDED.skip_sync THEN 'skipped'
           ELSE 'pending' END,
         retry_count = CASE WHEN staged_actual.import_status = 'imported' THEN staged_actual.retry_count ELSE 0 END,
         next_retry_at = NULL
       WHERE staged_actual.source_occurred_at <= EXCLUDED.source_occurred_at
       RETURNING actual_id`,
      [
        col(rows, 'actualId'),
        col(rows, 'legalEntity'),
        col(rows, 'projectId'),
        col(rows, 'transactionType'),
        col(rows, 'transactionClass'),
        col(rows, 'quantity'),
        col(rows, 'unitPrice'),
        col(rows, 'amount'),
        col(rows, 'currency'),
        col(rows, 'documentDate'),
        col(rows, 'accountingDate'),
        col(rows, 'skipSync'),
        col(rows, 'occurredAt'),
      ],
    )) as { actual_id: string }[];
    return changed.map((r) => r.actual_id);
  }

  async upsertConnections(runner: QueryRunner, rows: ConnectionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO transaction_connection (connection_id, transaction1_id, transaction1_role, transaction1_type,
         transaction2_id, transaction2_role, transaction2_type, source_occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       ON CONFLICT (connection_id) DO UPDATE SET
         transaction1_id = EXCLUDED.transaction1_id, transaction1_role = EXCLUDED.transaction1_role,
         transaction1_type = EXCLUDED.transaction1_type, transaction2_id = EXCLUDED.transaction2_id,
         transaction2_role = EXCLUDED.transaction2_role, transaction2_type = EXCLUDED.transaction2_type,
         source_occurred_at = EXCLUDED.source_occurred_at
       WHERE transaction_connection.source_occurred_at <= EXCLUDED.source_occurred_at`,
      [
        col(rows, 'connectionId'),
        col(rows, 'transaction1Id'),
        col(rows, 'transaction1Role'),
        col(rows, 'transaction1Type'),
        col(rows, 'transaction2Id'),
        col(rows, 'transaction2Role'),
        col(rows, 'transaction2Type'),
        col(rows, 'occurredAt'),
      ],
    );
  }

  /**
   * A new connection may unblock actuals waiting for it: make them due now, with a fresh set of
   * automatic retries (as wakeBilledSalesWaitingOn does), since the ones spent were spent on its absence.
   */
  async wakeActualsConnectedTo(runner: QueryRunner, actualIds: string[]): Promise<void> {
    if (actualIds.length === 0) return;
    await runner.query(
      `UPDATE staged_actual SET next_retry_at = NULL, retry_count = 0
       WHERE actual_id = ANY($1::text[]) AND import_status IN ('waiting', 'Error')`,
      [actualIds],
    );
  }

  async upsertSetup(runner: QueryRunner, rows: SetupRow[]): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO setup_record (kind, record_id, data, deleted, source_occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bool[], $5::timestamptz[])
       ON CONFLICT (kind, record_id) DO UPDATE SET
         data = EXCLUDED.data, deleted = EXCLUDED.deleted, source_occurred_at = EXCLUDED.source_occurred_at
       WHERE setup_record.source_occurred_at <= EXCLUDED.source_occurred_at`,
      [
        col(rows, 'kind'),
        col(rows, 'recordId'),
        rows.map((r) => JSON.stringify(r.data)),
        col(rows, 'deleted'),
        col(rows, 'occurredAt'),
      ],
    );
  }

  /** Setup changes (a period reopened, a rate added) may unblock failed imports: make them due now. */
  async wakeFailedImports(runner: QueryRunner): Promise<void> {
    await runner.query(
      `UPDATE staged_actual SET next_retry_at = NULL WHERE import_status IN ('waiting', 'Error') AND retry_count <= 5`,
    );
  }
}
