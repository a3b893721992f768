import { Injectable } from '@nestjs/common';
import { returnedRows } from '@po-sync/db';
import type { QueryRunner } from 'typeorm';
import { LINE_COLUMNS } from '../import/import.repository';
import type { LineRow } from '../lines/line-events';

export type PostingScope = { kind: 'scheduled' } | { kind: 'command'; journalIds?: string[] };

export interface PostableLineRow extends LineRow {
  accounting_date: string;
  retry_count: number;
}

export interface PostedLine {
  lineId: string;
  voucher: string;
  accountingAmount: string;
  accountingCurrency: string;
  exchangeRate: string;
}

export interface FailedLine {
  lineId: string;
  status: 'Error' | 'Unrecoverable';
  code: string;
  retryCount: number;
  nextRetryAt: Date | null;
}

@Injectable()
export class PostingRepository {
  /** Journals with lines to post now: drafts, and lines in Error whose back-off has passed. */
  async journalsToPost(runner: QueryRunner, scope: PostingScope, now: Date): Promise<string[]> {
    const params: unknown[] = [now];
    let filter = `l.status = 'Draft' OR (l.status = 'Error' AND l.next_retry_at <= $1)`;
    if (scope.kind === 'command') {
      // An operator's command also takes lines whose automatic retries are spent.
      filter = `l.status IN ('Draft', 'Error', 'Unrecoverable')`;
      if (scope.journalIds) {
        params.push(scope.journalIds);
        filter = `(${filter}) AND l.journal_id = ANY($2::text[])`;
      }
    }
    // Through the journals not yet posted, one index probe each: a Posted journal has only posted
    // lines (settleJournal) and never gets new ones (import adds to Draft journals), so this finds
    // the same journals without reading the entries of every line ever posted (they stay in the
    // index until VACUUM, and a scan by status read them all on every run).
    const rows = (await runner.query(
      `SELECT j.journal_id FROM journal j
       CROSS JOIN LATERAL (SELECT 1 FROM journal_line l WHERE l.journal_id = j.journal_id AND (${filter}) LIMIT 1) due
       WHERE j.status <> 'Posted' AND $1::timestamptz IS NOT NULL
       ORDER BY 1`,
      params,
    )) as { journal_id: string }[];
    return rows.map((r) => r.journal_id);
  }

  /** Locks the journal and its lines to post; NOWAIT-free SKIP LOCKED lets another poster take other journals. */
  async lockJournalLines(
    runner: QueryRunner,
    journalId: string,
    scope: PostingScope,
    now: Date,
  ): Promise<PostableLineRow[] | null> {
    const journal = (await runner.query(
      `SELECT journal_id FROM journal WHERE journal_id = $1 FOR UPDATE SKIP LOCKED`,
      [journalId],
    )) as unknown[];
    if (journal.length === 0) return null;
    const statuses =
      scope.kind === 'command'
        ? `l.status IN ('Draft', 'Error', 'Unrecoverable')`
        : `(l.status = 'Draft' OR (l.status = 'Error' AND l.next_retry_at <= $2))`;
    return (await runner.query(
      `SELECT ${LINE_COLUMNS}, to_char(l.accounting_date, 'YYYY-MM-DD') AS accounting_date, l.retry_count
       FROM journal_line l JOIN journal j USING (journal_id)
       WHERE l.journal_id = $1 AND ${statuses} AND $2::timestamptz IS NOT NULL
       ORDER BY l.line_id FOR UPDATE OF l`,
      [journalId, now],
    )) as PostableLineRow[];
  }

  /** Reserves `count` consecutive voucher numbers of a legal entity; the row lock orders concurrent posters. */
  async reserveVouchers(runner: QueryRunner, legalEntity: string, count: number): Promise<bigint> {
    const rows = (await runner.query(
      `INSERT INTO voucher_sequence (legal_entity, last_value) VALUES ($1, $2)
       ON CONFLICT (legal_entity) DO UPDATE SET last_value = voucher_sequence.last_value + EXCLUDED.last_value
       RETURNING last_value::text`,
      [legalEntity, count],
    )) as { last_value: string }[];
    return BigInt(rows[0]?.last_value ?? '0') - BigInt(count) + 1n;
  }

