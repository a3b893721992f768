/**
 * Errors carry a stable code and say whether trying again can help (STYLE.md rule 9).
 * The consumer runner retries retryable ones with back-off and dead-letters the rest.
 */
export class ProcessingError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProcessingError';
  }
}

// PostgreSQL: connection failures, admin shutdown, serialization failure, deadlock, too many connections.
const RETRYABLE_PG_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '40001',
  '40P01',
  '53300',
  '08000',
  '08003',
  '08006',
]);
const RETRYABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    retryable?: unknown;
    retriable?: unknown;
    code?: unknown;
    driverError?: unknown;
    message?: unknown;
  };
  if (typeof e.retryable === 'boolean') return e.retryable;
  if (e.retriable === true) return true; // kafkajs
  if (typeof e.code === 'string' && (RETRYABLE_PG_CODES.has(e.code) || RETRYABLE_NODE_CODES.has(e.code)))
    return true;
  if (e.driverError) return isRetryable(e.driverError); // TypeORM's QueryFailedError wraps pg's error
  // Errors raised by clients whose connection dropped mid-flight.
  return (
    typeof e.message === 'string' &&
    /Connection terminated|connection is closed|Connection is closed/i.test(e.message)
  );
}
