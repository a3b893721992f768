import {
  DecimalStringSchema,
  decimalToMicros,
  decimalsEqual,
  FLOAT_AMOUNT_MESSAGE,
  isDecimalString,
  PositiveRateStringSchema,
  QuantityStringSchema,
} from './money';
import { problems } from './testing/expect';

describe('DecimalStringSchema', () => {
  it.each(['12.50', '-3', '0.000001', '0', '-0.5', '999999999999999.999999', '007'])(
    'accepts %j',
    (value) => {
      expect(DecimalStringSchema.parse(value)).toBe(value);
    },
  );

  it.each([
    ['a JSON number', 12.5, FLOAT_AMOUNT_MESSAGE],
    ['an integer number', 12, FLOAT_AMOUNT_MESSAGE],
    ['a boolean', true, 'must be a decimal string such as "12.50", not a boolean (true or false)'],
    ['null', null, 'must be a decimal string such as "12.50", not null'],
  ])('rejects %s with a message that says what to send', (_case, value, message) => {
    expect(problems(DecimalStringSchema, value)).toEqual([message]);
  });

  it.each([
    '1e3',
    '1E-2',
    '',
    '1.',
    '.5',
    '+1',
    ' 1',
    '1 ',
    '1,5',
    '1.1234567',
    '1234567890123456',
    '--1',
    'NaN',
  ])('rejects the malformed string %j', (value) => {
    const [message] = problems(DecimalStringSchema, value);
    expect(message).toMatch(/^must be a decimal string such as "12\.50"/);
  });

  it('says "is required" when missing', () => {
    expect(problems(DecimalStringSchema, undefined)).toEqual(['is required']);
  });
});

describe('QuantityStringSchema', () => {
  it.each(['8', '1.5', '-2'])('accepts %j', (value) => {
    expect(QuantityStringSchema.parse(value)).toBe(value);
  });

  it.each([
    [1.5, 'must be a decimal string such as "1.5", not a JSON number (floats lose precision)'],
    ['1e2', expect.stringMatching(/^must be a decimal string such as "1\.5"/)],
  ])('rejects %j', (value, message) => {
    expect(problems(QuantityStringSchema, value)).toEqual([message]);
  });
});

describe('PositiveRateStringSchema', () => {
  it.each(['1.0825', '0.006688912345', '110'])('accepts %j', (value) => {
    expect(PositiveRateStringSchema.parse(value)).toBe(value);
  });

  it.each(['0', '0.000', '-1.2', '1e2', '0.0000000000001'])('rejects %j', (value) => {
    expect(problems(PositiveRateStringSchema, value)).toEqual([
      'must be a positive decimal string such as "1.0825" (up to 12 decimals)',
    ]);
  });

  it('rejects a JSON number', () => {
    expect(problems(PositiveRateStringSchema, 1.08)[0]).toContain('not a JSON number');
  });
});

describe('decimal helpers', () => {
  it.each([
    ['12.5', 12_500_000n],
    ['-0.000001', -1n],
    ['3', 3_000_000n],
  ])('decimalToMicros(%j) is exact', (value, micros) => {
    expect(decimalToMicros(value)).toBe(micros);
  });

  it.each([
    ['12.5', '12.50', true],
    ['0', '-0', true],
    ['0.1', '0.10000', true],
    ['0.1', '0.2', false],
  ])('decimalsEqual(%j, %j) is %s', (a, b, equal) => {
    expect(decimalsEqual(a, b)).toBe(equal);
  });

  it('decimalToMicros rejects what is not a decimal string', () => {
    expect(() => decimalToMicros('1e3')).toThrow(RangeError);
  });

  it.each([
    ['12.50', true],
    [12.5, false],
    ['1.', false],
  ])('isDecimalString(%j) is %s', (value, expected) => {
    expect(isDecimalString(value)).toBe(expected);
  });
});
