import { type NewLine, type OpenDraftJournal, assignToJournals, periodKey } from './journal-grouping';
import type { PeriodUnit } from './journal.types';

describe('periodKey', () => {
  it.each<[PeriodUnit, string]>([
    ['day', '2026-11-02'],
    ['month', '2026-11'],
    ['year', '2026'],
    ['all', 'all'],
  ])('%s → %s', (unit, expected) => {
    expect(periodKey('2026-11-02', unit)).toBe(expected);
  });

  it.each(['', '2026-11', '02.11.2026'])('refuses %j', (date) => {
    expect(() => periodKey(date, 'month')).toThrow(RangeError);
  });
});

const ids = (): (() => string) => {
  let n = 0;
  return () => `J-${++n}`;
};

const lines = (count: number, legalEntity = 'USMF', accountingDate = '2026-11-02'): NewLine[] =>
  Array.from({ length: count }, (_, i) => ({
    lineId: `${legalEntity}-${String(i).padStart(4, '0')}`,
    legalEntity,
    accountingDate,
  }));

/** journalId → number of lines assigned to it. */
function counts(assignments: { journalId: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of assignments) out[a.journalId] = (out[a.journalId] ?? 0) + 1;
  return out;
}

describe('assignToJournals', () => {
  it('splits 450 lines into 200 / 200 / 50', () => {
    const result = assignToJournals(lines(450), [], 200, 'month', ids());
    expect(counts(result.assignments)).toEqual({ 'J-1': 200, 'J-2': 200, 'J-3': 50 });
    expect(result.newJournals).toEqual(
      ['J-1', 'J-2', 'J-3'].map((journalId) => ({ journalId, legalEntity: 'USMF', periodKey: '2026-11' })),
    );
  });

  it('never mixes legal entities in a journal', () => {
    const mixed = lines(3, 'USMF').flatMap((l, i) => [l, ...lines(3, 'DEMF').slice(i, i + 1)]);
    const result = assignToJournals(mixed, [], 200, 'all', ids());
    const entityOf = new Map(mixed.map((l) => [l.lineId, l.legalEntity]));
    const entitiesPerJournal = new Map<string, Set<string | undefined>>();
    for (const a of result.assignments) {
      entitiesPerJournal.set(
        a.journalId,
        (entitiesPerJournal.get(a.journalId) ?? new Set()).add(entityOf.get(a.lineId)),
      );
    }
    expect(result.newJournals.map((j) => j.legalEntity)).toEqual(['DEMF', 'USMF']);
    expect([...entitiesPerJournal.values()].map((s) => [...s])).toEqual([['DEMF'], ['USMF']]);
  });

  const dates = ['2026-11-02', '2026-11-03', '2026-12-01', '2027-01-05'];
  it.each<[PeriodUnit, string[]]>([
    ['day', ['2026-11-02', '2026-11-03', '2026-12-01', '2027-01-05']],
    ['month', ['2026-11', '2026-12', '2027-01']],
    ['year', ['2026', '2027']],
    ['all', ['all']],
  ])('period unit %s opens one journal per %s', (unit, expectedKeys) => {
    const input = dates.map((accountingDate, i) => ({
      lineId: `L-${i}`,
      legalEntity: 'USMF',
      accountingDate,
    }));
    const result = assignToJournals(input, [], 200, unit, ids());
    expect(result.newJournals.map((j) => j.periodKey)).toEqual(expectedKeys);
    expect(result.assignments).toHaveLength(dates.length);
  });

  it.each<[string, OpenDraftJournal[], Record<string, number>, number]>([
    [
      'fills a draft of the same entity and period first',
      [{ journalId: 'D-1', legalEntity: 'USMF', periodKey: '2026-11', lineCount: 198 }],
      { 'D-1': 2, 'J-1': 3 },
      1,
    ],
    [
      'fills several drafts in id order',
      [
        { journalId: 'D-2', legalEntity: 'USMF', periodKey: '2026-11', lineCount: 199 },
        { journalId: 'D-1', legalEntity: 'USMF', periodKey: '2026-11', lineCount: 197 },
      ],
      { 'D-1': 3, 'D-2': 1, 'J-1': 1 },
      1,
    ],
    [
      'skips a full draft',
      [{ journalId: 'D-1', legalEntity: 'USMF', periodKey: '2026-11', lineCount: 200 }],
      { 'J-1': 5 },
      1,
    ],
    [
      'skips a draft over the (lowered) limit',
      [{ journalId: 'D-1', legalEntity: 'USMF', periodKey: '2026-11', lineCount: 250 }],
      { 'J-1': 5 },
      1,
    ],
    [
      'ignores a draft of another period',
      [{ journalId: 'D-1', legalEntity: 'USMF', periodKey: '2026-10', lineCount: 0 }],
      { 'J-1': 5 },
      1,
    ],
    [
      'ignores a draft of another legal entity',
      [{ journalId: 'D-1', legalEntity: 'DEMF', periodKey: '2026-11', lineCount: 0 }],
      { 'J-1': 5 },
      1,
    ],
    [
      'opens nothing when a draft has room',
      [{ journalId: 'D-1', legalEntity: 'USMF', periodKey: '2026-11', lineCount: 0 }],
      { 'D-1': 5 },
      0,
    ],
  ])('%s', (_case, drafts, expected, opened) => {
    const result = assignToJournals(lines(5), drafts, 200, 'month', ids());
    expect(counts(result.assignments)).toEqual(expected);
    expect(result.newJournals).toHaveLength(opened);
  });

  it('is deterministic: input order does not matter, lines go by entity, date, id', () => {
    const input: NewLine[] = [
      { lineId: 'c', legalEntity: 'USMF', accountingDate: '2026-11-01' },
      { lineId: 'b', legalEntity: 'USMF', accountingDate: '2026-11-02' },
      { lineId: 'a', legalEntity: 'USMF', accountingDate: '2026-11-02' },
      { lineId: 'z', legalEntity: 'DEMF', accountingDate: '2026-11-30' },
    ];
    const forward = assignToJournals(input, [], 2, 'month', ids());
    const backward = assignToJournals([...input].reverse(), [], 2, 'month', ids());
    expect(backward).toEqual(forward);
    expect(forward.assignments).toEqual([
      { lineId: 'z', journalId: 'J-1' },
      { lineId: 'c', journalId: 'J-2' },
      { lineId: 'a', journalId: 'J-2' },
      { lineId: 'b', journalId: 'J-3' },
    ]);
  });

  it('asks for no journal id when there is nothing to place', () => {
    const newJournalId = jest.fn(() => 'J');
    expect(assignToJournals([], [], 200, 'day', newJournalId)).toEqual({ assignments: [], newJournals: [] });
    expect(newJournalId).not.toHaveBeenCalled();
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxLines %p', (maxLines) => {
    expect(() => assignToJournals(lines(1), [], maxLines, 'day', ids())).toThrow(RangeError);
  });
});
