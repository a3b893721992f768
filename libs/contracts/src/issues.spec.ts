import { z } from 'zod';
import { contractsErrorMap, describeIssues, echo, formatPath, toIssues } from './issues';

const messageOf = (schema: z.ZodTypeAny, input: unknown): string => {
  const result = schema.safeParse(input, { errorMap: contractsErrorMap });
  if (result.success) throw new Error('expected a failure');
  return result.error.issues[0]?.message ?? '';
};

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['data', 'amount'], 'data.amount'],
    [['data', 'lines', 0, 'amount'], 'data.lines[0].amount'],
    [['data', 'Event Id'], 'data["Event Id"]'],
  ])('%j → %j', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('contractsErrorMap', () => {
  it.each([
    ['missing', z.string(), undefined, 'is required'],
    ['wrong type', z.string(), 5, 'must be a string, not a number'],
    ['null', z.boolean(), null, 'must be a boolean (true or false), not null'],
    ['fraction for int', z.number().int(), 1.5, 'must be a whole number'],
    ['enum', z.enum(['Cost', 'BilledSales']), 'Costs', 'must be one of Cost, BilledSales, not "Costs"'],
    ['literal', z.literal('upsert'), 'insert', 'must be "upsert", not "insert"'],
    ['empty string', z.string().min(1), '', 'must not be empty'],
    ['empty array', z.array(z.string()).min(1), [], 'must list at least 1 item'],
    ['too long', z.string().max(2), 'abc', 'must be at most 2 characters long'],
    ['below minimum', z.number().positive(), 0, 'must be greater than 0'],
    ['object', z.object({}), [], 'must be an object, not an array'],
  ])('phrases %s as a predicate', (_case, schema, input, message) => {
    expect(messageOf(schema, input)).toBe(message);
  });

  it('keeps a message the schema set for itself', () => {
    const schema = z.string({ invalid_type_error: 'send text' });
    expect(messageOf(schema, 1)).toBe('send text');
  });

  it('cuts long echoed values', () => {
    expect(messageOf(z.enum(['a']), 'x'.repeat(100))).toBe(`must be one of a, not "${'x'.repeat(40)}…"`);
  });
});

describe('echo', () => {
  it.each([
    ['abc', '"abc"'],
    [3, '3'],
    [null, 'null'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
  ])('%j → %s', (value, shown) => {
    expect(echo(value)).toBe(shown);
  });
});

describe('describeIssues', () => {
  it('joins field problems into one sentence', () => {
    expect(
      describeIssues([
        { path: 'data.amount', message: 'must be a decimal string' },
        { path: 'data.currency', message: 'is required' },
      ]),
    ).toBe('data.amount must be a decimal string; data.currency is required');
  });

  it('counts what it does not spell out', () => {
    const issues = ['a', 'b', 'c', 'd', 'e'].map((path) => ({ path, message: 'is required' }));
    expect(describeIssues(issues)).toBe('a is required; b is required; c is required (and 2 more problems)');
  });

  it('words a whole-message problem', () => {
    expect(describeIssues([{ path: '', message: 'is not valid JSON' }])).toBe(
      'the message value is not valid JSON',
    );
  });

  it('toIssues formats zod paths', () => {
    const result = z
      .object({ a: z.array(z.string()) })
      .safeParse({ a: [1] }, { errorMap: contractsErrorMap });
    expect(result.success ? [] : toIssues(result.error)).toEqual([
      { path: 'a[0]', message: 'must be a string, not a number' },
    ]);
  });
});
