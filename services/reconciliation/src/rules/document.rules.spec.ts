import { DocumentStatusEventSchema } from '@po-sync/contracts';
import { evaluateDocument } from './document.rules';
import type { ActualSnapshot, DocumentSnapshot, JournalLineSnapshot, RulesConfig } from './rules.types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const GRACE = HOUR;
const config: RulesConfig = { gracePeriodMs: GRACE, outOfSyncLookbackMs: 0 };
/** The document is posted here; everything else is an offset from it. */
const POSTED = new Date('2026-11-02T08:00:00.000Z');
const at = (ms: number): Date => new Date(POSTED.getTime() + ms);

/** Any status with any type, so a case can also build what the union forbids on purpose. */
type DocumentOverrides = Partial<Omit<DocumentSnapshot, 'documentType' | 'status'>> & {
  documentType?: DocumentSnapshot['documentType'];
  status?: DocumentSnapshot['status'];
};

const expense = (over: DocumentOverrides = {}): DocumentSnapshot =>
  ({
    documentType: 'expense',
    recordId: 'EXP-1',
    legalEntity: 'USMF',
    projectId: 'PRJ-1',
    category: 'Travel',
    amount: '100.00',
    currency: 'USD',
    documentDate: '2026-11-01',
    status: 'Posted',
    voucher: 'EXP-V-1',
    postedAt: POSTED,
    ...over,
  }) as DocumentSnapshot;

const invoiceLine = (over: DocumentOverrides = {}): DocumentSnapshot =>
  expense({ documentType: 'vendorInvoiceLine', recordId: 'INV-7:2', ...over });

let nextId = 0;
const actual = (amount: string, over: Partial<ActualSnapshot> = {}): ActualSnapshot => ({
  actualId: `A-${++nextId}`,
  legalEntity: 'USMF',
  projectId: 'PRJ-1',
  transactionType: 'Cost',
  amount,
  currency: 'USD',
  accountingDate: '2026-11-02',
  sourceDocumentType: 'expense',
  sourceDocumentId: 'EXP-1',
  skipSync: false,
  voucher: null,
  createdOn: at(MINUTE),
  deleted: false,
  ...over,
});

const line = (a: ActualSnapshot, over: Partial<JournalLineSnapshot> = {}): JournalLineSnapshot => ({
  actualId: a.actualId,
  lineId: `L-${a.actualId}`,
  journalId: 'J-1',
  status: 'Draft',
  amount: a.amount,
  currency: a.currency,
  voucher: null,
  postedAt: null,
  createdAt: at(2 * MINUTE),
  lastRetriedAt: null,
  ...over,
});

const posted = (a: ActualSnapshot, over: Partial<JournalLineSnapshot> = {}): JournalLineSnapshot =>
  line(a, { status: 'Posted', voucher: `JV-${a.actualId}`, postedAt: at(30 * MINUTE), ...over });

type Expected = { type: string; amount: string; currency: string } | null;

