import type { LineStatus } from './journal.types';

export type LineEvent =
  'startPosting' | 'posted' | 'failed' | 'failedPermanently' | 'invalid' | 'resetToDraft' | 'retry';

export class JournalStateError extends Error {
  readonly code = 'JOURNAL.INVALID_TRANSITION';
  readonly retryable = false;

  constructor(
    readonly from: LineStatus,
    readonly event: LineEvent,
  ) {
    super(
      from === 'Posted'
        ? `A posted journal line cannot take "${event}": its voucher is final and is never reissued.`
        : `A journal line in status ${from} cannot take "${event}".`,
    );
    this.name = 'JournalStateError';
  }
}

/**
 * Posted has no row: a voucher is issued once, so nothing may move a line out of it.
 * Processing → Draft exists for a posting run that died mid-way; callers gate it
 * with `mayResetProcessing` so a live run is not raced.
 */
const TRANSITIONS: Readonly<Record<LineStatus, Partial<Record<LineEvent, LineStatus>>>> = {
  Draft: { startPosting: 'Processing', invalid: 'InvalidActual' },
  Processing: { posted: 'Posted', failed: 'Error', invalid: 'InvalidActual', resetToDraft: 'Draft' },
  Error: { retry: 'Draft', resetToDraft: 'Draft', failedPermanently: 'Unrecoverable' },
  Unrecoverable: { resetToDraft: 'Draft' },
  InvalidActual: { resetToDraft: 'Draft' },
  Posted: {},
};

export function transition(status: LineStatus, event: LineEvent): LineStatus {
  const next = TRANSITIONS[status][event];
  if (next === undefined) throw new JournalStateError(status, event);
  return next;
}

/** As in Finance: a line stuck in Processing may be reset once no posting run can still own it. */
export const PROCESSING_RESET_AFTER_MS = 24 * 60 * 60 * 1000;

export function mayResetProcessing(processingSince: Date, now: Date): boolean {
  return now.getTime() - processingSince.getTime() >= PROCESSING_RESET_AFTER_MS;
}
