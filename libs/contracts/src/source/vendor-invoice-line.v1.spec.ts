import { vendorInvoiceLine } from '../testing/fixtures';
import { problems, without } from '../testing/expect';
import { VendorInvoiceLineDataSchema, VendorInvoiceLineKeySchema } from './vendor-invoice-line.v1';

describe('VendorInvoiceLineDataSchema', () => {
  it('accepts an approved line', () => {
    expect(VendorInvoiceLineDataSchema.parse(vendorInvoiceLine())).toEqual(vendorInvoiceLine());
  });

  it('accepts a posted line with voucher', () => {
    const posted = {
      ...vendorInvoiceLine(),
      status: 'Posted',
      voucher: 'V-9',
      postedAt: '2025-03-31T12:00:00Z',
    };
    expect(VendorInvoiceLineDataSchema.safeParse(posted).success).toBe(true);
  });

  it.each([
    [{ lineNumber: '2' }, 'lineNumber must be a number, not a string'],
    [{ lineNumber: 0 }, 'lineNumber must be greater than 0'],
    [{ lineNumber: 1.5 }, 'lineNumber must be a whole number'],
    [{ status: 'Paid' }, 'status must be one of Approved, Posted, not "Paid"'],
    [
      { amount: 1000 },
      expect.stringMatching(/^amount must be a decimal string such as "12\.50", not a JSON number/),
    ],
    [{ currency: 'XYZ' }, expect.stringMatching(/^currency is "XYZ", which is not a known ISO 4217/)],
  ])('rejects %j', (patch, message) => {
    expect(problems(VendorInvoiceLineDataSchema, { ...vendorInvoiceLine(), ...patch })).toEqual([message]);
  });

  it.each([
    'invoiceId',
    'lineNumber',
    'vendorId',
    'legalEntity',
    'projectId',
    'category',
    'amount',
    'currency',
    'invoiceDate',
    'status',
  ] as const)('requires %s', (field) => {
    expect(problems(VendorInvoiceLineDataSchema, without(vendorInvoiceLine(), field))).toEqual([
      `${field} is required`,
    ]);
  });

  it('the key is invoiceId + lineNumber', () => {
    expect(VendorInvoiceLineKeySchema.parse({ invoiceId: 'VI-9', lineNumber: 2 })).toEqual({
      invoiceId: 'VI-9',
      lineNumber: 2,
    });
    expect(problems(VendorInvoiceLineKeySchema, { invoiceId: 'VI-9' })).toEqual(['lineNumber is required']);
  });
});
