import { FLOAT_AMOUNT_MESSAGE } from '../money';
import { expense } from '../testing/fixtures';
import { problems, without } from '../testing/expect';
import { ExpenseDataSchema, ExpenseKeySchema } from './expense.v1';

describe('ExpenseDataSchema', () => {
  it('accepts a posted expense', () => {
    expect(ExpenseDataSchema.parse(expense())).toEqual(expense());
  });

  it.each([
    ['an approved expense without voucher', { status: 'Approved', voucher: undefined, postedAt: undefined }],
    ['a paid expense with a date-time', { status: 'Paid', transactionDate: '2025-03-30T10:00:00Z' }],
    ['null voucher and postedAt', { voucher: null, postedAt: null }],
  ])('accepts %s', (_case, patch) => {
    expect(ExpenseDataSchema.safeParse({ ...expense(), ...patch }).success).toBe(true);
  });

  it.each([
    [{ amount: 12.5 }, `amount ${FLOAT_AMOUNT_MESSAGE}`],
    [{ status: 'Draft' }, 'status must be one of Approved, Posted, Paid, not "Draft"'],
    [{ currency: 'EURO' }, expect.stringMatching(/^currency is "EURO", which is not a known ISO 4217/)],
    [{ category: '' }, 'category must not be empty'],
    [{ postedAt: '2025-03-31' }, expect.stringMatching(/^postedAt must be an ISO-8601 instant/)],
  ])('rejects %j', (patch, message) => {
    expect(problems(ExpenseDataSchema, { ...expense(), ...patch })).toEqual([message]);
  });

  it.each([
    'expenseId',
    'expenseReportId',
    'legalEntity',
    'projectId',
    'category',
    'amount',
    'currency',
    'transactionDate',
    'status',
  ] as const)('requires %s', (field) => {
    expect(problems(ExpenseDataSchema, without(expense(), field))).toEqual([`${field} is required`]);
  });

  it('the key holds only expenseId', () => {
    expect(Object.keys(ExpenseKeySchema.shape)).toEqual(['expenseId']);
  });
});
