/**
 * Valid example records for this library's tests. Each spec copies one and
 * breaks a single field, so a failing case points at exactly one rule.
 */
export const EVENT_ID = '0b7e5c52-7d0e-4a0b-9f8e-2f4a3c1d9e61';
export const OTHER_ID = '6f1d3c2b-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

export const actual = () => ({
  actualId: 'a-1001',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  taskId: 'T-1',
  resourceId: null,
  transactionType: 'Cost',
  transactionClass: 'Expense',
  quantity: '1',
  unitPrice: '12.50',
  amount: '12.50',
  currency: 'USD',
  documentDate: '2025-03-31',
  accountingDate: '2025-03-31T00:00:00Z',
  sourceDocumentType: 'expense',
  sourceDocumentId: 'EXP-42',
  skipSync: false,
  voucher: null,
  createdOn: '2025-03-31T14:05:00.123Z',
});

export const transactionConnection = () => ({
  connectionId: 'c-1',
  transaction1Id: 'a-1002',
  transaction1Role: 'UnbilledSales',
  transaction1Type: 'UnbilledSales',
  transaction2Id: 'a-1001',
  transaction2Role: 'Cost',
  transaction2Type: 'Cost',
  createdOn: '2025-03-31T14:05:00Z',
});

export const expense = () => ({
  expenseId: 'EXP-42',
  expenseReportId: 'ER-7',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  category: 'Travel',
  amount: '12.50',
  currency: 'USD',
  transactionDate: '2025-03-30',
  status: 'Posted',
  voucher: 'V-0001',
  postedAt: '2025-03-31T09:00:00+02:00',
});

export const vendorInvoiceLine = () => ({
  invoiceId: 'VI-9',
  lineNumber: 2,
  vendorId: 'VEND-1',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  category: 'Materials',
  amount: '1000.00',
  currency: 'EUR',
  invoiceDate: '2025-03-28',
  status: 'Approved',
});

export const dualWriteMap = () => ({ mapName: 'msdyn_actuals', version: '1.0.0.20', state: 'Running' });

export const setupLegalEntity = () => ({
  kind: 'legalEntity',
  legalEntity: 'USPM',
  accountingCurrency: 'USD',
});
export const setupProject = () => ({
  kind: 'project',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  name: 'Roll-out',
});
export const setupLedgerPeriod = () => ({
  kind: 'ledgerPeriod',
  legalEntity: 'USPM',
  start: '2025-03-01',
  end: '2025-03-31',
  status: 'Open',
});
export const setupExchangeRate = () => ({
  kind: 'exchangeRate',
  fromCurrency: 'EUR',
  toCurrency: 'USD',
  date: '2025-03-31',
  rate: '1.0825',
});

export const envelope = (entity: string, data: object, operation = 'upsert') => ({
  eventId: EVENT_ID,
  entity,
  operation,
  occurredAt: '2025-03-31T14:05:01Z',
  mapVersion: '1.0.0.20',
  data,
});

export const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

export const draftJournalLine = () => ({
  eventId: EVENT_ID,
  lineId: 'L-1',
  journalId: 'USPM-000043',
  lineKind: 'journal',
  actualId: 'a-1001',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  transactionType: 'Cost',
  transactionClass: 'Expense',
  status: 'Draft',
  amount: '12.50',
  currency: 'USD',
  accountingAmount: null,
  accountingCurrency: null,
  exchangeRate: null,
  voucher: null,
  postedAt: null,
  journalStatus: 'Draft',
  sequence: 0,
  occurredAt: '2025-03-31T14:10:00Z',
});

/** What posting changes on a draft journal line. */
export const POSTED_LINE = {
  status: 'Posted',
  journalStatus: 'Posted',
  accountingAmount: '11.55',
  accountingCurrency: 'EUR',
  exchangeRate: '0.924',
  voucher: 'V-0001',
  postedAt: '2025-03-31T15:00:00Z',
  sequence: 3,
};

export const discrepancy = () => ({
  eventId: EVENT_ID,
  discrepancyId: 'MISSING_ACTUAL:expense:EXP-42',
  status: 'open',
  type: 'MISSING_ACTUAL',
  documentType: 'expense',
  recordId: 'EXP-42',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  amount: '12.50',
  currency: 'USD',
  causes: ['The expense was not synced to Dataverse.'],
  remedy: 'resync',
  firstDetectedAt: '2025-03-31T15:05:00Z',
  detectedAt: '2025-03-31T15:05:00Z',
  resolvedAt: null,
});

export const documentStatus = () => ({
  eventId: EVENT_ID,
  documentType: 'expense',
  recordId: 'EXP-42',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  status: 'missingJournalLine',
  documentDate: '2025-03-30',
  category: 'Travel',
  amount: '12.50',
  currency: 'USD',
  voucher: 'V-0001',
  actualExists: true,
  journalId: null,
  journalLineAmount: null,
  journalVoucher: null,
  postedDate: null,
  lastRetriedAt: null,
  missingActualAmount: '0',
  missingJournalLineAmount: '12.50',
  unreconciledAmount: '12.5',
  version: 2,
  updatedAt: '2025-03-31T15:05:00Z',
});

export const deadLetter = () => ({
  eventId: EVENT_ID,
  service: 'ingestion',
  sourceTopic: 'dataverse.actuals.v1',
  partition: 3,
  offset: '1234567890123',
  key: 'YS0xMDAx',
  value: 'eyJ4IjoxfQ==',
  headers: { traceparent: 'MDAtYWJj' },
  reason: 'data.amount is required',
  issues: [{ path: 'data.amount', message: 'is required' }],
  receivedAt: '2025-03-31T14:05:02Z',
});
