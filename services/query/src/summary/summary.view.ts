import type { SummaryTotalsRow } from './summary.repository';

export interface Tile {
  count: number;
  amount: string;
}

/** One legal entity and currency of the workspace's Dual write tab (reference §4). */
export interface SummaryEntry {
  legalEntity: string;
  currency: string;
  unreconciledExpenseAmount: string;
  unreconciledVendorInvoiceAmount: string;
  tiles: {
    expenseMissingActuals: Tile;
    expenseMissingJournalLines: Tile;
    vendorInvoiceMissingActuals: Tile;
    vendorInvoiceMissingJournalLines: Tile;
  };
}

export function toSummaryEntry(row: SummaryTotalsRow): SummaryEntry {
  return {
    legalEntity: row.legal_entity,
    currency: row.currency,
    unreconciledExpenseAmount: row.unreconciled_expense,
    unreconciledVendorInvoiceAmount: row.unreconciled_vendor_invoice,
    tiles: {
      expenseMissingActuals: {
        count: row.expense_missing_actuals_count,
        amount: row.expense_missing_actuals_amount,
      },
      expenseMissingJournalLines: {
        count: row.expense_missing_lines_count,
        amount: row.expense_missing_lines_amount,
      },
      vendorInvoiceMissingActuals: {
        count: row.vendor_missing_actuals_count,
        amount: row.vendor_missing_actuals_amount,
      },
      vendorInvoiceMissingJournalLines: {
        count: row.vendor_missing_lines_count,
        amount: row.vendor_missing_lines_amount,
      },
    },
  };
}
