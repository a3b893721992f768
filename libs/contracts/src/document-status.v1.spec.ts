import { DocumentStatusEventSchema } from './document-status.v1';
import * as f from './testing/fixtures';
import { problems } from './testing/expect';

const status = (patch: object = {}) => ({ ...f.documentStatus(), ...patch });

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
