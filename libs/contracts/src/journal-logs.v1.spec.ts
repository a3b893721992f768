import { ERROR_CODE_PATTERN, JournalLogEntrySchema } from './journal-logs.v1';
import { EVENT_ID } from './testing/fixtures';
import { problems } from './testing/expect';

const entry = (patch: object = {}) => ({
  eventId: EVENT_ID,
  entryId: 'log-1',
  log: 'integrationJournal',
  runId: 'run-2025-03-31T14:00',
  actualId: 'a-1001',
  legalEntity: 'USPM',
  code: 'JOURNAL.PROJECT_UNKNOWN',
  message: 'Project PRJ-001 does not exist in legal entity USPM. Create it, then import from staging again.',
  retryCount: 0,
  lastRetriedAt: null,
  resolvedByLaterRun: false,
  occurredAt: '2025-03-31T14:00:05Z',
  ...patch,
});

describe('JournalLogEntrySchema', () => {
  it.each([
    ['a first failure', {}],
    [
      'a retried, resolved invoice proposal entry',
      {
        log: 'invoiceProposal',
        retryCount: 5,
        lastRetriedAt: '2025-03-31T15:00:00Z',
        resolvedByLaterRun: true,
      },
    ],
    ['an unknown legal entity', { legalEntity: null, code: 'JOURNAL.LEGAL_ENTITY_UNKNOWN' }],
  ])('accepts %s', (_case, patch) => {
    expect(JournalLogEntrySchema.safeParse(entry(patch)).success).toBe(true);
  });

  it.each([
    [{ code: 'project unknown' }, 'code must be a stable error code such as "JOURNAL.PROJECT_UNKNOWN"'],
    [
      { log: 'generalJournal' },
      'log must be one of integrationJournal, invoiceProposal, not "generalJournal"',
    ],
    [{ retryCount: -1 }, 'retryCount must be at least 0'],
    [{ resolvedByLaterRun: 'no' }, 'resolvedByLaterRun must be a boolean (true or false), not a string'],
    [{ message: '' }, 'message must not be empty'],
  ])('rejects %j', (patch, message) => {
    expect(problems(JournalLogEntrySchema, entry(patch))).toEqual([message]);
  });

  it.each([
    ['JOURNAL.PROJECT_UNKNOWN', true],
    ['JOURNAL.NO_EXCHANGE_RATE', true],
    ['POSTING.PERIOD.CLOSED', true],
    ['JOURNAL', false],
    ['journal.project_unknown', false],
    ['JOURNAL.', false],
    ['JOURNAL._X', false],
  ])('error code %s matches: %s', (code, ok) => {
    expect(ERROR_CODE_PATTERN.test(code)).toBe(ok);
  });
});
