import { CurrencyCodeSchema, ISO_4217_CURRENCY_CODES, isCurrencyCode } from './currencies';
import { problems } from './testing/expect';

describe('ISO 4217 currencies', () => {
  it.each(['USD', 'EUR', 'JPY', 'CHF', 'XCG', 'ZWG', 'SLE', 'XXX', 'XAU'])(
    'accepts the active code %s',
    (code) => {
      expect(CurrencyCodeSchema.parse(code)).toBe(code);
      expect(isCurrencyCode(code)).toBe(true);
    },
  );

  it.each(['ABC', 'usd', 'US', 'USDD', 'HRK', 'BGN', 'ZWL', 'ANG', ''])(
    'rejects %j and names it as an unknown ISO 4217 code',
    (code) => {
      expect(problems(CurrencyCodeSchema, code)).toEqual([
        `is ${JSON.stringify(code)}, which is not a known ISO 4217 currency code (three upper-case letters such as "EUR")`,
      ]);
    },
  );

  it('rejects a non-string', () => {
    expect(problems(CurrencyCodeSchema, 840)).toEqual(['must be a string, not a number']);
  });

  it('holds only three-letter upper-case codes, 178 of them', () => {
    expect([...ISO_4217_CURRENCY_CODES].every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
    expect(ISO_4217_CURRENCY_CODES.size).toBe(178);
  });
});
