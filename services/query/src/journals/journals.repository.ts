import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { keysetCondition, orderBy, type SortKey, sortColumns } from '../shared/keyset';
import type { DateWindow, ListResult } from '../shared/list-query';
import { containsPattern, SqlParams, whereClause } from '../shared/sql-params';

export interface JournalFilter {
  /** A journal status, or `pending` for every status but Posted. */
  status?: string;
  legalEntity?: string;
  window: DateWindow;
  q?: string;
}

// Pending postings first (false sorts before true), then by journal number.
const PENDING_FIRST: SortKey[] = [
  { expr: `(j.status = 'Posted')`, dir: 'ASC', cast: '::boolean' },
  { expr: 'j.journal_id', dir: 'ASC', cast: '::text' },
];

const LINE_COLUMNS = `l.line_id AS "lineId", l.journal_id AS "journalId", l.line_kind AS "lineKind",
  l.actual_id AS "actualId", l.legal_entity AS "legalEntity", l.project_id AS "projectId",
  l.transaction_type AS "transactionType", l.transaction_class AS "transactionClass", l.status,
  trim_scale(l.amount)::text AS amount, l.currency, trim_scale(l.accounting_amount)::text AS "accountingAmount",
  l.accounting_currency AS "accountingCurrency", trim_scale(l.exchange_rate)::text AS "exchangeRate", l.voucher,
  l.posted_at AS "postedAt", l.sequence, l.occurred_at AS "updatedAt",
  to_char(a.document_date, 'YYYY-MM-DD') AS "documentDate"`;

export interface JournalLine {
  journalId: string;
  [column: string]: unknown;
}

/**
 * Journals with their lines. A journal is in the list when one of its lines matches the filter
 * (legal entity, its actual's document date — lines whose actual is not known yet are in every
 * window — and q on the line or journal ids, project, actual or voucher); it shows those lines.
 */
@Injectable()
export class JournalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private matchingLines(p: SqlParams, filter: JournalFilter): string {
    const where: string[] = [];
    if (filter.legalEntity) where.push(`l.legal_entity = ${p.add(filter.legalEntity)}`);
    where.push(
      `(a.document_date IS NULL OR a.document_date BETWEEN ${p.add(filter.window.from, '::date')} AND ${p.add(filter.window.to, '::date')})`,
    );
    if (filter.q) where.push(`l.search_text LIKE ${p.add(containsPattern(filter.q))}`);
    return `FROM journal_line l LEFT JOIN actual a ON a.actual_id = l.actual_id ${whereClause(where)}`;
  }

  private journalConditions(p: SqlParams, filter: JournalFilter, lines: string): string[] {
    const where = [`j.journal_id IN (SELECT l.journal_id ${lines})`];
    if (filter.status === 'pending') where.push(`j.status <> 'Posted'`);
    else if (filter.status) where.push(`j.status = ${p.add(filter.status)}`);
    return where;
  }

  async list(
    filter: JournalFilter,
    page: { limit: number; cursor?: string },
  ): Promise<ListResult<Record<string, unknown>> & { lineCount: number }> {
    const p = new SqlParams();
    const lines = this.matchingLines(p, filter);
    const where = this.journalConditions(p, filter, lines);
    const pageParams = p.clone();
    const pageWhere = [...where];
    if (page.cursor)
      pageWhere.push(
        keysetCondition(
          PENDING_FIRST,
          decodeCursor('journals', page.cursor, PENDING_FIRST.length),
          pageParams,
        ),
      );
    const journals = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT j.journal_id AS "journalId", j.legal_entity AS "legalEntity", j.line_kind AS "lineKind", j.status,
         j.updated_at AS "updatedAt", ${sortColumns(PENDING_FIRST)}
       FROM journal j ${whereClause(pageWhere)} ${orderBy(PENDING_FIRST)} LIMIT ${pageParams.add(page.limit + 1)}`,
      pageParams.values,
    );
    const more = journals.length > page.limit;
    const shown = journals.slice(0, page.limit);
    const last = shown[shown.length - 1];
    const nextCursor =
      more && last ? encodeCursor('journals', [last._k0 as string, last._k1 as string]) : null;

    const lineParams = p.clone();
    const ids = lineParams.add(
      shown.map((j) => j.journalId),
      '::text[]',
    );
    const shownLines = await this.dataSource.query<JournalLine[]>(
      `SELECT ${LINE_COLUMNS} ${lines} AND l.journal_id = ANY(${ids}) ORDER BY l.journal_id, l.line_id`,
      lineParams.values,
    );
    const [counts] = await this.dataSource.query<{ journals: number }[]>(
      `SELECT count(*)::int AS journals FROM journal j ${whereClause(where)}`,
      p.values,
    );
    const totals = await this.dataSource.query<{ currency: string; amount: string; lines: number }[]>(
      `SELECT l.currency, trim_scale(sum(l.amount))::text AS amount, count(*)::int AS lines ${lines}
         AND l.journal_id IN (SELECT j.journal_id FROM journal j ${whereClause(where)})
       GROUP BY 1 ORDER BY 1`,
      p.values,
    );
    return {
      rows: shown.map(({ _k0, _k1, ...journal }) => ({
        ...journal,
        lines: shownLines.filter((l) => l.journalId === journal.journalId),
      })),
      count: counts?.journals ?? 0,
      lineCount: totals.reduce((n, t) => n + t.lines, 0),
      totals: totals.map(({ currency, amount }) => ({ currency, amount })),
      nextCursor,
    };
  }
}
