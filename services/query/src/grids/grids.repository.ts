import { Injectable } from '@nestjs/common';
import { parseVendorInvoiceLineRecordId } from '@po-sync/contracts';
import { DataSource } from 'typeorm';
import type { ListResult } from '../shared/list-query';
import { runPagedQuery } from '../shared/paged-query';
import { SqlParams } from '../shared/sql-params';
import { DOCUMENT_COLUMNS, DOCUMENT_SORT, documentConditions, type DocumentFilter } from './grids.filters';

export type GridRow = Record<string, unknown>;

@Injectable()
export class GridsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    filter: DocumentFilter & { documentType: 'expense' | 'vendorInvoiceLine' },
    page: { limit: number; cursor?: string },
  ): Promise<ListResult<GridRow> & { unreconciledTotals: { currency: string; amount: string }[] }> {
    const params = new SqlParams();
    const where = documentConditions(params, filter);
    const result = await runPagedQuery<GridRow>(
      this.dataSource,
      {
        list: filter.documentType,
        select: DOCUMENT_COLUMNS,
        from: 'FROM document_row d',
        where,
        params,
        sort: DOCUMENT_SORT,
        money: { currency: 'd.currency', amount: 'd.amount' },
        ...page,
      },
      (row) => (filter.documentType === 'vendorInvoiceLine' ? withInvoiceLine(row) : row),
    );
    // What the rows leave on the integration account, beside the footer's document amount.
    const unreconciled = await this.dataSource.query<{ currency: string; amount: string }[]>(
      `SELECT d.currency, trim_scale(sum(d.unreconciled_amount))::text AS amount FROM document_row d
       WHERE ${where.join(' AND ')} GROUP BY 1 ORDER BY 1`,
      params.values,
    );
    return { ...result, unreconciledTotals: unreconciled };
  }
}

/** The vendor invoice and line number columns, from the record id (`invoiceId:lineNumber`). */
function withInvoiceLine(row: GridRow): GridRow {
  const key = parseVendorInvoiceLineRecordId(String(row.recordId));
  return { ...row, invoiceId: key?.invoiceId ?? null, lineNumber: key?.lineNumber ?? null };
}
