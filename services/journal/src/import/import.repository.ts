import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { OpenDraftJournal, StagedActual, TransactionConnection } from '../domain';
import type { LineRow } from '../lines/line-events';

export interface DueActual extends StagedActual {
  retryCount: number;
}

export type ImportScope = { kind: 'scheduled' } | { kind: 'command'; actualIds?: string[] };

export interface NewLineRow {
  lineId: string;
  journalId: string;
  actualId: string;
  lineKind: 'journal' | 'invoiceProposal';
  legalEntity: string;
  projectId: string;
  transactionType: string;
  transactionClass: string;
  amount: string;
  currency: string;
  accountingDate: string;
}

export interface ImportFailureRow {
  actualId: string;
  status: 'waiting' | 'Error' | 'InvalidActual';
  code: string;
  retryCount: number;
  nextRetryAt: Date | null;
}

export const LINE_COLUMNS = `l.line_id, l.journal_id, l.line_kind, l.actual_id, l.legal_entity, l.project_id,
  l.transaction_type, l.transaction_class, l.status, l.amount::text, l.currency, l.accounting_amount::text,
  l.accounting_currency, l.exchange_rate::text, l.voucher, l.posted_at, j.status AS journal_status, l.sequence`;

/** Reads and writes of one import-from-staging chunk; all inside the caller's transaction. */
@Injectable()
export class ImportRepository {
  /**
   * Locks the next chunk of actuals to import. A scheduled run takes new ones, failed ones whose
   * back-off has passed (at most 5 automatic retries) and woken ones (no retry scheduled, retries
   * left: a wake-up that removes the cause also restores the budget); a command also takes those
   * whose retries are spent. SKIP LOCKED lets two instances import side by side without taking
   * the same actual.
   */
  async lockDueActuals(
    runner: QueryRunner,
    scope: ImportScope,
    now: Date,
    limit: number,
  ): Promise<DueActual[]> {
    // The first conjunct of the scheduled condition is implied by the rest; it lets the planner
    // walk the partial index staged_actual_to_import in staged order.
    const condition =
      scope.kind === 'scheduled'
        ? `import_status IN ('pending', 'waiting', 'Error')
           AND (import_status = 'pending' OR (import_status IN ('waiting', 'Error') AND next_retry_at IS NOT NULL AND next_retry_at <= $1)
            OR (import_status IN ('waiting', 'Error') AND next_retry_at IS NULL AND retry_count <= 5))`
        : scope.actualIds
          ? `import_status NOT IN ('imported', 'skipped') AND actual_id = ANY($3::text[]) AND (last_retried_at IS NULL OR last_retried_at < $1)`
          : `import_status IN ('pending', 'waiting', 'Error', 'InvalidActual') AND (last_retried_at IS NULL OR last_retried_at < $1)`;
    const params: unknown[] = [now, limit];
    if (scope.kind === 'command' && scope.actualIds) params.push(scope.actualIds);
    // Planned without bitmap scans or sorts, the scheduled query walks staged_actual_to_import in
    // order and stops after the chunk. Left to the planner (fresh tables have no statistics) it
    // either sorted the whole backlog for every chunk (FOR UPDATE keeps the sort unbounded: 42,000
    // rows, spilled to disk, for a chunk of 2,000) or bitmap-scanned every entry of actuals long
    // imported (bitmap scans never mark dead entries). SET LOCAL ends with the transaction if the
    // query fails.
    if (scope.kind === 'scheduled')
      await runner.query(`SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off`);
    const rows = (await runner.query(
      `SELECT actual_id, legal_entity, project_id, transaction_type, transaction_class, quantity::text, unit_price::text,
              amount::text, currency, to_char(document_date, 'YYYY-MM-DD') AS document_date,
              to_char(accounting_date, 'YYYY-MM-DD') AS accounting_date, skip_sync, retry_count
       FROM staged_actual WHERE ${condition}
       ORDER BY staged_at, actual_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      params,
    )) as Record<string, string | boolean | number>[];
    if (scope.kind === 'scheduled')
      await runner.query(`SET LOCAL enable_bitmapscan TO DEFAULT; SET LOCAL enable_sort TO DEFAULT`);
    return rows.map((r) => ({
      actualId: r.actual_id as string,
      legalEntity: r.legal_entity as string,
      projectId: r.project_id as string,
      transactionType: r.transaction_type as StagedActual['transactionType'],
      transactionClass: r.transaction_class as StagedActual['transactionClass'],
      quantity: r.quantity as string,
      unitPrice: r.unit_price as string,
      amount: r.amount as string,
      currency: r.currency as string,
      documentDate: r.document_date as string,
      accountingDate: r.accounting_date as string,
      skipSync: r.skip_sync as boolean,
      retryCount: r.retry_count as number,
    }));
  }

  async connectionsOf(runner: QueryRunner, actualIds: string[]): Promise<TransactionConnection[]> {
    if (actualIds.length === 0) return [];
    const rows = (await runner.query(
      `SELECT connection_id, transaction1_id, transaction1_role, transaction1_type, transaction2_id, transaction2_role, transaction2_type
       FROM transaction_connection WHERE transaction1_id = ANY($1::text[]) OR transaction2_id = ANY($1::text[])`,
      [actualIds],
    )) as Record<string, string>[];
    return rows.map((r) => ({
      connectionId: r.connection_id as string,
      transaction1Id: r.transaction1_id as string,
      transaction1Role: r.transaction1_role as TransactionConnection['transaction1Role'],
      transaction1Type: r.transaction1_type as TransactionConnection['transaction1Type'],
      transaction2Id: r.transaction2_id as string,
      transaction2Role: r.transaction2_role as TransactionConnection['transaction2Role'],
      transaction2Type: r.transaction2_type as TransactionConnection['transaction2Type'],
    }));
  }

  async postedActualIds(runner: QueryRunner, actualIds: string[]): Promise<Set<string>> {
    if (actualIds.length === 0) return new Set();
    const rows = (await runner.query(
      `SELECT actual_id FROM journal_line WHERE actual_id = ANY($1::text[]) AND status = 'Posted'`,
      [actualIds],
    )) as { actual_id: string }[];
    return new Set(rows.map((r) => r.actual_id));
  }

  /** Draft journals with room, locked so two chunks never overfill one. */
  async lockOpenDraftJournals(
    runner: QueryRunner,
    kind: string,
    legalEntities: string[],
    maxLines: number,
  ): Promise<OpenDraftJournal[]> {
    if (legalEntities.length === 0) return [];
    const rows = (await runner.query(
      `SELECT journal_id, legal_entity, period_key, line_count FROM journal
       WHERE status = 'Draft' AND kind = $1 AND legal_entity = ANY($2::text[]) AND line_count < $3
       ORDER BY journal_id FOR UPDATE`,
      [kind, legalEntities, maxLines],
    )) as { journal_id: string; legal_entity: string; period_key: string; line_count: number }[];
    return rows.map((r) => ({
      journalId: r.journal_id,
      legalEntity: r.legal_entity,
      periodKey: r.period_key,
      lineCount: r.line_count,
    }));
  }

  async insertJournals(
    runner: QueryRunner,
    journals: { journalId: string; kind: string; legalEntity: string; periodKey: string }[],
  ): Promise<void> {
    if (journals.length === 0) return;
    await runner.query(
      `INSERT INTO journal (journal_id, kind, legal_entity, period_key, status)
       SELECT j, k, le, p, 'Draft' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(j, k, le, p)`,
      [
        journals.map((j) => j.journalId),
        journals.map((j) => j.kind),
        journals.map((j) => j.legalEntity),
        journals.map((j) => j.periodKey),
      ],
    );
  }

  /** Inserts the lines (one per actual, ever) and returns them as published rows. */
  async insertLines(runner: QueryRunner, lines: NewLineRow[]): Promise<LineRow[]> {
    if (lines.length === 0) return [];
    await runner.query(
      `WITH inserted AS (
         INSERT INTO journal_line (line_id, journal_id, actual_id, line_kind, legal_entity, project_id, transaction_type,
           transaction_class, amount, currency, accounting_date, status, sequence)
         SELECT li, j, a, k, le, p, tt, tc, amt, cur, ad, 'Draft', 1
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::numeric[], $10::text[], $11::date[]) AS u(li, j, a, k, le, p, tt, tc, amt, cur, ad)
         ON CONFLICT (actual_id) DO NOTHING
         RETURNING journal_id)
       UPDATE journal SET line_count = journal.line_count + c.n
       FROM (SELECT journal_id, count(*)::int AS n FROM inserted GROUP BY journal_id) c
       WHERE journal.journal_id = c.journal_id`,
      [
        lines.map((l) => l.lineId),
        lines.map((l) => l.journalId),
        lines.map((l) => l.actualId),
        lines.map((l) => l.lineKind),
        lines.map((l) => l.legalEntity),
        lines.map((l) => l.projectId),
        lines.map((l) => l.transactionType),
        lines.map((l) => l.transactionClass),
        lines.map((l) => l.amount),
        lines.map((l) => l.currency),
        lines.map((l) => l.accountingDate),
      ],
    );
    return (await runner.query(
      `SELECT ${LINE_COLUMNS} FROM journal_line l JOIN journal j USING (journal_id) WHERE l.line_id = ANY($1::text[])`,
      [lines.map((l) => l.lineId)],
    )) as LineRow[];
  }

  async markImported(
    runner: QueryRunner,
    actualIds: string[],
    status: 'imported' | 'skipped',
    now: Date,
  ): Promise<void> {
    if (actualIds.length === 0) return;
    await runner.query(
      `UPDATE staged_actual SET import_status = $2, next_retry_at = NULL, last_error_code = NULL, last_retried_at = $3, updated_at = now()
       WHERE actual_id = ANY($1::text[])`,
      [actualIds, status, now],
    );
  }

  async markFailed(runner: QueryRunner, failures: ImportFailureRow[], now: Date): Promise<void> {
    if (failures.length === 0) return;
    await runner.query(
      `UPDATE staged_actual s SET import_status = f.st, last_error_code = f.code, retry_count = f.rc,
         next_retry_at = f.nra, last_retried_at = $6, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS f(a, st, code, rc, nra)
       WHERE s.actual_id = f.a`,
      [
        failures.map((f) => f.actualId),
        failures.map((f) => f.status),
        failures.map((f) => f.code),
        failures.map((f) => f.retryCount),
        failures.map((f) => f.nextRetryAt),
        now,
      ],
    );
  }
}