describe('evaluateDocument: findings', () => {
  const late = at(2 * GRACE);
  it.each<[string, DocumentSnapshot, ActualSnapshot[], Date, Expected]>([
    ['no actual, 1 ms before the grace ends', expense(), [], at(GRACE - 1), null],
    [
      'no actual, exactly when the grace ends (≥: the timer instant counts)',
      expense(),
      [],
      at(GRACE),
      { type: 'MISSING_ACTUAL', amount: '100', currency: 'USD' },
    ],
    [
      'no actual, long after',
      expense(),
      [],
      late,
      { type: 'MISSING_ACTUAL', amount: '100', currency: 'USD' },
    ],
    [
      'an approved (unposted) expense expects nothing',
      expense({ status: 'Approved', postedAt: null }),
      [],
      late,
      null,
    ],
    ['approved but with a posting date: the status decides', expense({ status: 'Approved' }), [], late, null],
    ['posted without a posting date cannot start a grace', expense({ postedAt: null }), [], late, null],
    [
      'a paid expense is posted',
      expense({ status: 'Paid' }),
      [],
      late,
      { type: 'MISSING_ACTUAL', amount: '100', currency: 'USD' },
    ],
    [
      'a vendor invoice line',
      invoiceLine({ amount: '250.5' }),
      [],
      late,
      { type: 'MISSING_ACTUAL', amount: '250.5', currency: 'USD' },
    ],
    [
      'a deleted actual does not count',
      expense(),
      [actual('100', { deleted: true })],
      late,
      { type: 'MISSING_ACTUAL', amount: '100', currency: 'USD' },
    ],
    [
      'an unbilled sales actual is not a cost actual',
      expense(),
      [actual('100', { transactionType: 'UnbilledSales' })],
      late,
      { type: 'MISSING_ACTUAL', amount: '100', currency: 'USD' },
    ],
    [
      'an actual of a vendor invoice line with the same id does not count',
      expense(),
      [actual('100', { sourceDocumentType: 'vendorInvoiceLine' })],
      late,
      { type: 'MISSING_ACTUAL', amount: '100', currency: 'USD' },
    ],
    [
      'an actual of another document does not count',
      expense(),
      [actual('100', { sourceDocumentId: 'EXP-2' })],
      late,
      { type: 'MISSING_ACTUAL', amount: '100', currency: 'USD' },
    ],
    [
      'an actual without a source type counts',
      expense(),
      [actual('100', { sourceDocumentType: null })],
      late,
      null,
    ],
    ['"100.00" equals "100"', expense(), [actual('100')], late, null],
    ['"12.50" equals "12.5"', expense({ amount: '12.50' }), [actual('12.5')], late, null],
    ['0.1 + 0.2 equals 0.3 exactly', expense({ amount: '0.3' }), [actual('0.1'), actual('0.2')], late, null],
    ['a skip-sync cost actual still exists', expense(), [actual('100', { skipSync: true })], late, null],
    [
      'partial actuals: short',
      expense(),
      [actual('60')],
      late,
      { type: 'AMOUNT_MISMATCH', amount: '40', currency: 'USD' },
    ],
    ['partial actuals adding up', expense(), [actual('60'), actual('40.00')], late, null],
    [
      'more than the amount',
      expense(),
      [actual('150')],
      late,
      { type: 'AMOUNT_MISMATCH', amount: '50', currency: 'USD' },
    ],
    [
      'a reversal netting to zero leaves the whole amount unmatched',
      expense(),
      [actual('100'), actual('-100')],
      late,
      { type: 'AMOUNT_MISMATCH', amount: '100', currency: 'USD' },
    ],
    ['reversed and replaced', expense(), [actual('100'), actual('-100'), actual('100')], late, null],
    [
      'reversed and replaced by less',
      expense(),
      [actual('100'), actual('-100'), actual('90.01')],
      late,
      { type: 'AMOUNT_MISMATCH', amount: '9.99', currency: 'USD' },
    ],
    [
      'actuals in EUR only: the whole USD amount is unmatched',
      expense(),
      [actual('92', { currency: 'EUR' })],
      late,
      { type: 'AMOUNT_MISMATCH', amount: '100', currency: 'USD' },
    ],
    [
      'USD matches, an extra EUR actual does not',
      expense(),
      [actual('100'), actual('5.25', { currency: 'EUR' })],
      late,
      { type: 'AMOUNT_MISMATCH', amount: '5.25', currency: 'EUR' },
    ],
    [
      'a negative document (a refund) matched by its reversal',
      expense({ amount: '-40.00' }),
      [actual('-40')],
      late,
      null,
    ],
  ])('%s', (_case, doc, actuals, now, expected) => {
    const { findings } = evaluateDocument(doc, actuals, new Map(), now, config);
    if (expected === null) {
      expect(findings).toEqual([]);
    } else {
      expect(findings).toEqual([
        expect.objectContaining({
          ...expected,
          documentType: doc.documentType,
          recordId: doc.recordId,
          legalEntity: 'USMF',
          projectId: 'PRJ-1',
        }),
      ]);
    }
  });

  it.each<[string, DocumentSnapshot, RegExp[]]>([
    ['expense', expense(), [/msdyn_expenses/, /not auto-approved/, /synchronised back/]],
    [
      'vendor invoice line',
      invoiceLine(),
      [/msdyn_projectvendorinvoicelines/, /not auto-confirmed/, /synchronised back/],
    ],
  ])(
    'MISSING_ACTUAL of a %s names its three causes and no remedy po-sync could run',
    (_case, doc, causes) => {
      const [found] = evaluateDocument(doc, [], new Map(), at(GRACE), config).findings;
      // No actual ever reached po-sync: a resync would have nothing to send.
      expect(found?.remedy).toBe('none');
      expect(found?.causes).toHaveLength(3);
      causes.forEach((cause, i) => expect(found?.causes[i]).toMatch(cause));
    },
  );

  it.each<[string, ActualSnapshot[], string[]]>([
    [
      'short',
      [actual('60.00')],
      [
        'The cost actuals in USD referencing this expense add up to 60 USD, 40 USD less than its amount of 100 USD.',
        expect.stringMatching(/reversed and its replacement has not arrived/) as string,
      ],
    ],
    [
      'over',
      [actual('150')],
      [
        'The cost actuals in USD referencing this expense add up to 150 USD, 50 USD more than its amount of 100 USD.',
        expect.stringMatching(/recorded twice/) as string,
      ],
    ],
    [
      'another currency',
      [actual('92', { currency: 'EUR' })],
      [
        'The cost actuals in USD referencing this expense add up to 0 USD, 100 USD less than its amount of 100 USD.',
        'Cost actuals in EUR referencing it add up to 92 EUR, but the expense is in USD: amounts in different currencies are never netted against each other.',
        expect.stringMatching(/reversed/) as string,
        "An actual was recorded in a different currency from the expense's.",
      ],
    ],
  ])('AMOUNT_MISMATCH says how far off it is (%s), remedy none', (_case, actuals, causes) => {
    const [found] = evaluateDocument(expense(), actuals, new Map(), at(2 * GRACE), config).findings;
    expect(found?.causes).toEqual(causes);
    expect(found?.remedy).toBe('none');
  });
});

