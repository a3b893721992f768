import type { DiscrepancyType, Remedy } from '@po-sync/contracts';
import {
  journalNotPosted,
  missingConnectionCauses,
  missingJournalLineCauses,
  outOfSyncCauses,
} from './actual.causes';
import { connectedActualIds, requiredConnection } from './connection.rules';
import {
  ExactDecimal,
  assertRulesConfig,
  decimalString,
  earliestFuture,
  hasElapsed,
  plusMs,
} from './rule-helpers';
import type {
  ActualSnapshot,
  ConnectionSnapshot,
  Evaluation,
  Finding,
  JournalLineSnapshot,
  RulesConfig,
} from './rules.types';

/**
 * The amount keeps its sign: a reversal (negative) missing from Finance leaves the
 * books overstated, not understated, and per-currency totals of findings then net
 * an original against its reversal exactly as the integration account does.
 */
function finding(actual: ActualSnapshot, type: DiscrepancyType, causes: string[], remedy: Remedy): Finding {
  return {
    type,
    documentType: 'actual',
    recordId: actual.actualId,
    legalEntity: actual.legalEntity,
    projectId: actual.projectId,
    amount: decimalString(new ExactDecimal(actual.amount)),
    currency: actual.currency,
    causes,
    remedy,
  };
}

/**
 * OUT_OF_SYNC_ACTUAL holds from createdOn + grace (inclusive) until createdOn +
 * look-back (inclusive: now − look-back ≤ createdOn); look-back 0 = no end. A
 * look-back shorter than the grace leaves no window at all.
 */
function outOfSyncWindow(
  actual: ActualSnapshot,
  config: RulesConfig,
): { from: Date; until: Date | null } | null {
  const from = plusMs(actual.createdOn, config.gracePeriodMs);
  if (config.outOfSyncLookbackMs === 0) return { from, until: null };
  const until = plusMs(actual.createdOn, config.outOfSyncLookbackMs);
  return until.getTime() < from.getTime() ? null : { from, until };
}

/**
 * The findings of one actual: MISSING_JOURNAL_LINE, JOURNAL_NOT_POSTED,
 * OUT_OF_SYNC_ACTUAL, MISSING_TRANSACTION_CONNECTION.
 *
 * Skip-sync actuals are never expected in Finance and deleted ones no longer exist:
 * neither is ever flagged.
 *
 * OUT_OF_SYNC_ACTUAL is kept beside MISSING_JOURNAL_LINE / JOURNAL_NOT_POSTED rather
 * than folded into them: §4 defines it on the voucher alone, the out-of-sync list
 * and the resync scope `out-of-sync-actuals` select on it (the resync service is the
 * one that skips actuals pending posting, and says so), and the remedies come in
 * order rather than compete (import or post first; the voucher follows). Its causes
 * name the other finding and the step to take first, so the pair reads as one story.
 * A posted line with no voucher on the actual is out of sync alone: the write-back failed.
 */
export function evaluateActual(
  actual: ActualSnapshot,
  line: JournalLineSnapshot | null,
  connections: readonly ConnectionSnapshot[],
  linesOfConnected: ReadonlyMap<string, JournalLineSnapshot>,
  now: Date,
  config: RulesConfig,
): Evaluation {
  assertRulesConfig(config);
  if (actual.deleted || actual.skipSync) return { findings: [], nextDueAt: null };

  const findings: Finding[] = [];
  const pending: Date[] = [];
  /** Adds the finding if its grace has run out, else remembers when it will. */
  const after = (dueAt: Date, make: () => Finding): void => {
    if (hasElapsed(now, dueAt)) findings.push(make());
    else pending.push(dueAt);
  };
  const createdGraceEnd = plusMs(actual.createdOn, config.gracePeriodMs);
  const required = requiredConnection(actual);
  const connected = required === null ? [] : connectedActualIds(actual.actualId, required, connections);

  if (line === null) {
    after(createdGraceEnd, () => {
      // Billed sales wait for the unbilled sales they invoice, so their lines belong in the causes.
      const unbilled = actual.transactionType === 'BilledSales' ? connected : [];
      const blockers = unbilled.map((actualId) => ({ actualId, line: linesOfConnected.get(actualId) }));
      return finding(
        actual,
        'MISSING_JOURNAL_LINE',
        missingJournalLineCauses(actual, blockers),
        'import-from-staging',
      );
    });
  } else if (line.status !== 'Posted') {
    // The line's own age: an actual imported late must still get the full grace to be posted.
    const { causes, remedy } = journalNotPosted({ ...line, status: line.status });
    after(plusMs(line.createdAt, config.gracePeriodMs), () =>
      finding(actual, 'JOURNAL_NOT_POSTED', causes, remedy),
    );
  }

  const window = actual.voucher === null ? outOfSyncWindow(actual, config) : null;
  if (window !== null) {
    const inside = window.until === null || now.getTime() <= window.until.getTime();
    if (inside)
      after(window.from, () => finding(actual, 'OUT_OF_SYNC_ACTUAL', outOfSyncCauses(line), 'resync'));
    // The first instant outside the window, so the timer resolves the finding.
    if (window.until !== null) pending.push(plusMs(window.until, 1));
  }

  if (required !== null && connected.length === 0) {
    after(createdGraceEnd, () =>
      finding(actual, 'MISSING_TRANSACTION_CONNECTION', missingConnectionCauses(actual), 'resync'),
    );
  }
  return { findings, nextDueAt: earliestFuture(now, pending) };
}
