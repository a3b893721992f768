import type { LineStatus } from './journal.types';
import {
  JournalStateError,
  type LineEvent,
  PROCESSING_RESET_AFTER_MS,
  mayResetProcessing,
  transition,
} from './line-state';

const STATUSES: LineStatus[] = ['Draft', 'Processing', 'Posted', 'Error', 'Unrecoverable', 'InvalidActual'];
const EVENTS: LineEvent[] = [
  'startPosting',
  'posted',
  'failed',
  'failedPermanently',
  'invalid',
  'resetToDraft',
  'retry',
];

const ALLOWED: [LineStatus, LineEvent, LineStatus][] = [
  ['Draft', 'startPosting', 'Processing'],
  ['Draft', 'invalid', 'InvalidActual'],
  ['Processing', 'posted', 'Posted'],
  ['Processing', 'failed', 'Error'],
  ['Processing', 'invalid', 'InvalidActual'],
  ['Processing', 'resetToDraft', 'Draft'],
  ['Error', 'retry', 'Draft'],
  ['Error', 'resetToDraft', 'Draft'],
  ['Error', 'failedPermanently', 'Unrecoverable'],
  ['Unrecoverable', 'resetToDraft', 'Draft'],
  ['InvalidActual', 'resetToDraft', 'Draft'],
];

const isAllowed = (status: LineStatus, event: LineEvent): boolean =>
  ALLOWED.some(([from, on]) => from === status && on === event);

const REFUSED: [LineStatus, LineEvent][] = STATUSES.flatMap((status) =>
  EVENTS.filter((event) => !isAllowed(status, event)).map((event): [LineStatus, LineEvent] => [
    status,
    event,
  ]),
);

describe('transition', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });

  it.each(REFUSED)('%s refuses %s', (from, event) => {
    let thrown: unknown;
    try {
      transition(from, event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(JournalStateError);
    expect(thrown).toMatchObject({ code: 'JOURNAL.INVALID_TRANSITION', retryable: false, from, event });
  });

  it('refuses every event on a posted line, saying the voucher is final', () => {
    expect(REFUSED.filter(([from]) => from === 'Posted').map(([, event]) => event)).toEqual(EVENTS);
    expect(() => transition('Posted', 'resetToDraft')).toThrow(/voucher is final/);
  });
});

describe('mayResetProcessing', () => {
  const since = new Date('2026-11-02T08:00:00Z');
  it.each<[string, number, boolean]>([
    ['just started', 0, false],
    ['one millisecond short of 24 hours', PROCESSING_RESET_AFTER_MS - 1, false],
    ['exactly 24 hours', PROCESSING_RESET_AFTER_MS, true],
    ['two days', 2 * PROCESSING_RESET_AFTER_MS, true],
  ])('%s → %s', (_case, elapsedMs, expected) => {
    expect(mayResetProcessing(since, new Date(since.getTime() + elapsedMs))).toBe(expected);
  });
});