describe('evaluateDocument: nextDueAt', () => {
  it.each<[string, DocumentSnapshot, ActualSnapshot[], Date, Date | null]>([
    ['inside the grace: when it ends', expense(), [], at(0), at(GRACE)],
    ['1 ms before the grace ends', expense(), [], at(GRACE - 1), at(GRACE)],
    [
      'inside the grace with matching actuals: the status still changes then',
      expense(),
      [actual('100')],
      at(0),
      at(GRACE),
    ],
    ['missing actual already reported: nothing more to wait for', expense(), [], at(GRACE), null],
    [
      'unposted: only an event can change it',
      expense({ status: 'Approved', postedAt: null }),
      [],
      at(0),
      null,
    ],
    ['matched after the grace', expense(), [actual('100')], at(GRACE), null],
    [
      'a mismatch waits for the grace after its newest actual',
      expense(),
      [actual('100'), actual('-100', { createdOn: at(2 * HOUR) })],
      at(2 * HOUR + GRACE - 1),
      at(2 * HOUR + GRACE),
    ],
  ])('%s', (_case, doc, actuals, now, expected) => {
    expect(evaluateDocument(doc, actuals, new Map(), now, config).nextDueAt).toEqual(expected);
  });

  it('a mismatch settling late is reported exactly when its timer fires', () => {
    const actuals = [actual('100'), actual('-100', { createdOn: at(2 * HOUR) })];
    const before = evaluateDocument(expense(), actuals, new Map(), at(2 * HOUR + GRACE - 1), config);
    expect(before.findings).toEqual([]);
    const fired = evaluateDocument(expense(), actuals, new Map(), before.nextDueAt ?? at(0), config);
    expect(fired.findings.map((f) => f.type)).toEqual(['AMOUNT_MISMATCH']);
    expect(fired.nextDueAt).toBeNull();
  });

  it('refuses a negative grace period', () => {
    expect(() =>
      evaluateDocument(expense(), [], new Map(), at(0), { gracePeriodMs: -1, outOfSyncLookbackMs: 0 }),
    ).toThrow(RangeError);
  });
});

