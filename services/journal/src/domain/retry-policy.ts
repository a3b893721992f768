/** As in Finance's Dataverse sync: five automatic attempts, then a person decides. */
export const MAX_AUTOMATIC_RETRIES = 5;

export const DEFAULT_RETRY_BASE_MS = 30_000;

/**
 * When to retry after `retryCount` automatic retries have already failed: base, 2×,
 * 4×, … (30 s, 1 m, 2 m, 4 m, 8 m by default), so setup data that arrives late gets
 * picked up soon without hammering a problem that needs a person. null once the
 * retries are spent: the line then waits for an operator.
 */
export function nextRetryAt(
  retryCount: number,
  now: Date,
  baseMs: number = DEFAULT_RETRY_BASE_MS,
): Date | null {
  if (!Number.isInteger(retryCount) || retryCount < 0) {
    throw new RangeError(`retryCount must be a whole number >= 0, got ${retryCount}`);
  }
  if (!Number.isFinite(baseMs) || baseMs <= 0) {
    throw new RangeError(`baseMs must be a positive number of milliseconds, got ${baseMs}`);
  }
  if (retryCount >= MAX_AUTOMATIC_RETRIES) return null;
  return new Date(now.getTime() + baseMs * 2 ** retryCount);
}
