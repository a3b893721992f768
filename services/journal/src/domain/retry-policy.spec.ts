import { MAX_AUTOMATIC_RETRIES, nextRetryAt } from './retry-policy';

const now = new Date('2026-11-02T08:00:00.000Z');
const after = (ms: number): Date => new Date(now.getTime() + ms);

describe('nextRetryAt', () => {
  it.each<[number, number | undefined, Date | null]>([
    [0, undefined, after(30_000)],
    [1, undefined, after(60_000)],
    [2, undefined, after(120_000)],
    [3, undefined, after(240_000)],
    [4, undefined, after(480_000)],
    [5, undefined, null],
    [9, undefined, null],
    [0, 10, after(10)],
    [4, 10, after(160)],
    [5, 10, null],
  ])('after %i retries with base %p ms → %p', (retryCount, baseMs, expected) => {
    expect(nextRetryAt(retryCount, now, baseMs)).toEqual(expected);
  });

  it('stops exactly at MAX_AUTOMATIC_RETRIES, which is 5', () => {
    expect(MAX_AUTOMATIC_RETRIES).toBe(5);
    expect(nextRetryAt(MAX_AUTOMATIC_RETRIES - 1, now)).not.toBeNull();
    expect(nextRetryAt(MAX_AUTOMATIC_RETRIES, now)).toBeNull();
  });

  it('leaves now untouched', () => {
    nextRetryAt(0, now);
    expect(now.toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it.each<[number, number]>([
    [-1, 30_000],
    [1.5, 30_000],
    [0, 0],
    [0, -5],
    [0, Number.POSITIVE_INFINITY],
  ])('refuses retryCount %p with base %p', (retryCount, baseMs) => {
    expect(() => nextRetryAt(retryCount, now, baseMs)).toThrow(RangeError);
  });
});
