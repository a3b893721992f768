import { JournalLineEventSchema } from './journal-lines.v1';
import * as f from './testing/fixtures';
import { problems, without } from './testing/expect';

const draftLine = (patch: object = {}) => ({ ...f.draftJournalLine(), ...patch });

const posted = f.POSTED_LINE;

describe('JournalLineEventSchema', () => {
  it.each([
    ['a draft line', {}],
    ['a posted line', posted],
    ['an invoice proposal line', { lineKind: 'invoiceProposal', transactionType: 'BilledSales' }],
    ['an invalid-actual line', { status: 'InvalidActual', journalStatus: 'Error' }],
  ])('accepts %s', (_case, patch) => {
    expect(JournalLineEventSchema.safeParse(draftLine(patch)).success).toBe(true);
  });

  it.each([
    [
      { status: 'Invalid actuals' },
      expect.stringMatching(
        /^status must be one of Draft, Processing, Posted, Error, Unrecoverable, InvalidActual/,
      ),
    ],
    [
      { journalStatus: 'Unrecoverable' },
      'journalStatus must be one of Draft, Processing, Posted, Error, not "Unrecoverable"',
    ],
    [{ lineKind: 'proposal' }, 'lineKind must be one of journal, invoiceProposal, not "proposal"'],
    [{ sequence: -1 }, 'sequence must be at least 0'],
    [{ sequence: 1.5 }, 'sequence must be a whole number'],
    [
      { amount: 12.5 },
      expect.stringMatching(/^amount must be a decimal string such as "12\.50", not a JSON number/),
    ],
    [{ accountingCurrency: 'EUX' }, expect.stringMatching(/^accountingCurrency is "EUX"/)],
    [{ ...posted, voucher: null }, 'voucher must be set when status is Posted'],
    [{ ...posted, postedAt: null }, 'postedAt must be set when status is Posted'],
  ])('rejects %j', (patch, message) => {
    expect(problems(JournalLineEventSchema, draftLine(patch))).toEqual([message]);
  });

  it('requires nullable fields to be present (null, not absent)', () => {
    expect(problems(JournalLineEventSchema, without(draftLine(), 'voucher'))).toEqual([
      'voucher is required',
    ]);
  });
});
