import {
  ExactDecimal,
  assertRulesConfig,
  decimalString,
  earliestFuture,
  hasElapsed,
  plusMs,
  sumAmounts,
} from './rule-helpers';

const now = new Date('2026-11-02T08:00:00.000Z');
const after = (ms: number): Date => new Date(now.getTime() + ms);

describe('decimalString', () => {
  it.each([
    ['12.50', '12.5'],
    ['12.5', '12.5'],
    ['100.00', '100'],
    ['-0.00', '0'],
    ['-25.50', '-25.5'],
    ['0.000001', '0.000001'],
    ['999999999999999.999999', '999999999999999.999999'],
  ])('%s → %s (no exponent, no float)', (input, expected) => {
    expect(decimalString(new ExactDecimal(input))).toBe(expected);
  });
});

describe('sumAmounts', () => {
  it.each<[string[], string]>([
    [[], '0'],
    [['0.1', '0.2'], '0.3'],
    [['100', '-100'], '0'],
    [['999999999999999.999999', '999999999999999.999999', '0.000002'], '2000000000000000'],
    [['12.50', '-0.5'], '12'],
  ])('%j → %s exactly', (amounts, expected) => {
    expect(decimalString(sumAmounts(amounts))).toBe(expected);
  });
});

describe('hasElapsed', () => {
  it.each<[string, number, boolean]>([
    ['one millisecond before', -1, false],
    ['exactly at the due instant', 0, true],
    ['one millisecond after', 1, true],
  ])('%s → %s', (_case, offset, expected) => {
    expect(hasElapsed(after(offset), now)).toBe(expected);
  });
});

describe('earliestFuture', () => {
  it.each<[string, (Date | null)[], Date | null]>([
    ['nothing', [], null],
    ['only nulls', [null, null], null],
    ['now itself is not in the future', [now], null],
    ['the past is ignored', [after(-5), after(10)], after(10)],
    ['the earliest of several', [after(30), null, after(1), after(20)], after(1)],
  ])('%s', (_case, instants, expected) => {
    expect(earliestFuture(now, instants)).toEqual(expected);
  });
});

describe('plusMs', () => {
  it('adds without touching the original', () => {
    expect(plusMs(now, 3_600_000).toISOString()).toBe('2026-11-02T09:00:00.000Z');
    expect(now.toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });
});

describe('assertRulesConfig', () => {
  it.each([
    [{ gracePeriodMs: 0, outOfSyncLookbackMs: 0 }],
    [{ gracePeriodMs: 3_600_000, outOfSyncLookbackMs: 2_678_400_000 }],
  ])('accepts %j', (config) => {
    expect(() => assertRulesConfig(config)).not.toThrow();
  });

  it.each<[number, number, string]>([
    [-1, 0, 'gracePeriodMs'],
    [1.5, 0, 'gracePeriodMs'],
    [Number.NaN, 0, 'gracePeriodMs'],
    [0, -1, 'outOfSyncLookbackMs'],
    [0, Number.POSITIVE_INFINITY, 'outOfSyncLookbackMs'],
  ])('refuses grace %p, look-back %p, naming %s', (gracePeriodMs, outOfSyncLookbackMs, key) => {
    const check = (): void => assertRulesConfig({ gracePeriodMs, outOfSyncLookbackMs });
    expect(check).toThrow(RangeError);
    expect(check).toThrow(new RegExp(`^${key} must be a whole number of milliseconds >= 0`));
  });
});
