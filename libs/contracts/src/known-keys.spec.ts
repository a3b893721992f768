import { z } from 'zod';
import { formatPath } from './issues';
import { describeKeyTypo, findKeyTypos } from './known-keys';

const record = z.object({
  eventId: z.string(),
  transactionType: z.string(),
  voucher: z.string().nullish(),
  nested: z.object({ amount: z.string() }).optional(),
  lines: z.array(z.object({ lineId: z.string() })).optional(),
});

const described = (input: unknown): string[] =>
  findKeyTypos(record, input).map((t) => `${formatPath(t.path)} ${describeKeyTypo(t)}`);

describe('findKeyTypos', () => {
  it.each([
    ['known keys only', { eventId: 'e', transactionType: 'Cost' }],
    ['a genuinely new field', { eventId: 'e', transactionType: 'Cost', traceparent: 'x' }],
    ['a non-object', 'text'],
  ])('finds nothing for %s', (_case, input) => {
    expect(findKeyTypos(record, input)).toEqual([]);
  });

  it.each([
    [
      'a case variant of an optional key',
      { eventId: 'e', transactionType: 'Cost', Voucher: 'V1' },
      ['Voucher is not a known field; did you mean voucher, which is missing?'],
    ],
    [
      'a snake_case variant next to the real key',
      { eventId: 'e', transactionType: 'Cost', voucher: 'V1', vouch_er: 'V2' },
      ['vouch_er is not a known field; did you mean voucher? (field names are case-sensitive)'],
    ],
    [
      'a misspelt required key',
      { eventId: 'e', transactonType: 'Cost' },
      ['transactonType is not a known field; did you mean transactionType, which is missing?'],
    ],
    [
      'a case variant inside a nested object',
      { eventId: 'e', transactionType: 'Cost', nested: { Amount: '1' } },
      ['nested.Amount is not a known field; did you mean nested.amount, which is missing?'],
    ],
    [
      'a case variant inside an array element',
      { eventId: 'e', transactionType: 'Cost', lines: [{ lineId: 'a' }, { LineID: 'b' }] },
      ['lines[1].LineID is not a known field; did you mean lines[1].lineId, which is missing?'],
    ],
  ])('reports %s', (_case, input, expected) => {
    expect(described(input)).toEqual(expected);
  });

  it('follows the option of a discriminated union', () => {
    const union = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('a'), name: z.string() }),
      z.object({ kind: z.literal('b'), rate: z.string() }),
    ]);
    expect(findKeyTypos(union, { kind: 'b', Rate: '1' }).map((t) => t.suggestion)).toEqual([['rate']]);
    expect(findKeyTypos(union, { Kind: 'b' }).map((t) => t.suggestion)).toEqual([['kind']]);
  });

  it('sees through optional, nullable and refined wrappers', () => {
    const wrapped = record
      .refine(() => true)
      .nullable()
      .optional();
    expect(findKeyTypos(wrapped, { eventId: 'e', transactionType: 'Cost', VOUCHER: 'x' })).toHaveLength(1);
  });
});
