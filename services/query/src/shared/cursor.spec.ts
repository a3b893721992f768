import { RequestValidationError } from '@po-sync/auth';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  it('round-trips the sort values of a list, nulls included', () => {
    const cursor = encodeCursor('expense', ['2026-11-02', null]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('expense', cursor, 2)).toEqual(['2026-11-02', null]);
  });

  it.each([
    ['a cursor of another list', encodeCursor('discrepancies', ['x', 'y'])],
    ['the wrong number of values', encodeCursor('expense', ['x'])],
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    [
      'values that are not text',
      Buffer.from(JSON.stringify({ l: 'expense', v: [1, {}] })).toString('base64url'),
    ],
  ])('refuses %s with a 400 that says what to do', (_what, cursor) => {
    expect(() => decodeCursor('expense', cursor, 2)).toThrow(RequestValidationError);
    expect(() => decodeCursor('expense', cursor, 2)).toThrow(/nextCursor of a previous page/);
  });
});
