import { type ActualSnapshot, evaluateActual, type RulesConfig } from '../rules';
import { sweepCutoffs } from './sweep-candidates';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RULES: RulesConfig = { gracePeriodMs: HOUR, outOfSyncLookbackMs: 31 * DAY };
const NOW = new Date('2026-11-29T12:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

/** An actual with no journal line and no voucher, created at `createdOn`. */
const actual = (createdOn: Date): ActualSnapshot => ({
  actualId: 'A-1',
  legalEntity: 'USMF',
  projectId: 'PRJ-1',
  transactionType: 'Cost',
  amount: '10',
  currency: 'USD',
  accountingDate: '2026-11-01',
  sourceDocumentType: 'expense',
  sourceDocumentId: 'EXP-1',
  skipSync: false,
  voucher: null,
  createdOn,
  deleted: false,
});
const findings = (createdOn: Date, rules = RULES) =>
  evaluateActual(actual(createdOn), null, [], new Map(), NOW, rules).findings.map((f) => f.type);

describe('sweepCutoffs: the SQL comparisons select exactly what the rules flag at the edges', () => {
  const { graceCut, lookbackCut } = sweepCutoffs(NOW, RULES);

  it.each([
    ['its grace ends 1 ms from now', at(-HOUR + 1), false],
    ['its grace ends now (inclusive)', at(-HOUR), true],
    ['its grace ended 1 ms ago', at(-HOUR - 1), true],
  ])('an actual whose %s: created_on < graceCut iff the rules flag it', (_case, createdOn, flagged) => {
    expect(createdOn.getTime() < graceCut.getTime()).toBe(flagged);
    expect(findings(createdOn).includes('MISSING_JOURNAL_LINE')).toBe(flagged);
  });

  it('takes a PostgreSQL instant with microseconds as the rules see it, truncated to the millisecond', () => {
    // 11:00:00.000999 reaches the rules as 11:00:00.000, whose grace has just ended: graceCut is
    // 11:00:00.001, so `created_on < graceCut` holds for it in SQL too.
    expect(graceCut.toISOString()).toBe('2026-11-29T11:00:00.001Z');
  });

  it.each([
    ['exactly at the edge of the look-back (inclusive)', at(-31 * DAY), true],
    ['1 ms outside', at(-31 * DAY - 1), false],
  ])('created %s: created_on >= lookbackCut iff out of sync', (_case, createdOn, flagged) => {
    expect(createdOn.getTime() >= (lookbackCut?.getTime() ?? -Infinity)).toBe(flagged);
    expect(findings(createdOn).includes('OUT_OF_SYNC_ACTUAL')).toBe(flagged);
  });

  it('has no look-back edge when the look-back is unlimited (0)', () => {
    const unlimited = { ...RULES, outOfSyncLookbackMs: 0 };
    expect(sweepCutoffs(NOW, unlimited).lookbackCut).toBeNull();
    expect(findings(at(-365 * DAY), unlimited)).toContain('OUT_OF_SYNC_ACTUAL');
  });
});
