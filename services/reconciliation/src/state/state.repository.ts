import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { MapSighting } from './map-sightings';

export interface DocumentRow {
  /** The event that carried it, for the inbox; absent when derived. */
  eventId?: string;
  documentType: 'expense' | 'vendorInvoiceLine';
  recordId: string;
  legalEntity: string;
  projectId: string;
  category: string;
  amount: string;
  currency: string;
  documentDate: string;
  status: string;
  voucher: string | null;
  postedAt: string | null;
  deleted: boolean;
  occurredAt: string;
}

export interface ActualRow {
  /** The event that carried it, for the inbox; absent when derived. */
  eventId?: string;
  actualId: string;
  legalEntity: string;
  projectId: string;
  transactionType: string;
  amount: string;
  currency: string;
  accountingDate: string;
  sourceDocumentType: string | null;
  sourceDocumentId: string | null;
  skipSync: boolean;
  voucher: string | null;
  createdOn: string;
  deleted: boolean;
  occurredAt: string;
}

export interface ConnectionRow {
  /** The event that carried it, for the inbox; absent when derived. */
  eventId?: string;
  connectionId: string;
  transaction1Id: string;
  transaction1Role: string;
  transaction1Type: string;
  transaction2Id: string;
  transaction2Role: string;
  transaction2Type: string;
  occurredAt: string;
}

export interface LineRow {
  /** The event that carried it, for the inbox; absent when derived. */
  eventId?: string;
  actualId: string;
  lineId: string;
  journalId: string;
  status: string;
  amount: string;
  currency: string;
  voucher: string | null;
  postedAt: string | null;
  lastRetriedAt: string | null;
  sequence: number;
  occurredAt: string;
}

export type MapRow = MapSighting;

const col = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);

/**
 * Both sides' state, newest change wins (occurredAt at the source; the sequence for journal
 * lines). Each upsert returns the keys it changed, which are the records to evaluate again.
 */
@Injectable()
export class StateRepository {
  async upsertDocuments(
    runner: QueryRunner,
    rows: DocumentRow[],
  ): Promise<{ documentType: string; recordId: string }[]> {
    if (rows.length === 0) return [];
    return (await runner.query(
      `INSERT INTO document (document_type, record_id, legal_entity, project_id, category, amount, currency, document_date,
         status, voucher, posted_at, deleted, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::date[],
         $9::text[], $10::text[], $11::timestamptz[], $12::bool[], $13::timestamptz[])
       ON CONFLICT (document_type, record_id) DO UPDATE SET
         legal_entity = EXCLUDED.legal_entity, project_id = EXCLUDED.project_id, category = EXCLUDED.category,
         amount = EXCLUDED.amount, currency = EXCLUDED.currency, document_date = EXCLUDED.document_date,
         status = EXCLUDED.status, voucher = EXCLUDED.voucher, posted_at = EXCLUDED.posted_at,
         deleted = EXCLUDED.deleted, occurred_at = EXCLUDED.occurred_at
       WHERE document.occurred_at <= EXCLUDED.occurred_at
       RETURNING document_type AS "documentType", record_id AS "recordId"`,
      [
        col(rows, 'documentType'),
        col(rows, 'recordId'),
        col(rows, 'legalEntity'),
        col(rows, 'projectId'),
        col(rows, 'category'),
        col(rows, 'amount'),
        col(rows, 'currency'),
        col(rows, 'documentDate'),
        col(rows, 'status'),
        col(rows, 'voucher'),
        col(rows, 'postedAt'),
        col(rows, 'deleted'),
        col(rows, 'occurredAt'),
      ],
    )) as { documentType: string; recordId: string }[];
  }

  /** Returns each changed actual with its source document before and after (both need a new look). */
  async upsertActuals(
    runner: QueryRunner,
    rows: ActualRow[],
  ): Promise<{ actualId: string; documentIds: string[] }[]> {
    if (rows.length === 0) return [];
    const before = (await runner.query(
      `SELECT actual_id, source_document_id FROM actual WHERE actual_id = ANY($1::text[])`,
      [col(rows, 'actualId')],
    )) as { actual_id: string; source_document_id: string | null }[];
    const previous = new Map(before.map((r) => [r.actual_id, r.source_document_id]));
    const changed = (await runner.query(
      `INSERT INTO actual (actual_id, legal_entity, project_id, transaction_type, amount, currency, accounting_date,
         source_document_type, source_document_id, skip_sync, voucher, created_on, deleted, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::date[],
         $8::text[], $9::text[], $10::bool[], $11::text[], $12::timestamptz[], $13::bool[], $14::timestamptz[])
       ON CONFLICT (actual_id) DO UPDATE SET
         legal_entity = EXCLUDED.legal_entity, project_id = EXCLUDED.project_id, transaction_type = EXCLUDED.transaction_type,
         amount = EXCLUDED.amount, currency = EXCLUDED.currency, accounting_date = EXCLUDED.accounting_date,
         source_document_type = EXCLUDED.source_document_type, source_document_id = EXCLUDED.source_document_id,
         skip_sync = EXCLUDED.skip_sync, voucher = EXCLUDED.voucher, created_on = EXCLUDED.created_on,
         deleted = EXCLUDED.deleted, occurred_at = EXCLUDED.occurred_at
       WHERE actual.occurred_at <= EXCLUDED.occurred_at
       RETURNING actual_id, source_document_id`,
      [
        col(rows, 'actualId'),
        col(rows, 'legalEntity'),
        col(rows, 'projectId'),
        col(rows, 'transactionType'),
        col(rows, 'amount'),
        col(rows, 'currency'),
        col(rows, 'accountingDate'),
        col(rows, 'sourceDocumentType'),
        col(rows, 'sourceDocumentId'),
        col(rows, 'skipSync'),
        col(rows, 'voucher'),
        col(rows, 'createdOn'),
        col(rows, 'deleted'),
        col(rows, 'occurredAt'),
      ],
    )) as { actual_id: string; source_document_id: string | null }[];
    return changed.map((r) => ({
      actualId: r.actual_id,
      documentIds: [
        ...new Set([r.source_document_id, previous.get(r.actual_id) ?? null].filter((d): d is string => !!d)),
      ],
    }));
  }

