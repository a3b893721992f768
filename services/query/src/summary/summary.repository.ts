import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { documentConditions } from '../grids/grids.filters';
import type { DateWindow } from '../shared/list-query';
import { SqlParams, whereClause } from '../shared/sql-params';

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

/**
 * The tiles and the unreconciled amounts per legal entity and currency. Without `q` they come from
 * the aggregate the projection maintains (document_summary: a few rows per legal entity and day);
 * free text cannot be pre-aggregated, so with `q` the same sums run over the matching documents
 * (found through the trigram index).
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
      const where: string[] = [];
      if (filter.legalEntity) where.push(`legal_entity = ${p.add(filter.legalEntity)}`);
      where.push(
        `(document_date = '-infinity' OR document_date BETWEEN ${p.add(filter.window.from, '::date')} AND ${p.add(filter.window.to, '::date')})`,
      );
      source = `(SELECT * FROM document_summary ${whereClause(where)}) s`;
    }
    const expense = `s.document_type = 'expense'`;
    const vendor = `s.document_type = 'vendorInvoiceLine'`;
    return this.dataSource.query<SummaryTotalsRow[]>(
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
