import type { PeriodUnit } from './journal.types';

export interface NewLine {
  lineId: string;
  legalEntity: string;
  accountingDate: string;
}

export interface OpenDraftJournal {
  journalId: string;
  legalEntity: string;
  periodKey: string;
  lineCount: number;
}

export interface JournalAssignment {
  lineId: string;
  journalId: string;
}

export interface NewJournal {
  journalId: string;
  legalEntity: string;
  periodKey: string;
}

export interface JournalGrouping {
  assignments: JournalAssignment[];
  newJournals: NewJournal[];
}

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/** The journal period a date falls in: '2026-11-02' (day), '2026-11' (month), '2026' (year) or 'all'. */
export function periodKey(date: string, unit: PeriodUnit): string {
  if (!DATE_PREFIX.test(date)) throw new RangeError(`accounting date must be YYYY-MM-DD, got "${date}"`);
  switch (unit) {
    case 'day':
      return date.slice(0, 10);
    case 'month':
      return date.slice(0, 7);
    case 'year':
      return date.slice(0, 4);
    case 'all':
      return 'all';
  }
}

// Code-unit order, not localeCompare: the result must not depend on the host's locale.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const groupKey = (legalEntity: string, period: string): string => JSON.stringify([legalEntity, period]);

/**
 * Places new lines into journals: same legal entity and period only, existing drafts
 * filled up to `maxLines` before new journals are opened. Lines are taken in
 * (legal entity, accounting date, line id) order so a rerun over the same input
 * produces the same journals.
 */
export function assignToJournals(
  newLines: readonly NewLine[],
  openDraftJournals: readonly OpenDraftJournal[],
  maxLines: number,
  unit: PeriodUnit,
  newJournalId: (legalEntity: string, periodKey: string) => string,
): JournalGrouping {
  if (!Number.isInteger(maxLines) || maxLines < 1) {
    throw new RangeError(`maxLines must be a positive whole number, got ${maxLines}`);
  }
  // Per group, the journals that still have room, in the order they are filled.
  const room = new Map<string, { journalId: string; free: number }[]>();
  const drafts = [...openDraftJournals].sort((a, b) => compareText(a.journalId, b.journalId));
  for (const draft of drafts) {
    const free = maxLines - draft.lineCount;
    if (free <= 0) continue;
    const key = groupKey(draft.legalEntity, draft.periodKey);
    room.set(key, [...(room.get(key) ?? []), { journalId: draft.journalId, free }]);
  }

  const lines = [...newLines].sort(
    (a, b) =>
      compareText(a.legalEntity, b.legalEntity) ||
      compareText(a.accountingDate, b.accountingDate) ||
      compareText(a.lineId, b.lineId),
  );
  const assignments: JournalAssignment[] = [];
  const newJournals: NewJournal[] = [];
  for (const line of lines) {
    const period = periodKey(line.accountingDate, unit);
    const key = groupKey(line.legalEntity, period);
    const candidates = room.get(key) ?? [];
    let target = candidates[0];
    if (target === undefined) {
      target = { journalId: newJournalId(line.legalEntity, period), free: maxLines };
      newJournals.push({ journalId: target.journalId, legalEntity: line.legalEntity, periodKey: period });
      candidates.push(target);
      room.set(key, candidates);
    }
    assignments.push({ lineId: line.lineId, journalId: target.journalId });
    target.free -= 1;
    if (target.free === 0) candidates.shift();
  }
  return { assignments, newJournals };
}
