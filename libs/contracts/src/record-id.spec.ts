import {
  actualRecordId,
  dualWriteMapRecordId,
  expenseRecordId,
  parseVendorInvoiceLineRecordId,
  setupRecordId,
  transactionConnectionRecordId,
  vendorInvoiceLineRecordId,
} from './record-id';

describe('record ids', () => {
  it.each([
    ['actual', actualRecordId({ actualId: 'a-1' }), 'a-1'],
    ['transaction connection', transactionConnectionRecordId({ connectionId: 'c-1' }), 'c-1'],
    ['expense', expenseRecordId({ expenseId: 'EXP-42' }), 'EXP-42'],
    ['vendor invoice line', vendorInvoiceLineRecordId({ invoiceId: 'VI-9', lineNumber: 2 }), 'VI-9:2'],
    ['dual-write map', dualWriteMapRecordId({ mapName: 'msdyn_actuals' }), 'msdyn_actuals'],
    ['legal entity', setupRecordId({ kind: 'legalEntity', legalEntity: 'USPM' }), 'legalEntity:USPM'],
    [
      'project',
      setupRecordId({ kind: 'project', legalEntity: 'USPM', projectId: 'P:1' }),
      'project:USPM:P:1',
    ],
    [
      'ledger period',
      setupRecordId({ kind: 'ledgerPeriod', legalEntity: 'USPM', start: '2025-03-01' }),
      'ledgerPeriod:USPM:2025-03-01',
    ],
    [
      'exchange rate',
      setupRecordId({ kind: 'exchangeRate', fromCurrency: 'EUR', toCurrency: 'USD', date: '2025-03-31' }),
      'exchangeRate:EUR:USD:2025-03-31',
    ],
  ])('%s → %s', (_case, id, expected) => {
    expect(id).toBe(expected);
  });

  it.each([
    ['VI-9:2', { invoiceId: 'VI-9', lineNumber: 2 }],
    ['A:1:2', { invoiceId: 'A:1', lineNumber: 2 }],
    ['VI-9', undefined],
    ['VI-9:0', undefined],
    ['VI-9:02', undefined],
    [':2', undefined],
    ['VI-9:99999999999999999999', undefined],
  ])('parseVendorInvoiceLineRecordId(%j)', (id, key) => {
    expect(parseVendorInvoiceLineRecordId(id)).toEqual(key);
  });

  it('round-trips invoice ids that themselves contain ":"', () => {
    const key = { invoiceId: 'INV:2025:7', lineNumber: 12 };
    expect(parseVendorInvoiceLineRecordId(vendorInvoiceLineRecordId(key))).toEqual(key);
  });
});
