import { DocumentStatusEventSchema } from './document-status.v1';
import { EVENT_ID } from './testing/fixtures';
import { problems } from './testing/expect';

const status = (patch: object = {}) => ({
  eventId: EVENT_ID,
  documentType: 'expense',
  recordId: 'EXP-42',
  legalEntity: 'USPM',
  projectId: 'PRJ-001',
  status: 'missingJournalLine',
  documentDate: '2025-03-30',
  category: 'Travel',
  amount: '12.50',
  currency: 'USD',
  voucher: 'V-0001',
  actualExists: true,
  journalId: null,
  journalLineAmount: null,
  journalVoucher: null,
  postedDate: null,
  lastRetriedAt: null,
  missingActualAmount: '0',
  missingJournalLineAmount: '12.50',
  unreconciledAmount: '12.5',
  version: 2,
  updatedAt: '2025-03-31T15:05:00Z',
  ...patch,
});

describe('DocumentStatusEventSchema', () => {
  it.each([
    ['a document missing its journal line', {}],
    [
      'a reconciled document',
      {
        status: 'reconciled',
        journalId: 'USPM-000043',
        journalLineAmount: '12.50',
        journalVoucher: 'V-0002',
        postedDate: '2025-03-31T15:00:00Z',
        missingJournalLineAmount: '0',
        unreconciledAmount: '0.00',
      },
    ],
    [
      'an actual never expected in Finance',
      {
        documentType: 'actual',
        status: 'notExpectedInFinance',
        category: null,
        projectId: null,
        missingJournalLineAmount: '0',
        unreconciledAmount: '0',
      },
    ],
  ])('accepts %s', (_case, patch) => {
    expect(DocumentStatusEventSchema.safeParse(status(patch)).success).toBe(true);
  });

  it.each([
    [
      { status: 'missingActuals' },
      expect.stringMatching(/^status must be one of reconciled, missingActual, /),
    ],
    [{ documentType: 'invoice' }, expect.stringMatching(/^documentType must be one of expense, /)],
    [{ version: -1 }, 'version must be at least 0'],
    [{ actualExists: 1 }, 'actualExists must be a boolean (true or false), not a number'],
    [
      { journalLineAmount: 12.5 },
      expect.stringMatching(/^journalLineAmount must be a decimal string .* not a JSON number/),
    ],
    [
      { unreconciledAmount: '10' },
      'unreconciledAmount must equal missingActualAmount + missingJournalLineAmount',
    ],
    [{ currency: 'usd' }, expect.stringMatching(/^currency is "usd"/)],
    [{ missingActualAmount: '1.2.3' }, expect.stringMatching(/^missingActualAmount /)],
  ])('rejects %j', (patch, message) => {
    expect(problems(DocumentStatusEventSchema, status(patch))).toEqual([message]);
  });
});
