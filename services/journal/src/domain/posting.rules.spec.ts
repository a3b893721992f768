import type { SetupSnapshot } from './journal.types';
import {
  type PostableLine,
  accountingAmount,
  checkPostable,
  formatVoucher,
  minorUnits,
} from './posting.rules';

describe('minorUnits', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['VND', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['OMR', 3],
    ['JOD', 3],
    ['TND', 3],
    ['CLF', 4],
    ['XAU', 2],
  ])('%s has %i', (currency, places) => {
    expect(minorUnits(currency)).toBe(places);
  });
});

describe('accountingAmount', () => {
  it.each<[string, string, string, string, string | null, string]>([
    ['same currency: kept exactly as staged', '100.505', 'USD', 'USD', null, '100.505'],
    ['same currency ignores a rate', '10.00', 'USD', 'USD', '2', '10.00'],
    ['converted to the minor units', '100', 'EUR', 'USD', '1.08', '108.00'],
    ['half-even rounds a tie down to even', '0.125', 'EUR', 'USD', '1', '0.12'],
    ['half-even rounds a tie up to even', '0.135', 'EUR', 'USD', '1', '0.14'],
    ['above a tie rounds up', '0.1251', 'EUR', 'USD', '1', '0.13'],
    ['negative amounts round symmetrically', '-0.125', 'EUR', 'USD', '1', '-0.12'],
    ['a negative amount rounding to zero has no sign', '-0.001', 'EUR', 'USD', '1', '0.00'],
    ['JPY has no decimals', '100', 'USD', 'JPY', '150.5', '15050'],
    ['JPY tie to even (2.5 → 2)', '1', 'USD', 'JPY', '2.5', '2'],
    ['JPY tie to even (3.5 → 4)', '1', 'USD', 'JPY', '3.5', '4'],
    ['BHD has three decimals', '1', 'USD', 'BHD', '0.3765', '0.376'],
    ['KWD has three decimals', '10', 'USD', 'KWD', '0.30755', '3.076'],
    ['an inverse rate', '1000', 'JPY', 'USD', '0.006666666667', '6.67'],
    // 3 × rate = 100000000000000.125000000003; 20 significant digits would cut it to a tie and round down.
    [
      'exact beyond 20 significant digits',
      '3',
      'EUR',
      'USD',
      '33333333333333.375000000001',
      '100000000000000.13',
    ],
  ])('%s', (_case, amount, currency, accountingCurrency, rate, expected) => {
    expect(accountingAmount(amount, currency, accountingCurrency, rate)).toBe(expected);
  });

  it('refuses to convert without a rate', () => {
    expect(() => accountingAmount('1', 'EUR', 'USD', null)).toThrow('exchange rate from EUR to USD');
  });
});

describe('formatVoucher', () => {
  it.each<[string, bigint | number, string]>([
    ['USMF', 42, 'USMF-JV-00000042'],
    ['USMF', 42n, 'USMF-JV-00000042'],
    ['DEMF', 1, 'DEMF-JV-00000001'],
    ['USMF', 99_999_999, 'USMF-JV-99999999'],
  ])('%s %s → %s', (legalEntity, sequence, expected) => {
    expect(formatVoucher(legalEntity, sequence)).toBe(expected);
  });

  it.each<[string, bigint | number]>([
    ['zero', 0],
    ['negative', -1],
    ['a fraction', 1.5],
    ['too wide to sort as text', 100_000_000],
    ['too wide as bigint', 100_000_000n],
  ])('refuses a sequence that is %s', (_case, sequence) => {
    expect(() => formatVoucher('USMF', sequence)).toThrow(RangeError);
  });

  it('sorts as text in sequence order', () => {
    const vouchers = [100, 9, 10_000, 10].map((n) => formatVoucher('USMF', n));
    expect([...vouchers].sort()).toEqual([9, 10, 100, 10_000].map((n) => formatVoucher('USMF', n)));
  });
});

const setup = (over: Partial<SetupSnapshot> = {}): SetupSnapshot => ({
  legalEntities: new Map([['USMF', { accountingCurrency: 'USD' }]]),
  projects: new Map(),
  ledgerPeriods: [{ legalEntity: 'USMF', start: '2026-11-01', end: '2026-11-30', status: 'Open' }],
  exchangeRates: [{ fromCurrency: 'EUR', toCurrency: 'USD', date: '2026-11-01', rate: '1.08' }],
  ...over,
});

const line = (over: Partial<PostableLine> = {}): PostableLine => ({
  legalEntity: 'USMF',
  accountingDate: '2026-11-10',
  currency: 'EUR',
  actualId: 'A-1',
  ...over,
});

describe('checkPostable', () => {
  it.each<[string, PostableLine, SetupSnapshot, { code: string; mentions: string } | null]>([
    ['open period and a rate', line(), setup(), null],
    ['same currency needs no rate', line({ currency: 'USD' }), setup({ exchangeRates: [] }), null],
    [
      'the period was closed since import',
      line(),
      setup({
        ledgerPeriods: [{ legalEntity: 'USMF', start: '2026-11-01', end: '2026-11-30', status: 'Closed' }],
      }),
      {
        code: 'JOURNAL.PERIOD_CLOSED',
        mentions: 'The journal line of actual A-1 cannot be posted: ledger period 2026-11-01 to 2026-11-30',
      },
    ],
    [
      'the rate vanished',
      line(),
      setup({ exchangeRates: [] }),
      { code: 'JOURNAL.EXCHANGE_RATE_MISSING', mentions: 'from EUR to USD' },
    ],
    [
      'the legal entity vanished',
      line({ legalEntity: 'XX' }),
      setup(),
      { code: 'JOURNAL.LEGAL_ENTITY_UNKNOWN', mentions: 'legal entity XX' },
    ],
    [
      'without an actual id the message still reads',
      line({ actualId: undefined, accountingDate: '2026-12-01' }),
      setup(),
      { code: 'JOURNAL.PERIOD_CLOSED', mentions: 'The journal line cannot be posted: no ledger period' },
    ],
  ])('%s', (_case, postable, snapshot, expected) => {
    const issue = checkPostable(postable, snapshot);
    if (expected === null) {
      expect(issue).toBeNull();
    } else {
      expect(issue).toEqual({
        code: expected.code,
        status: 'Error',
        retryable: true,
        message: expect.stringContaining(expected.mentions),
      });
    }
  });
});
