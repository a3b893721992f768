import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type {
  ActualSnapshot,
  ConnectionSnapshot,
  DocumentSnapshot,
  JournalLineSnapshot,
  MapSnapshot,
  StoredDiscrepancy,
} from '../rules';

export type RecordKind = 'document' | 'actual' | 'map';
export interface RecordKey {
  kind: RecordKind;
  id: string;
}

const decimal = (value: string) =>
  value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;

/** Loads the snapshots the pure rules need, and stores what they decide. Caller's transaction throughout. */
@Injectable()
export class EvaluationRepository {
  /**
   * Serialises evaluations of the same records across instances (advisory locks, in a fixed order
   * so two transactions never wait on each other in a cycle).
   */
  async lockRecords(runner: QueryRunner, keys: RecordKey[]): Promise<void> {
    const names = [...new Set(keys.map((k) => `${k.kind}:${k.id}`))].sort();
    if (names.length === 0) return;
    await runner.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(n, 0)) FROM unnest($1::text[]) AS n ORDER BY n`,
      [names],
    );
  }

  async documents(runner: QueryRunner, recordIds: string[]): Promise<DocumentSnapshot[]> {
    if (recordIds.length === 0) return [];
    const rows = (await runner.query(
      `SELECT document_type, record_id, legal_entity, project_id, category, amount::text, currency,
              to_char(document_date, 'YYYY-MM-DD') AS document_date, status, voucher, posted_at
       FROM document WHERE record_id = ANY($1::text[]) AND NOT deleted`,
      [recordIds],
    )) as Record<string, string | Date | null>[];
    return rows.map(
      (r) =>
        ({
          documentType: r.document_type,
          recordId: r.record_id,
          legalEntity: r.legal_entity,
          projectId: r.project_id,
          category: r.category,
          amount: decimal(r.amount as string),
          currency: r.currency,
          documentDate: r.document_date,
          status: r.status,
          voucher: r.voucher,
          postedAt: r.posted_at,
        }) as DocumentSnapshot,
    );
  }

  async actuals(
    runner: QueryRunner,
    where: { actualIds?: string[]; documentIds?: string[] },
  ): Promise<ActualSnapshot[]> {
    const rows = (await runner.query(
      `SELECT actual_id, legal_entity, project_id, transaction_type, amount::text, currency,
              to_char(accounting_date, 'YYYY-MM-DD') AS accounting_date, source_document_type, source_document_id,
              skip_sync, voucher, created_on, deleted
       FROM actual WHERE actual_id = ANY($1::text[]) OR source_document_id = ANY($2::text[])`,
      [where.actualIds ?? [], where.documentIds ?? []],
    )) as Record<string, string | boolean | Date | null>[];
    return rows.map(
      (r) =>
        ({
          actualId: r.actual_id,
          legalEntity: r.legal_entity,
          projectId: r.project_id,
          transactionType: r.transaction_type,
          amount: decimal(r.amount as string),
          currency: r.currency,
          accountingDate: r.accounting_date,
          sourceDocumentType: r.source_document_type,
          sourceDocumentId: r.source_document_id,
          skipSync: r.skip_sync,
          voucher: r.voucher,
          createdOn: r.created_on,
          deleted: r.deleted,
        }) as ActualSnapshot,
    );
  }

  async lines(runner: QueryRunner, actualIds: string[]): Promise<Map<string, JournalLineSnapshot>> {
    if (actualIds.length === 0) return new Map();
    const rows = (await runner.query(
      `SELECT actual_id, line_id, journal_id, status, amount::text, currency, voucher, posted_at, first_seen_at, last_retried_at
       FROM journal_line WHERE actual_id = ANY($1::text[])`,
      [actualIds],
    )) as Record<string, string | Date | null>[];
    return new Map(
      rows.map((r) => [
        r.actual_id as string,
        {
          actualId: r.actual_id,
          lineId: r.line_id,
          journalId: r.journal_id,
          status: r.status,
          amount: decimal(r.amount as string),
          currency: r.currency,
          voucher: r.voucher,
          postedAt: r.posted_at,
          createdAt: r.first_seen_at,
          lastRetriedAt: r.last_retried_at,
        } as JournalLineSnapshot,
      ]),
    );
  }

  async connections(runner: QueryRunner, actualIds: string[]): Promise<ConnectionSnapshot[]> {
    if (actualIds.length === 0) return [];
    const rows = (await runner.query(
      `SELECT connection_id AS "connectionId", transaction1_id AS "transaction1Id", transaction1_role AS "transaction1Role",
              transaction1_type AS "transaction1Type", transaction2_id AS "transaction2Id",
              transaction2_role AS "transaction2Role", transaction2_type AS "transaction2Type"
       FROM transaction_connection WHERE transaction1_id = ANY($1::text[]) OR transaction2_id = ANY($1::text[])`,
      [actualIds],
    )) as ConnectionSnapshot[];
    return rows;
  }

  async maps(runner: QueryRunner, names: string[]): Promise<MapSnapshot[]> {
    if (names.length === 0) return [];
    const rows = (await runner.query(
      `SELECT map_name AS "mapName", version, state, seen_at AS "seenAt" FROM map_version WHERE map_name = ANY($1::text[])`,
      [names],
    )) as MapSnapshot[];
    return rows;
  }

  async openDiscrepancies(runner: QueryRunner, recordIds: string[]): Promise<StoredDiscrepancy[]> {
    if (recordIds.length === 0) return [];
    const rows = (await runner.query(
      `SELECT discrepancy_id, type, document_type, record_id, legal_entity, project_id, amount::text, currency, causes,
              remedy, first_detected_at, status
       FROM discrepancy WHERE record_id = ANY($1::text[]) AND status <> 'resolved'`,
      [recordIds],
    )) as Record<string, unknown>[];
    return rows.map(
      (r) =>
        ({
          discrepancyId: r.discrepancy_id,
          type: r.type,
          documentType: r.document_type,
          recordId: r.record_id,
          legalEntity: r.legal_entity,
          projectId: r.project_id,
          amount: decimal(r.amount as string),
          currency: r.currency,
          causes: r.causes,
          remedy: r.remedy,
          firstDetectedAt: r.first_detected_at,
          status: r.status,
        }) as StoredDiscrepancy,
    );
  }

  async saveDiscrepancies(
    runner: QueryRunner,
    rows: (Omit<StoredDiscrepancy, 'status'> & {
      status: 'open' | 'updated' | 'resolved';
      detectedAt: Date;
      resolvedAt: Date | null;
    })[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO discrepancy (discrepancy_id, type, document_type, record_id, legal_entity, project_id, amount, currency,
         causes, remedy, status, first_detected_at, detected_at, resolved_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::text[],
         $9::jsonb[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[])
       ON CONFLICT (discrepancy_id) DO UPDATE SET
         legal_entity = EXCLUDED.legal_entity, project_id = EXCLUDED.project_id, amount = EXCLUDED.amount,
         currency = EXCLUDED.currency, causes = EXCLUDED.causes, remedy = EXCLUDED.remedy, status = EXCLUDED.status,
         first_detected_at = EXCLUDED.first_detected_at, detected_at = EXCLUDED.detected_at, resolved_at = EXCLUDED.resolved_at`,
      [
        rows.map((r) => r.discrepancyId),
        rows.map((r) => r.type),
        rows.map((r) => r.documentType),
        rows.map((r) => r.recordId),
        rows.map((r) => r.legalEntity),
        rows.map((r) => r.projectId),
        rows.map((r) => r.amount),
        rows.map((r) => r.currency),
        rows.map((r) => JSON.stringify(r.causes)),
        rows.map((r) => r.remedy),
        rows.map((r) => r.status),
        rows.map((r) => r.firstDetectedAt),
        rows.map((r) => r.detectedAt),
        rows.map((r) => r.resolvedAt),
      ],
    );
  }

  /** The status last published per document: publish again only when it changed. */
  async documentStatusVersions(
    runner: QueryRunner,
    recordIds: string[],
  ): Promise<Map<string, { fingerprint: string; version: number }>> {
    if (recordIds.length === 0) return new Map();
    const rows = (await runner.query(
      `SELECT record_id, fingerprint, version FROM document_status WHERE record_id = ANY($1::text[])`,
      [recordIds],
    )) as { record_id: string; fingerprint: string; version: number }[];
    return new Map(rows.map((r) => [r.record_id, { fingerprint: r.fingerprint, version: r.version }]));
  }

  async saveDocumentStatuses(
    runner: QueryRunner,
    rows: { documentType: string; recordId: string; fingerprint: string; version: number }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO document_status (document_type, record_id, fingerprint, version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
       ON CONFLICT (document_type, record_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, version = EXCLUDED.version`,
      [
        rows.map((r) => r.documentType),
        rows.map((r) => r.recordId),
        rows.map((r) => r.fingerprint),
        rows.map((r) => r.version),
      ],
    );
  }

  async setDueChecks(runner: QueryRunner, due: { key: RecordKey; dueAt: Date | null }[]): Promise<void> {
    const set = due.filter((d) => d.dueAt !== null);
    const clear = due.filter((d) => d.dueAt === null);
    if (set.length > 0) {
      // Most evaluations of a record find the instant it already has: rewriting the row would
      // leave a dead version and new index entries for nothing.
      await runner.query(
        `INSERT INTO due_check (record_kind, record_id, due_at) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
         ON CONFLICT (record_kind, record_id) DO UPDATE SET due_at = EXCLUDED.due_at
         WHERE due_check.due_at IS DISTINCT FROM EXCLUDED.due_at`,
        [set.map((d) => d.key.kind), set.map((d) => d.key.id), set.map((d) => d.dueAt)],
      );
    }
    if (clear.length > 0) {
      await runner.query(
        `DELETE FROM due_check d USING unnest($1::text[], $2::text[]) AS c(k, i) WHERE d.record_kind = c.k AND d.record_id = c.i`,
        [clear.map((d) => d.key.kind), clear.map((d) => d.key.id)],
      );
    }
  }

  /** The transaction ids whose writes the next statement sees (evaluated_input migration). */
  async snapshot(runner: QueryRunner): Promise<string> {
    const [row] = (await runner.query(`SELECT pg_current_snapshot()::text AS snapshot`)) as {
      snapshot: string;
    }[];
    return row!.snapshot;
  }

  /**
   * After an evaluation: records left with an open discrepancy are up to date with their inputs
   * under these rules, the others need no entry; and the notes of input changes this evaluation
   * saw (committed before `seen`, the snapshot taken before it read anything, or made by this
   * transaction) are done with. Notes from writers still running stay, for the next sweep.
   */
  async saveEvaluatedInputs(
    runner: QueryRunner,
    evaluation: {
      rulesVersion: string;
      seen: string;
      open: RecordKey[];
      closed: RecordKey[];
      all: RecordKey[];
    },
  ): Promise<void> {
    const { rulesVersion, seen, open, closed, all } = evaluation;
    if (open.length > 0) {
      await runner.query(
        `INSERT INTO evaluated_input (record_kind, record_id, rules_version)
         SELECT kind, id, $1 FROM unnest($2::text[], $3::text[]) AS k(kind, id)
         ON CONFLICT (record_kind, record_id) DO UPDATE SET rules_version = EXCLUDED.rules_version`,
        [rulesVersion, open.map((k) => k.kind), open.map((k) => k.id)],
      );
    }
    if (closed.length > 0) {
      await runner.query(
        `DELETE FROM evaluated_input e USING unnest($1::text[], $2::text[]) AS k(kind, id)
         WHERE e.record_kind = k.kind AND e.record_id = k.id`,
        [closed.map((k) => k.kind), closed.map((k) => k.id)],
      );
    }
    if (all.length > 0) {
      await runner.query(
        `DELETE FROM input_change c USING unnest($1::text[], $2::text[]) AS k(kind, id)
         WHERE c.record_kind = k.kind AND c.record_id = k.id
           AND (pg_visible_in_snapshot(c.xid, $3::pg_snapshot) OR c.xid = pg_current_xact_id_if_assigned())`,
        [all.map((k) => k.kind), all.map((k) => k.id), seen],
      );
    }
  }

  /**
   * Takes due timers. Each is claimed with the same advisory lock an evaluation of its record
   * takes (lockRecords), tried rather than waited for, so two instances share the work without
   * taking the same one. Row locks (FOR UPDATE) would deadlock: the event path holds a record's
   * advisory lock while it writes that record's due_check row.
   */
  async takeDue(runner: QueryRunner, now: Date, limit: number): Promise<RecordKey[]> {
    const rows = (await runner.query(
      `SELECT record_kind, record_id FROM (
         SELECT record_kind, record_id FROM due_check WHERE due_at <= $1 ORDER BY due_at LIMIT $2) due
       WHERE pg_try_advisory_xact_lock(hashtextextended(record_kind || ':' || record_id, 0))`,
      [now, limit],
    )) as { record_kind: RecordKind; record_id: string }[];
    return rows.map((r) => ({ kind: r.record_kind, id: r.record_id }));
  }
}
