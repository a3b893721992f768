import Decimal from 'decimal.js';

export type TransactionType = 'Cost' | 'UnbilledSales' | 'BilledSales';
export type TransactionClass = 'Time' | 'Expense' | 'Material' | 'Fee' | 'Milestone';
export type ConnectionRole =
  'Cost' | 'UnbilledSales' | 'BilledSales' | 'Reversing' | 'Original' | 'Replacing';

/** An actual as it sits in staging. Decimals are strings; dates are plain `YYYY-MM-DD`. */
export interface StagedActual {
  actualId: string;
  legalEntity: string;
  projectId: string;
  transactionType: TransactionType;
  transactionClass: TransactionClass;
  quantity: string;
  unitPrice: string;
  amount: string;
  currency: string;
  documentDate: string;
  accountingDate: string;
  /** true = never expected in Finance (e.g. intercompany cost). */
  skipSync: boolean;
}

/** `transactionNType` is the linked actual's transaction type, as in the source contract. */
export interface TransactionConnection {
  connectionId: string;
  transaction1Id: string;
  transaction1Role: ConnectionRole;
  transaction1Type: TransactionType;
  transaction2Id: string;
  transaction2Role: ConnectionRole;
  transaction2Type: TransactionType;
}

export interface LedgerPeriod {
  legalEntity: string;
  start: string;
  /** Inclusive. */
  end: string;
  status: 'Open' | 'Closed';
}

/** `rate` units of `toCurrency` buy one unit of `fromCurrency` on `date`. */
export interface ExchangeRate {
  fromCurrency: string;
  toCurrency: string;
  date: string;
  rate: string;
}

/** Finance's setup data as the journal last saw it. `projects` is keyed by project id. */
export interface SetupSnapshot {
  legalEntities: ReadonlyMap<string, { accountingCurrency: string }>;
  projects: ReadonlyMap<string, { legalEntity: string }>;
  ledgerPeriods: readonly LedgerPeriod[];
  exchangeRates: readonly ExchangeRate[];
}

export type LineStatus = 'Draft' | 'Processing' | 'Posted' | 'Error' | 'Unrecoverable' | 'InvalidActual';
/** Finance's journal header statuses, as published in `journal.lines.v1`. */
export type JournalStatus = 'Draft' | 'Processing' | 'Posted' | 'Error';
export type PeriodUnit = 'day' | 'month' | 'year' | 'all';
/** Billed sales become invoice-proposal lines instead of journal lines. */
export type LineKind = 'journal' | 'invoiceProposal';

/** Why a line cannot be imported or posted, worded for the accountant who has to fix it. */
export interface JournalIssue {
  /** Stable: dashboards and alerts match on it, e.g. `JOURNAL.PROJECT_UNKNOWN`. */
  code: string;
  message: string;
  status: 'Error' | 'InvalidActual';
  retryable: boolean;
}

/**
 * decimal.js rounds every result to 20 significant digits by default, which would
 * already round quantity × price (up to 42 digits) or amount × rate before the
 * exact comparison or the deliberate rounding to minor units. A private clone keeps
 * the process-wide Decimal configuration untouched.
 */
export const ExactDecimal = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });
