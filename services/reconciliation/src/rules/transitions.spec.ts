import { DiscrepancyEventSchema } from '@po-sync/contracts';
import { evaluateDocument } from './document.rules';
import type { ActualSnapshot, DocumentSnapshot, Finding } from './rules.types';
import {
  type StoredDiscrepancy,
  type Transition,
  applyTransitions,
  diffFindings,
  findingId,
  toDiscrepancyEvent,
} from './transitions';

const EVENT_ID = '0b7e5c52-7d0e-4a0b-9f8e-2f4a3c1d9e61';
const FIRST = new Date('2026-11-02T08:00:00.000Z');
const NOW = new Date('2026-11-02T09:30:00.000Z');

const finding = (over: Partial<Finding> = {}): Finding => ({
  type: 'MISSING_ACTUAL',
  documentType: 'expense',
  recordId: 'EXP-1',
  legalEntity: 'USMF',
  projectId: 'PRJ-1',
  amount: '100.00',
  currency: 'USD',
  causes: ['The expense was not synchronised to Dataverse.'],
  remedy: 'resync',
  ...over,
});

const stored = (f: Finding, over: Partial<StoredDiscrepancy> = {}): StoredDiscrepancy => ({
  discrepancyId: findingId(f),
  type: f.type,
  documentType: f.documentType,
  recordId: f.recordId,
  legalEntity: f.legalEntity,
  projectId: f.projectId,
  amount: f.amount,
  currency: f.currency,
  causes: [...f.causes],
  remedy: f.remedy,
  firstDetectedAt: FIRST,
  status: 'open',
  ...over,
});

const mismatch = finding({ type: 'AMOUNT_MISMATCH', amount: '40', remedy: 'none', causes: ['short by 40'] });
const summary = (ts: Transition[]) => ts.map((t) => [t.kind, t.discrepancyId]);

describe('diffFindings', () => {
  it.each<[string, Finding[], StoredDiscrepancy[], [string, string][]]>([
    ['nothing either side', [], [], []],
    ['a new finding opens', [finding()], [], [['open', 'MISSING_ACTUAL:expense:EXP-1']]],
    ['unchanged: nothing', [finding()], [stored(finding())], []],
    [
      '"12.50" stored, "12.5" found: unchanged',
      [finding({ amount: '12.5' })],
      [stored(finding({ amount: '12.50' }))],
      [],
    ],
    [
      'a stored "updated" one unchanged: nothing',
      [finding()],
      [stored(finding(), { status: 'updated' })],
      [],
    ],
    [
      'the amount changed',
      [finding({ amount: '60' })],
      [stored(finding())],
      [['updated', 'MISSING_ACTUAL:expense:EXP-1']],
    ],
    [
      'the currency changed',
      [finding({ currency: 'EUR' })],
      [stored(finding())],
      [['updated', 'MISSING_ACTUAL:expense:EXP-1']],
    ],
    [
      'a cause changed',
      [finding({ causes: ['other'] })],
      [stored(finding())],
      [['updated', 'MISSING_ACTUAL:expense:EXP-1']],
    ],
    [
      'a cause was added',
      [finding({ causes: ['The expense was not synchronised to Dataverse.', 'x'] })],
      [stored(finding())],
      [['updated', 'MISSING_ACTUAL:expense:EXP-1']],
    ],
    [
      'the remedy changed',
      [finding({ remedy: 'none' })],
      [stored(finding())],
      [['updated', 'MISSING_ACTUAL:expense:EXP-1']],
    ],
    [
      'the project changed',
      [finding({ projectId: 'PRJ-2' })],
      [stored(finding())],
      [['updated', 'MISSING_ACTUAL:expense:EXP-1']],
    ],
    ['no longer holds: resolved', [], [stored(finding())], [['resolved', 'MISSING_ACTUAL:expense:EXP-1']]],
    [
      'missing actual turns into a mismatch: one resolves, one opens, sorted by id',
      [mismatch],
      [stored(finding())],
      [
        ['open', 'AMOUNT_MISMATCH:expense:EXP-1'],
        ['resolved', 'MISSING_ACTUAL:expense:EXP-1'],
      ],
    ],
  ])('%s', (_case, current, before, expected) => {
    expect(summary(diffFindings(current, before, NOW))).toEqual(expected);
  });

  it('stamps open, updated and resolved with the right instants', () => {
    const [opened] = diffFindings([finding()], [], NOW);
    expect(opened).toMatchObject({
      kind: 'open',
      firstDetectedAt: NOW,
      detectedAt: NOW,
      resolvedAt: null,
      finding: finding(),
    });
    const [updated] = diffFindings([finding({ amount: '1' })], [stored(finding())], NOW);
    expect(updated).toMatchObject({
      kind: 'updated',
      firstDetectedAt: FIRST,
      detectedAt: NOW,
      resolvedAt: null,
    });
    const [resolved] = diffFindings([], [stored(finding())], NOW);
    expect(resolved).toMatchObject({
      kind: 'resolved',
      firstDetectedAt: FIRST,
      detectedAt: NOW,
      resolvedAt: NOW,
      stored: stored(finding()),
    });
  });

  it('refuses two findings with one id (a rule bug that would drop one)', () => {
    expect(() => diffFindings([finding(), finding({ amount: '1' })], [], NOW)).toThrow(
      'two findings share discrepancy id MISSING_ACTUAL:expense:EXP-1',
    );
  });
});

