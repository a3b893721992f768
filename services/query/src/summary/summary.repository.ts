import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { documentConditions } from '../grids/grids.filters';
import type { DateWindow } from '../shared/list-query';
import { preparedQuery } from '@po-sync/db';
import { SqlParams, whereClause } from '../shared/sql-params';
import { wholeMonths } from './summary.months';

export interface SummaryFilter {
  legalEntity?: string;
  window: DateWindow;
  q?: string;
}

export interface SummaryTotalsRow {
  legal_entity: string;
  currency: string;
  unreconciled_expense: string;
  unreconciled_vendor_invoice: string;
  expense_missing_actuals_count: number;
  expense_missing_actuals_amount: string;
  expense_missing_lines_count: number;
  expense_missing_lines_amount: string;
  vendor_missing_actuals_count: number;
  vendor_missing_actuals_amount: string;
  vendor_missing_lines_count: number;
  vendor_missing_lines_amount: string;
}

const MISSING_LINES = `('missingJournalLine', 'pendingPosting')`;
const sumOf = (column: string, condition: string) =>
  `trim_scale(coalesce(sum(s.${column}) FILTER (WHERE ${condition}), 0))::text`;
const countOf = (condition: string) => `coalesce(sum(s.documents) FILTER (WHERE ${condition}), 0)::int`;

const MEASURES = `legal_entity, document_type, currency, status, documents, missing_actual_amount,
  missing_journal_line_amount, unreconciled_amount`;

/**
 * The tiles and the unreconciled amounts per legal entity and currency. Without `q` they come from
 * the aggregates the projection maintains: the window's whole months (and the undated documents)
 * from document_summary_month, its other days from document_summary (a few rows per legal entity
 * and day). That statement's text depends only on whether a legal entity is given, so it runs
 * prepared. Free text cannot be pre-aggregated, so with `q` the same sums run over the matching
 * documents (found through the trigram index).
 */
@Injectable()
export class SummaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async totals(filter: SummaryFilter): Promise<SummaryTotalsRow[]> {
    const p = new SqlParams();
    let source: string;
    if (filter.q) {
      const where = documentConditions(p, filter);
      source = `(SELECT d.legal_entity, d.document_type, d.currency, d.status, 1 AS documents, d.amount,
        d.missing_actual_amount, d.missing_journal_line_amount, d.unreconciled_amount
        FROM document_row d ${whereClause(where)}) s`;
    } else {
      const entity = filter.legalEntity ? [`legal_entity = ${p.add(filter.legalEntity)}`] : [];
      const months = wholeMonths(filter.window);
      const monthsFrom = p.add(months.from, '::date');
      const monthsUntil = p.add(months.until, '::date');
      const byMonth = [
        ...entity,
        `(month = '-infinity' OR (month >= ${monthsFrom} AND month < ${monthsUntil}))`,
      ];
      const from = p.add(filter.window.from, '::date');
      const to = p.add(filter.window.to, '::date');
      // The days before the whole months and after them: two ranges of the date index.
      const byDay = [
        ...entity,
        `((document_date >= ${from} AND document_date < ${monthsFrom}) OR (document_date >= ${monthsUntil} AND document_date <= ${to}))`,
      ];
      source = `(SELECT ${MEASURES} FROM document_summary_month ${whereClause(byMonth)}
        UNION ALL SELECT ${MEASURES} FROM document_summary ${whereClause(byDay)}) s`;
    }
    const expense = `s.document_type = 'expense'`;
    const vendor = `s.document_type = 'vendorInvoiceLine'`;
    // Free text stays unprepared: its best plan depends on the pattern, which a generic plan cannot see.
    const run = filter.q
      ? (text: string, values: unknown[]) => this.dataSource.query<SummaryTotalsRow[]>(text, values)
      : (text: string, values: unknown[]) => preparedQuery<SummaryTotalsRow>(this.dataSource, text, values);
    return run(
      `SELECT s.legal_entity, s.currency,
         ${sumOf('unreconciled_amount', expense)} AS unreconciled_expense,
         ${sumOf('unreconciled_amount', vendor)} AS unreconciled_vendor_invoice,
         ${countOf(`${expense} AND s.status = 'missingActual'`)} AS expense_missing_actuals_count,
         ${sumOf('missing_actual_amount', `${expense} AND s.status = 'missingActual'`)} AS expense_missing_actuals_amount,
         ${countOf(`${expense} AND s.status IN ${MISSING_LINES}`)} AS expense_missing_lines_count,
         ${sumOf('missing_journal_line_amount', `${expense} AND s.status IN ${MISSING_LINES}`)} AS expense_missing_lines_amount,
         ${countOf(`${vendor} AND s.status = 'missingActual'`)} AS vendor_missing_actuals_count,
         ${sumOf('missing_actual_amount', `${vendor} AND s.status = 'missingActual'`)} AS vendor_missing_actuals_amount,
         ${countOf(`${vendor} AND s.status IN ${MISSING_LINES}`)} AS vendor_missing_lines_count,
         ${sumOf('missing_journal_line_amount', `${vendor} AND s.status IN ${MISSING_LINES}`)} AS vendor_missing_lines_amount
       FROM ${source}
       GROUP BY s.legal_entity, s.currency
       HAVING sum(s.documents) > 0
       ORDER BY s.legal_entity, s.currency`,
      p.values,
    );
  }
}
