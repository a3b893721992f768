import { FLOAT_AMOUNT_MESSAGE } from '../money';
import { actual } from '../testing/fixtures';
import { problems, without } from '../testing/expect';
import { ActualDataSchema, ActualKeySchema } from './actual.v1';

describe('ActualDataSchema', () => {
  it('accepts a complete actual', () => {
    expect(ActualDataSchema.parse(actual())).toEqual(actual());
  });

  it.each([
    ['optional fields absent', ['taskId', 'resourceId', 'sourceDocumentType', 'sourceDocumentId', 'voucher']],
  ] as const)('accepts %s', (_case, fields) => {
    const data: Record<string, unknown> = actual();
    for (const field of fields) delete data[field];
    expect(ActualDataSchema.safeParse(data).success).toBe(true);
  });

  it.each([
    ['a posted voucher', { voucher: 'V-001' }],
    ['null lookups', { taskId: null, sourceDocumentType: null, sourceDocumentId: null }],
    ['a billed sales milestone', { transactionType: 'BilledSales', transactionClass: 'Milestone' }],
    ['a negative reversal', { amount: '-12.50', quantity: '-1' }],
    ['skip sync', { skipSync: true }],
  ])('accepts %s', (_case, patch) => {
    expect(ActualDataSchema.safeParse({ ...actual(), ...patch }).success).toBe(true);
  });

  it.each([
    ['a float amount', { amount: 12.5 }, `data.amount ${FLOAT_AMOUNT_MESSAGE}`],
    ['a float unit price', { unitPrice: 12.5 }, `data.unitPrice ${FLOAT_AMOUNT_MESSAGE}`],
    [
      'a float quantity',
      { quantity: 1.5 },
      'data.quantity must be a decimal string such as "1.5", not a JSON number (floats lose precision)',
    ],
    [
      'an unknown currency',
      { currency: 'ABC' },
      'data.currency is "ABC", which is not a known ISO 4217 currency code (three upper-case letters such as "EUR")',
    ],
    [
      'a wrong transaction type',
      { transactionType: 'Unbilled Sales' },
      'data.transactionType must be one of Cost, UnbilledSales, BilledSales, not "Unbilled Sales"',
    ],
    [
      'a wrong transaction class',
      { transactionClass: 'Tax' },
      'data.transactionClass must be one of Time, Expense, Material, Fee, Milestone, not "Tax"',
    ],
    [
      'a wrong source document type',
      { sourceDocumentType: 'Expense' },
      'data.sourceDocumentType must be one of expense, vendorInvoiceLine, timeEntry, journal, invoice, not "Expense"',
    ],
    [
      'skipSync as text',
      { skipSync: 'false' },
      'data.skipSync must be a boolean (true or false), not a string',
    ],
    [
      'a local createdOn',
      { createdOn: '2025-03-31T14:05:00' },
      'data.createdOn must be an ISO-8601 instant with an offset such as "2025-03-31T14:05:00Z"',
    ],
    [
      'an impossible document date',
      { documentDate: '2025-02-30' },
      expect.stringMatching(/^data\.documentDate must be an ISO-8601 date/),
    ],
    [
      'a colon in the legal entity',
      { legalEntity: 'US:PM' },
      expect.stringMatching(/^data\.legalEntity must not contain ":"/),
    ],
  ])('rejects %s', (_case, patch, message) => {
    expect(problems(ActualDataSchema, { ...actual(), ...patch }).map((p) => `data.${p}`)).toEqual([message]);
  });

  it.each([
    'actualId',
    'legalEntity',
    'projectId',
    'transactionType',
    'transactionClass',
    'quantity',
    'unitPrice',
    'amount',
    'currency',
    'documentDate',
    'accountingDate',
    'skipSync',
    'createdOn',
  ] as const)('requires %s', (field) => {
    expect(problems(ActualDataSchema, without(actual(), field))).toEqual([`${field} is required`]);
  });

  it('drops unknown fields from the parsed record (the raw log keeps them)', () => {
    expect(ActualDataSchema.parse({ ...actual(), msdyn_extra: 1 })).not.toHaveProperty('msdyn_extra');
  });

  it('the key holds only actualId', () => {
    expect(ActualKeySchema.parse({ actualId: 'a-1' })).toEqual({ actualId: 'a-1' });
    expect(problems(ActualKeySchema, {})).toEqual(['actualId is required']);
  });
});
