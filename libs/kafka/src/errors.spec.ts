import { isRetryable, ProcessingError } from './errors';

describe('isRetryable', () => {
  it.each([
    ['a retryable processing error', new ProcessingError('JOURNAL.DB', 'x', true), true],
    ['a permanent processing error', new ProcessingError('JOURNAL.PROJECT_UNKNOWN', 'x', false), false],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      true,
    ],
    ['a serialization failure', Object.assign(new Error('could not serialize'), { code: '40001' }), true],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    ['TypeORM wrapping a deadlock', { message: 'deadlock', driverError: { code: '40P01' } }, true],
    ['a kafkajs retriable error', { name: 'KafkaJSConnectionError', retriable: true }, true],
    ['a terminated pg connection', new Error('Connection terminated unexpectedly'), true],
    ['a type error (a bug)', new TypeError('cannot read properties of undefined'), false],
    ['a thrown string', 'boom', false],
  ])('%s → %s', (_case, error, expected) => expect(isRetryable(error)).toBe(expected));
});