  async upsertConnections(runner: QueryRunner, rows: ConnectionRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const changed = (await runner.query(
      `INSERT INTO transaction_connection (connection_id, transaction1_id, transaction1_role, transaction1_type,
         transaction2_id, transaction2_role, transaction2_type, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       ON CONFLICT (connection_id) DO UPDATE SET
         transaction1_id = EXCLUDED.transaction1_id, transaction1_role = EXCLUDED.transaction1_role,
         transaction1_type = EXCLUDED.transaction1_type, transaction2_id = EXCLUDED.transaction2_id,
         transaction2_role = EXCLUDED.transaction2_role, transaction2_type = EXCLUDED.transaction2_type,
         occurred_at = EXCLUDED.occurred_at
       WHERE transaction_connection.occurred_at <= EXCLUDED.occurred_at
       RETURNING transaction1_id, transaction2_id`,
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
    )) as { transaction1_id: string; transaction2_id: string }[];
    return changed.flatMap((r) => [r.transaction1_id, r.transaction2_id]);
  }

  /** Journal line states; a stale (lower sequence) event changes nothing. Returns the changed actual ids. */
  async upsertLines(runner: QueryRunner, rows: LineRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const changed = (await runner.query(
      `INSERT INTO journal_line (actual_id, line_id, journal_id, status, amount, currency, voucher, posted_at,
         last_retried_at, sequence, first_seen_at)
       SELECT a, l, j, s, amt, cur, v, p, r, seq, oa
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::text[], $8::timestamptz[],
         $9::timestamptz[], $10::int[], $11::timestamptz[]) AS u(a, l, j, s, amt, cur, v, p, r, seq, oa)
       ON CONFLICT (actual_id) DO UPDATE SET
         line_id = EXCLUDED.line_id, journal_id = EXCLUDED.journal_id, status = EXCLUDED.status, amount = EXCLUDED.amount,
         currency = EXCLUDED.currency, voucher = EXCLUDED.voucher, posted_at = EXCLUDED.posted_at,
         last_retried_at = COALESCE(EXCLUDED.last_retried_at, journal_line.last_retried_at), sequence = EXCLUDED.sequence
       WHERE journal_line.sequence < EXCLUDED.sequence
       RETURNING actual_id`,
      [
        col(rows, 'actualId'),
        col(rows, 'lineId'),
        col(rows, 'journalId'),
        col(rows, 'status'),
        col(rows, 'amount'),
        col(rows, 'currency'),
        col(rows, 'voucher'),
        col(rows, 'postedAt'),
        col(rows, 'lastRetriedAt'),
        col(rows, 'sequence'),
        col(rows, 'occurredAt'),
      ],
    )) as { actual_id: string }[];
    return changed.map((r) => r.actual_id);
  }

  /** The latest sighting by time wins; returns the maps whose version or state changed. */
  async upsertMaps(runner: QueryRunner, rows: MapRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const changed = (await runner.query(
      `INSERT INTO map_version (map_name, version, state, seen_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (map_name) DO UPDATE SET
         version = EXCLUDED.version, state = COALESCE(EXCLUDED.state, map_version.state), seen_at = EXCLUDED.seen_at
       WHERE map_version.seen_at <= EXCLUDED.seen_at
         AND (map_version.version, map_version.state) IS DISTINCT FROM (EXCLUDED.version, COALESCE(EXCLUDED.state, map_version.state))
       RETURNING map_name`,
      [col(rows, 'mapName'), col(rows, 'version'), col(rows, 'state'), col(rows, 'seenAt')],
    )) as { map_name: string }[];
    return changed.map((r) => r.map_name);
  }

  /** The source documents of the given actuals (a line change concerns its actual's document too). */
  async documentIdsOfActuals(runner: QueryRunner, actualIds: string[]): Promise<string[]> {
    if (actualIds.length === 0) return [];
    const rows = (await runner.query(
      `SELECT DISTINCT source_document_id FROM actual WHERE actual_id = ANY($1::text[]) AND source_document_id IS NOT NULL`,
      [actualIds],
    )) as { source_document_id: string }[];
    return rows.map((r) => r.source_document_id);
  }
}
