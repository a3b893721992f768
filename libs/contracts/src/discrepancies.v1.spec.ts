import {
  DISCREPANCY_STATUSES,
  DISCREPANCY_TYPES,
  DiscrepancyEventSchema,
  DOCUMENT_TYPES,
  REMEDIES,
} from './discrepancies.v1';
import * as f from './testing/fixtures';
import { problems, without } from './testing/expect';

const discrepancy = (patch: object = {}) => ({ ...f.discrepancy(), ...patch });

describe('DiscrepancyEventSchema (DESIGN §4)', () => {
  it.each([
    ['an open missing actual', {}],
    [
      'a resolved one',
      { status: 'resolved', resolvedAt: '2025-03-31T16:00:00Z', detectedAt: '2025-03-31T16:00:00Z' },
    ],
    ['an update', { status: 'updated', amount: '25.00' }],
    [
      'a map below the required version',
      {
        type: 'MAP_VERSION_BELOW_REQUIRED',
        documentType: 'dualWriteMap',
        recordId: 'msdyn_actuals',
        legalEntity: '',
        projectId: '',
        amount: '0',
        currency: 'XXX',
        remedy: 'upgrade-map',
      },
    ],
  ])('accepts %s', (_case, patch) => {
    expect(DiscrepancyEventSchema.safeParse(discrepancy(patch)).success).toBe(true);
  });

  it.each([
    [
      { type: 'MISSING_VOUCHER' },
      expect.stringMatching(/^type must be one of MISSING_ACTUAL, .*, not "MISSING_VOUCHER"$/),
    ],
    [{ status: 'closed' }, 'status must be one of open, updated, resolved, not "closed"'],
    [
      { remedy: 'import_from_staging' },
      expect.stringMatching(/^remedy must be one of resync, import-from-staging/),
    ],
    [
      { documentType: 'vendorInvoice' },
      expect.stringMatching(/^documentType must be one of expense, vendorInvoiceLine/),
    ],
    [
      { amount: 12.5 },
      expect.stringMatching(/^amount must be a decimal string such as "12\.50", not a JSON number/),
    ],
    [{ currency: 'US$' }, expect.stringMatching(/^currency is "US\$", which is not a known ISO 4217/)],
    [{ causes: 'not synced' }, 'causes must be an array, not a string'],
    [{ status: 'resolved' }, 'resolvedAt must be set when status is resolved'],
    [{ resolvedAt: '2025-03-31T16:00:00Z' }, 'resolvedAt must be null when status is open'],
    [{ legalEntity: '' }, 'legalEntity must not be empty unless documentType is dualWriteMap'],
  ])('rejects %j', (patch, message) => {
    expect(problems(DiscrepancyEventSchema, discrepancy(patch))).toEqual([message]);
  });

  it('requires resolvedAt to be present, as null while open', () => {
    expect(problems(DiscrepancyEventSchema, without(discrepancy(), 'resolvedAt'))).toEqual([
      'resolvedAt is required',
    ]);
  });

  it('exports the enums of DESIGN §4 exactly', () => {
    expect(DISCREPANCY_STATUSES).toEqual(['open', 'updated', 'resolved']);
    expect(DISCREPANCY_TYPES).toEqual([
      'MISSING_ACTUAL',
      'MISSING_JOURNAL_LINE',
      'JOURNAL_NOT_POSTED',
      'OUT_OF_SYNC_ACTUAL',
      'AMOUNT_MISMATCH',
      'MISSING_TRANSACTION_CONNECTION',
      'MAP_VERSION_BELOW_REQUIRED',
    ]);
    expect(DOCUMENT_TYPES).toEqual([
      'expense',
      'vendorInvoiceLine',
      'actual',
      'transactionConnection',
      'dualWriteMap',
    ]);
    expect(REMEDIES).toEqual(['resync', 'import-from-staging', 'post-draft-journals', 'upgrade-map', 'none']);
  });
});