  async markPosted(runner: QueryRunner, lines: PostedLine[], now: Date): Promise<void> {
    if (lines.length === 0) return;
    await runner.query(
      `UPDATE journal_line l SET status = 'Posted', voucher = p.v, accounting_amount = p.aa, accounting_currency = p.ac,
         exchange_rate = p.r, posted_at = $6, next_retry_at = NULL, last_error_code = NULL, sequence = l.sequence + 1
       FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::numeric[]) AS p(id, v, aa, ac, r)
       WHERE l.line_id = p.id AND l.status <> 'Posted'`,
      [
        lines.map((l) => l.lineId),
        lines.map((l) => l.voucher),
        lines.map((l) => l.accountingAmount),
        lines.map((l) => l.accountingCurrency),
        lines.map((l) => l.exchangeRate),
        now,
      ],
    );
  }

  async markFailed(runner: QueryRunner, lines: FailedLine[], now: Date): Promise<void> {
    if (lines.length === 0) return;
    await runner.query(
      `UPDATE journal_line l SET status = f.st, last_error_code = f.code, retry_count = f.rc, next_retry_at = f.nra,
         last_retried_at = $6, sequence = l.sequence + 1
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) AS f(id, st, code, rc, nra)
       WHERE l.line_id = f.id`,
      [
        lines.map((l) => l.lineId),
        lines.map((l) => l.status),
        lines.map((l) => l.code),
        lines.map((l) => l.retryCount),
        lines.map((l) => l.nextRetryAt),
        now,
      ],
    );
  }

  /** The journal is Posted when every line is, in Error while any line failed, else still Draft. */
  async settleJournal(runner: QueryRunner, journalId: string, now: Date): Promise<void> {
    await runner.query(
      `UPDATE journal j SET
         status = CASE WHEN s.unposted = 0 THEN 'Posted' WHEN s.failed > 0 THEN 'Error' ELSE 'Draft' END,
         posted_at = CASE WHEN s.unposted = 0 THEN $2::timestamptz ELSE NULL END
       FROM (SELECT count(*) FILTER (WHERE status <> 'Posted') AS unposted,
                    count(*) FILTER (WHERE status IN ('Error', 'Unrecoverable')) AS failed
             FROM journal_line WHERE journal_id = $1) s
       WHERE j.journal_id = $1`,
      [journalId, now],
    );
  }

  async linesOf(runner: QueryRunner, lineIds: string[]): Promise<LineRow[]> {
    if (lineIds.length === 0) return [];
    return (await runner.query(
      `SELECT ${LINE_COLUMNS} FROM journal_line l JOIN journal j USING (journal_id) WHERE l.line_id = ANY($1::text[])`,
      [lineIds],
    )) as LineRow[];
  }

  /**
   * Billed sales waiting for these (now posted) unbilled-sales actuals become due for import again,
   * with a fresh set of automatic retries: the retries they spent were spent waiting for this
   * posting, so a budget already used up must not keep them from the next scheduled run.
   */
  async wakeBilledSalesWaitingOn(runner: QueryRunner, postedActualIds: string[]): Promise<number> {
    if (postedActualIds.length === 0) return 0;
    const rows = returnedRows(
      await runner.query(
        `UPDATE staged_actual s SET next_retry_at = NULL, retry_count = 0
       FROM transaction_connection c
       WHERE s.import_status = 'waiting'
         AND ((c.transaction1_id = s.actual_id AND c.transaction2_id = ANY($1::text[]))
           OR (c.transaction2_id = s.actual_id AND c.transaction1_id = ANY($1::text[])))
       RETURNING s.actual_id`,
        [postedActualIds],
      ),
    );
    return rows.length;
  }
}
