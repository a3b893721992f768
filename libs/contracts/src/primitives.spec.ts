import {
  IdSchema,
  isIsoDate,
  isIsoInstant,
  IsoDateOrInstantSchema,
  LegalEntitySchema,
  NonNegativeIntSchema,
  UuidSchema,
} from './primitives';
import { problems } from './testing/expect';

describe('UuidSchema', () => {
  it('accepts a UUID and lower-cases it so redeliveries dedupe', () => {
    expect(UuidSchema.parse('0B7E5C52-7D0E-4A0B-9F8E-2F4A3C1D9E61')).toBe(
      '0b7e5c52-7d0e-4a0b-9f8e-2f4a3c1d9e61',
    );
  });

  it.each(['', 'not-a-uuid', '0b7e5c527d0e4a0b9f8e2f4a3c1d9e61', '0b7e5c52-7d0e-4a0b-9f8e-2f4a3c1d9e6'])(
    'rejects %j',
    (value) => {
      expect(problems(UuidSchema, value)[0]).toMatch(/^must be a UUID/);
    },
  );
});

describe('ISO-8601 dates and instants', () => {
  it.each([
    ['2025-03-31', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-02-28', true],
    ['2025-06-31', false],
    ['2025-12-31', true],
    ['2025-00-10', false],
    ['2025-13-01', false],
    ['2025-04-31', false],
    ['2025-3-31', false],
    ['2025-03-31T00:00:00Z', false],
  ])('isIsoDate(%j) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it.each([
    ['2025-03-31T14:05:00Z', true],
    ['2025-03-31T14:05:00.123456789Z', true],
    ['2025-03-31T14:05:00+02:00', true],
    ['2025-03-31T14:05:00-05:30', true],
    ['2025-03-31T14:05:00', false],
    ['2025-03-31T14:05Z', false],
    ['2025-03-31 14:05:00Z', false],
    ['2025-03-31T24:00:00Z', false],
    ['2025-03-31T14:60:00Z', false],
    ['2025-02-30T14:05:00Z', false],
    ['2025-03-31T14:05:00+0200', false],
    ['2025-03-31', false],
  ])('isIsoInstant(%j) is %s', (value, expected) => {
    expect(isIsoInstant(value)).toBe(expected);
  });

  it.each(['2025-03-31', '2025-03-31T14:05:00Z'])('IsoDateOrInstantSchema accepts %j', (value) => {
    expect(IsoDateOrInstantSchema.parse(value)).toBe(value);
  });

  it('IsoDateOrInstantSchema explains both accepted forms', () => {
    expect(problems(IsoDateOrInstantSchema, '31/03/2025')[0]).toContain('"2025-03-31"');
  });
});

describe('ids', () => {
  it.each([
    ['', 'must not be empty'],
    [' a', 'must not start or end with spaces or contain control characters'],
    ['a\n', 'must not start or end with spaces or contain control characters'],
    ['x'.repeat(257), 'must be at most 256 characters long'],
    [12, 'must be a string, not a number'],
  ])('IdSchema rejects %j', (value, message) => {
    expect(problems(IdSchema, value)).toEqual([message]);
  });

  it('IdSchema accepts inner spaces and colons', () => {
    expect(IdSchema.parse('VI 9:2')).toBe('VI 9:2');
  });

  it('LegalEntitySchema rejects ":" because it separates record id parts', () => {
    expect(problems(LegalEntitySchema, 'US:PM')).toEqual([
      'must not contain ":" (it separates the parts of record ids)',
    ]);
  });

  it.each([
    [-1, 'must be at least 0'],
    [1.5, 'must be a whole number'],
  ])('NonNegativeIntSchema rejects %j', (value, message) => {
    expect(problems(NonNegativeIntSchema, value)).toEqual([message]);
  });
});
