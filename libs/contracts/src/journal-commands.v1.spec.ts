import { JOURNAL_COMMANDS, JournalCommandSchema } from './journal-commands.v1';
import { actual, EVENT_ID, transactionConnection } from './testing/fixtures';
import { problems } from './testing/expect';

const common = { commandId: EVENT_ID, requestedBy: 'ops-alice', requestedAt: '2025-03-31T16:00:00Z' };

describe('JournalCommandSchema', () => {
  it.each([
    ['import everything', { command: 'importFromStaging' }],
    ['import some actuals', { command: 'importFromStaging', actualIds: ['a-1', 'a-2'] }],
    ['post all drafts', { command: 'postDraftJournals', correlationId: 'req-42' }],
    ['post some journals', { command: 'postDraftJournals', journalIds: ['USPM-000043'] }],
    ['reset a line', { command: 'resetLineToDraft', lineId: 'L-1' }],
    ['resync actuals', { command: 'resyncActuals', actuals: [actual()] }],
    [
      'resync connections',
      { command: 'resyncTransactionConnections', connections: [transactionConnection()] },
    ],
  ])('accepts %s', (_case, command) => {
    expect(JournalCommandSchema.parse({ ...common, ...command }).command).toBe(command.command);
  });

  it.each([
    [{ command: 'syncEverything' }, `command must be one of ${JOURNAL_COMMANDS.join(', ')}`],
    [{ command: 'importFromStaging', actualIds: [] }, 'actualIds must list at least 1 item'],
    [{ command: 'resetLineToDraft' }, 'lineId is required'],
    [{ command: 'resyncActuals', actuals: [] }, 'actuals must list at least 1 item'],
    [
      { command: 'resyncActuals', actuals: [{ ...actual(), amount: 1 }] },
      expect.stringMatching(/^actuals\[0\]\.amount must be a decimal string/),
    ],
    [{ command: 'postDraftJournals', requestedBy: '' }, 'requestedBy must not be empty'],
    [{ command: 'postDraftJournals', commandId: 'x' }, expect.stringMatching(/^commandId must be a UUID/)],
  ])('rejects %j', (command, message) => {
    expect(problems(JournalCommandSchema, { ...common, ...command })).toEqual([message]);
  });

  it('has one option per listed command', () => {
    expect([...JournalCommandSchema.optionsMap.keys()].sort()).toEqual([...JOURNAL_COMMANDS].sort());
  });
});
