import { Injectable } from '@nestjs/common';
import { parseVendorInvoiceLineRecordId } from '@po-sync/contracts';
import { DataSource } from 'typeorm';
import type { ListResult } from '../shared/list-query';
import { runPagedQuery } from '../shared/paged-query';
import { SqlParams } from '../shared/sql-params';
import {
  DOCUMENT_COLUMNS,
  DOCUMENT_SORT,
  documentConditions,
  documentConditionsBesideWindowAndStatus,
  type DocumentFilter,
  documentWindowParts,
} from './grids.filters';

export type GridRow = Record<string, unknown>;

@Injectable()
export class GridsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    filter: DocumentFilter & { documentType: 'expense' | 'vendorInvoiceLine' },
    page: { limit: number; cursor?: string },
  ): Promise<ListResult<GridRow> & { unreconciledTotals: { currency: string; amount: string }[] }> {
    const params = new SqlParams();
    const where = documentConditionsBesideWindowAndStatus(params, filter);
    const result = await runPagedQuery<GridRow>(
      this.dataSource,
      {
        list: filter.documentType,
        select: DOCUMENT_COLUMNS,
        from: 'FROM document_row d',
        where,
        parts: documentWindowParts(filter.window),
        ...(filter.statuses && { oneOf: { expr: 'd.status', values: filter.statuses, cast: '::text' } }),
        params,
        sort: DOCUMENT_SORT,
        money: { currency: 'd.currency', amount: 'd.amount' },
        // Without free text, the filter is exactly what document_summary is keyed by.
        skipAggregate: !filter.q,
        ...page,
      },
      (row) => (filter.documentType === 'vendorInvoiceLine' ? withInvoiceLine(row) : row),
    );
    if (!filter.q) return { ...result, ...(await this.totalsFromSummary(filter)) };
    // What the rows leave on the integration account, beside the footer's document amount.
    const all = new SqlParams();
    const unreconciled = await this.dataSource.query<{ currency: string; amount: string }[]>(
      `SELECT d.currency, trim_scale(sum(d.unreconciled_amount))::text AS amount FROM document_row d
       WHERE ${documentConditions(all, filter).join(' AND ')} GROUP BY 1 ORDER BY 1`,
      all.values,
    );
    return { ...result, unreconciledTotals: unreconciled };
  }

  /**
   * Count and totals of a grid from the aggregate the projection maintains (a few rows per legal
   * entity and day) instead of summing every matching document on each page request.
   */
  private async totalsFromSummary(
    filter: DocumentFilter & { documentType: 'expense' | 'vendorInvoiceLine' },
  ) {
    const p = new SqlParams();
    const where = [`document_type = ${p.add(filter.documentType)}`];
    if (filter.legalEntity) where.push(`legal_entity = ${p.add(filter.legalEntity)}`);
    where.push(
      `(document_date = '-infinity' OR document_date BETWEEN ${p.add(filter.window.from, '::date')} AND ${p.add(filter.window.to, '::date')})`,
    );
    if (filter.statuses) where.push(`status = ANY(${p.add(filter.statuses, '::text[]')})`);
    const rows = await this.dataSource.query<
      { currency: string; n: number; amount: string; unreconciled: string }[]
    >(
      `SELECT currency, sum(documents)::int AS n, trim_scale(sum(amount))::text AS amount,
              trim_scale(sum(unreconciled_amount))::text AS unreconciled
       FROM document_summary WHERE ${where.join(' AND ')} GROUP BY 1 HAVING sum(documents) > 0 ORDER BY 1`,
      p.values,
    );
    return {
      count: rows.reduce((n, r) => n + r.n, 0),
      totals: rows.map((r) => ({ currency: r.currency, amount: r.amount })),
      unreconciledTotals: rows.map((r) => ({ currency: r.currency, amount: r.unreconciled })),
    };
  }
}

/** The vendor invoice and line number columns, from the record id (`invoiceId:lineNumber`). */
function withInvoiceLine(row: GridRow): GridRow {
  const key = parseVendorInvoiceLineRecordId(String(row.recordId));
  return { ...row, invoiceId: key?.invoiceId ?? null, lineNumber: key?.lineNumber ?? null };
}