/** Built once per case, so the lines can point at the actuals they belong to. */
type Scenario = () => { actuals: ActualSnapshot[]; lines: JournalLineSnapshot[] };

describe('evaluateDocument: status row', () => {
  it.each<[string, Date, Scenario, Record<string, unknown>]>([
    [
      'inside the grace: open, nothing unreconciled yet',
      at(GRACE - 1),
      () => ({ actuals: [], lines: [] }),
      { status: 'open', missingActualAmount: '0', missingJournalLineAmount: '0', unreconciledAmount: '0' },
    ],
    [
      'no actual after the grace: the whole amount',
      at(GRACE),
      () => ({ actuals: [], lines: [] }),
      {
        status: 'missingActual',
        missingActualAmount: '100',
        missingJournalLineAmount: '0',
        unreconciledAmount: '100',
        actualExists: false,
        journalId: null,
        journalLineAmount: null,
      },
    ],
    [
      'an actual without a journal line',
      at(GRACE),
      () => ({ actuals: [actual('100')], lines: [] }),
      {
        status: 'missingJournalLine',
        missingActualAmount: '0',
        missingJournalLineAmount: '100',
        unreconciledAmount: '100',
        actualExists: true,
      },
    ],
    [
      'a draft line: pending posting',
      at(GRACE),
      () => {
        const a = actual('100');
        return { actuals: [a], lines: [line(a)] };
      },
      {
        status: 'pendingPosting',
        missingJournalLineAmount: '100',
        unreconciledAmount: '100',
        journalId: 'J-1',
        journalLineAmount: '100',
        journalVoucher: null,
        postedDate: null,
      },
    ],
    [
      'an errored line is pending posting too',
      at(GRACE),
      () => {
        const a = actual('100');
        return { actuals: [a], lines: [line(a, { status: 'Error', lastRetriedAt: at(40 * MINUTE) })] };
      },
      { status: 'pendingPosting', missingJournalLineAmount: '100', lastRetriedAt: at(40 * MINUTE) },
    ],
    [
      'every line posted: reconciled',
      at(GRACE),
      () => {
        const a = actual('100');
        return { actuals: [a], lines: [posted(a)] };
      },
      {
        status: 'reconciled',
        missingActualAmount: '0',
        missingJournalLineAmount: '0',
        unreconciledAmount: '0',
        actualExists: true,
        journalLineAmount: '100',
        journalVoucher: expect.stringMatching(/^JV-A-/),
        postedDate: at(30 * MINUTE),
      },
    ],
    [
      'one posted, one without a line: only the missing one counts',
      at(GRACE),
      () => {
        const a = actual('60');
        return { actuals: [a, actual('40')], lines: [posted(a)] };
      },
      { status: 'missingJournalLine', missingJournalLineAmount: '40', unreconciledAmount: '40' },
    ],
    [
      'missing and unposted lines: missingJournalLine wins, both count',
      at(GRACE),
      () => {
        const a = actual('60');
        return { actuals: [a, actual('40')], lines: [line(a)] };
      },
      { status: 'missingJournalLine', missingJournalLineAmount: '100' },
    ],
    [
      'skip-sync actuals need no line: reconciled',
      at(GRACE),
      () => ({ actuals: [actual('100', { skipSync: true })], lines: [] }),
      { status: 'reconciled', unreconciledAmount: '0', actualExists: true },
    ],
    [
      'an unposted original and its unposted reversal net to zero',
      at(GRACE),
      () => {
        const a = actual('100');
        const r = actual('-100');
        return { actuals: [a, r], lines: [line(a), line(r)] };
      },
      { status: 'pendingPosting', missingJournalLineAmount: '0', journalLineAmount: '0' },
    ],
    [
      'a line in another currency is not added to the USD amounts',
      at(GRACE),
      () => {
        const a = actual('92', { currency: 'EUR' });
        return { actuals: [a], lines: [line(a)] };
      },
      { status: 'pendingPosting', missingJournalLineAmount: '0', journalLineAmount: '0' },
    ],
    [
      'the newest line is shown, the latest retry too',
      at(GRACE),
      () => {
        const a = actual('100');
        const r = actual('-100');
        const b = actual('100');
        return {
          actuals: [a, r, b],
          lines: [
            posted(a, { journalId: 'J-1', lastRetriedAt: at(50 * MINUTE) }),
            posted(r, { journalId: 'J-2', createdAt: at(20 * MINUTE), lastRetriedAt: at(10 * MINUTE) }),
            line(b, { journalId: 'J-3', createdAt: at(10 * MINUTE) }),
          ],
        };
      },
      {
        status: 'pendingPosting',
        journalId: 'J-2',
        journalVoucher: expect.stringMatching(/^JV-A-/),
        journalLineAmount: '100',
        missingJournalLineAmount: '100',
        lastRetriedAt: at(50 * MINUTE),
      },
    ],
    [
      'a deleted actual is ignored, its line too',
      at(GRACE),
      () => {
        const gone = actual('100', { deleted: true });
        return { actuals: [gone], lines: [posted(gone)] };
      },
      { status: 'missingActual', actualExists: false, journalId: null, unreconciledAmount: '100' },
    ],
  ])('%s', (_case, now, scenario, expected) => {
    const { actuals, lines } = scenario();
    const { status } = evaluateDocument(
      expense(),
      actuals,
      new Map(lines.map((l) => [l.actualId, l])),
      now,
      config,
    );
    expect(status).toEqual(expect.objectContaining(expected));
  });
});

