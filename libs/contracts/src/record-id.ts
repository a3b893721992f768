import type { ActualKey } from './source/actual.v1';
import type { DualWriteMapKey } from './source/dual-write-map.v1';
import type { ExpenseKey } from './source/expense.v1';
import type { SetupKey } from './source/setup.v1';
import type { TransactionConnectionKey } from './source/transaction-connection.v1';
import type { VendorInvoiceLineKey } from './source/vendor-invoice-line.v1';

/**
 * Record ids: the Kafka key of every message about a record, so all its changes
 * land on one partition in order. Composite ids join their parts with ":"; the
 * schemas make them unambiguous (a legal entity has no ":", a line number is the
 * last part and an integer).
 */
export const RECORD_ID_SEPARATOR = ':';

export const actualRecordId = (key: ActualKey): string => key.actualId;

export const transactionConnectionRecordId = (key: TransactionConnectionKey): string => key.connectionId;

export const expenseRecordId = (key: ExpenseKey): string => key.expenseId;

/** Also what an actual's `sourceDocumentId` holds when it comes from a vendor invoice line. */
export const vendorInvoiceLineRecordId = (key: VendorInvoiceLineKey): string =>
  `${key.invoiceId}${RECORD_ID_SEPARATOR}${key.lineNumber}`;

const LINE_SUFFIX = /^(.+):([1-9]\d*)$/;

/** The inverse of vendorInvoiceLineRecordId; undefined for anything it cannot have produced. */
export function parseVendorInvoiceLineRecordId(id: string): VendorInvoiceLineKey | undefined {
  const m = LINE_SUFFIX.exec(id);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  const lineNumber = Number(m[2]);
  return Number.isSafeInteger(lineNumber) ? { invoiceId: m[1], lineNumber } : undefined;
}

export const dualWriteMapRecordId = (key: DualWriteMapKey): string => key.mapName;

/** kind + natural key, e.g. `project:USPM:PRJ-001`, `exchangeRate:EUR:USD:2025-03-31`. */
export function setupRecordId(key: SetupKey): string {
  const parts = ((): string[] => {
    switch (key.kind) {
      case 'legalEntity':
        return [key.legalEntity];
      case 'project':
        return [key.legalEntity, key.projectId];
      case 'ledgerPeriod':
        return [key.legalEntity, key.start];
      case 'exchangeRate':
        return [key.fromCurrency, key.toCurrency, key.date];
    }
  })();
  return [key.kind, ...parts].join(RECORD_ID_SEPARATOR);
}