describe('diff, apply, diff again: idempotent', () => {
  it.each<[string, Finding[], StoredDiscrepancy[]]>([
    ['opening', [finding(), mismatch], []],
    ['updating', [finding({ amount: '5', causes: ['x'] })], [stored(finding())]],
    ['resolving', [], [stored(finding()), stored(mismatch)]],
    ['a mix', [mismatch], [stored(finding())]],
  ])('%s', (_case, current, before) => {
    const first = diffFindings(current, before, NOW);
    expect(first.length).toBeGreaterThan(0);
    const after = applyTransitions(before, first);
    expect(diffFindings(current, after, new Date(NOW.getTime() + 1))).toEqual([]);
    expect(after.map((s) => s.discrepancyId)).toEqual(current.map(findingId).sort());
  });

  it('keeps firstDetectedAt through updates, and reopens a resolved problem as new', () => {
    const opened = applyTransitions([], diffFindings([finding()], [], FIRST));
    const updated = applyTransitions(opened, diffFindings([finding({ amount: '7' })], opened, NOW));
    expect(updated).toEqual([
      expect.objectContaining({ amount: '7', status: 'updated', firstDetectedAt: FIRST }),
    ]);
    const resolved = applyTransitions(updated, diffFindings([], updated, NOW));
    expect(resolved).toEqual([]);
    const later = new Date(NOW.getTime() + 60_000);
    const [reopened] = diffFindings([finding()], resolved, later);
    expect(reopened).toMatchObject({
      kind: 'open',
      discrepancyId: 'MISSING_ACTUAL:expense:EXP-1',
      firstDetectedAt: later,
    });
  });
});

describe('a document through its life', () => {
  const posted = new Date('2026-11-02T08:00:00.000Z');
  const config = { gracePeriodMs: 3_600_000, outOfSyncLookbackMs: 0 };
  const doc: DocumentSnapshot = {
    documentType: 'expense',
    recordId: 'EXP-1',
    legalEntity: 'USMF',
    projectId: 'PRJ-1',
    category: 'Travel',
    amount: '100.00',
    currency: 'USD',
    documentDate: '2026-11-01',
    status: 'Posted',
    voucher: 'V-1',
    postedAt: posted,
  };
  const cost = (amount: string, createdOn: Date): ActualSnapshot => ({
    actualId: `A-${amount}`,
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
    createdOn,
    deleted: false,
  });

  it('opens missing actual at the timer, swaps it for a mismatch, then resolves when the actuals add up', () => {
    let open: StoredDiscrepancy[] = [];
    const step = (actuals: ActualSnapshot[], now: Date): string[] => {
      const { findings } = evaluateDocument(doc, actuals, new Map(), now, config);
      const transitions = diffFindings(findings, open, now);
      open = applyTransitions(open, transitions);
      return transitions.map((t) => `${t.kind} ${t.discrepancyId}`);
    };
    const h = (hours: number): Date => new Date(posted.getTime() + hours * 3_600_000);
    expect(step([], h(0.5))).toEqual([]);
    expect(step([], h(1))).toEqual(['open MISSING_ACTUAL:expense:EXP-1']);
    expect(step([], h(1))).toEqual([]);
    const partial = [cost('60', h(2))];
    expect(step(partial, h(2))).toEqual(['resolved MISSING_ACTUAL:expense:EXP-1']);
    expect(step(partial, h(3))).toEqual(['open AMOUNT_MISMATCH:expense:EXP-1']);
    expect(open[0]?.amount).toBe('40');
    expect(step([...partial, cost('40', h(3.5))], h(3.5))).toEqual([
      'resolved AMOUNT_MISMATCH:expense:EXP-1',
    ]);
    expect(open).toEqual([]);
  });
});

describe('toDiscrepancyEvent', () => {
  const transitions = (): Transition[] => [
    ...diffFindings([finding()], [], NOW),
    ...diffFindings(
      [finding({ amount: '-25.5', type: 'OUT_OF_SYNC_ACTUAL', documentType: 'actual', recordId: 'A-1' })],
      [stored(finding({ type: 'OUT_OF_SYNC_ACTUAL', documentType: 'actual', recordId: 'A-1' }))],
      NOW,
    ),
    ...diffFindings([], [stored(mismatch)], NOW),
  ];

  it.each(transitions().map((t) => [t.kind, t] as const))(
    'a %s transition is a valid contract event',
    (kind, t) => {
      const event = DiscrepancyEventSchema.parse(toDiscrepancyEvent(t, EVENT_ID));
      expect(event.status).toBe(kind);
      expect(event.eventId).toBe(EVENT_ID);
      expect(event.detectedAt).toBe('2026-11-02T09:30:00.000Z');
      expect(event.resolvedAt).toBe(kind === 'resolved' ? '2026-11-02T09:30:00.000Z' : null);
      expect(event.firstDetectedAt).toBe(
        kind === 'open' ? '2026-11-02T09:30:00.000Z' : '2026-11-02T08:00:00.000Z',
      );
    },
  );

  it('a resolved event carries what was resolved', () => {
    const [resolved] = diffFindings([], [stored(mismatch)], NOW);
    expect(toDiscrepancyEvent(resolved!, EVENT_ID)).toEqual({
      eventId: EVENT_ID,
      discrepancyId: 'AMOUNT_MISMATCH:expense:EXP-1',
      status: 'resolved',
      type: 'AMOUNT_MISMATCH',
      documentType: 'expense',
      recordId: 'EXP-1',
      legalEntity: 'USMF',
      projectId: 'PRJ-1',
      amount: '40',
      currency: 'USD',
      causes: ['short by 40'],
      remedy: 'none',
      firstDetectedAt: '2026-11-02T08:00:00.000Z',
      detectedAt: '2026-11-02T09:30:00.000Z',
      resolvedAt: '2026-11-02T09:30:00.000Z',
    });
  });
});