describe('evaluateDocument: the status row fits recon.document-status.v1', () => {
  const a = actual('60.10');
  const b = actual('39.9');
  it.each<[string, Date, ActualSnapshot[], JournalLineSnapshot[]]>([
    ['open', at(0), [], []],
    ['missing actual', at(GRACE), [], []],
    ['pending posting with a reversal', at(GRACE), [a, b, actual('-39.9')], [posted(a), line(b)]],
    ['reconciled', at(GRACE), [a, b], [posted(a), posted(b)]],
  ])('%s', (_case, now, actuals, lines) => {
    const doc = expense();
    const { status } = evaluateDocument(
      doc,
      actuals,
      new Map(lines.map((l) => [l.actualId, l])),
      now,
      config,
    );
    const event = {
      eventId: '0b7e5c52-7d0e-4a0b-9f8e-2f4a3c1d9e61',
      documentType: doc.documentType,
      recordId: doc.recordId,
      legalEntity: doc.legalEntity,
      projectId: doc.projectId,
      documentDate: doc.documentDate,
      category: doc.category,
      amount: doc.amount,
      currency: doc.currency,
      voucher: doc.voucher,
      ...status,
      postedDate: status.postedDate?.toISOString() ?? null,
      lastRetriedAt: status.lastRetriedAt?.toISOString() ?? null,
      version: 1,
      updatedAt: now.toISOString(),
    };
    expect(DocumentStatusEventSchema.parse(event)).toEqual(
      expect.objectContaining({ status: status.status }),
    );
  });
});
