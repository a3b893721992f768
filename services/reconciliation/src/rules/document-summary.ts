import { ExactDecimal, decimalString, sumAmounts } from './rule-helpers';
import type {
  ActualSnapshot,
  DocumentSnapshot,
  DocumentStatusSummary,
  JournalLineSnapshot,
} from './rules.types';

/** Later created wins; the line id breaks ties so the choice never depends on input order. */
function newest(lines: readonly JournalLineSnapshot[]): JournalLineSnapshot | null {
  let best: JournalLineSnapshot | null = null;
  for (const line of lines) {
    const later =
      best === null ||
      line.createdAt.getTime() > best.createdAt.getTime() ||
      (line.createdAt.getTime() === best.createdAt.getTime() && line.lineId > best.lineId);
    if (later) best = line;
  }
  return best;
}

function latest(instants: readonly (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const instant of instants) {
    if (instant !== null && (best === null || instant.getTime() > best.getTime())) best = instant;
  }
  return best;
}

/**
 * The document's row in the workspace grids (recon.document-status.v1).
 *
 * `costActuals` are the document's live cost actuals (not deleted, referencing it).
 * `settled` is false while the document is not posted or still inside its grace
 * period: its actuals and lines are expected to be in transit then, so the row is
 * `open` and counts nothing as unreconciled (the summary tiles would otherwise
 * flicker with every new document).
 *
 * Status mapping onto DOCUMENT_STATUSES, once settled:
 * - `missingActual`: no cost actual references it; missingActualAmount = its amount.
 * - `missingJournalLine`: an actual expected in Finance (skipSync false) has no line.
 * - `pendingPosting`: every such actual has a line, but one is not Posted (Draft,
 *   Processing, Error, Unrecoverable, InvalidActual): the "pending journal postings".
 * - `reconciled`: its actuals exist and all their journal lines are posted (DESIGN
 *   §4), also when every actual is skip-sync, since none is then expected in Finance.
 * When lines are both missing and unposted, missingJournalLine wins: it is the step
 * that comes first. The workspace's "Missing journal lines" view is both statuses,
 * which is why both count in missingJournalLineAmount.
 * `outOfSync` and `notExpectedInFinance` describe actual rows, never documents.
 *
 * Amounts are in the document's currency, so only actuals and lines in that currency
 * count in them; an actual in another currency shows up as AMOUNT_MISMATCH instead.
 * A shortfall of partial actuals is not a missing-actual amount either (that is the
 * whole amount when no actual exists, DESIGN §4): AMOUNT_MISMATCH reports it.
 */
export function summarizeDocument(
  doc: DocumentSnapshot,
  costActuals: readonly ActualSnapshot[],
  lines: ReadonlyMap<string, JournalLineSnapshot>,
  settled: boolean,
): DocumentStatusSummary {
  const ownLines = costActuals.flatMap((a) => {
    const line = lines.get(a.actualId);
    return line === undefined ? [] : [line];
  });
  const shown = newest(ownLines);
  const display = {
    actualExists: costActuals.length > 0,
    journalId: shown?.journalId ?? null,
    journalLineAmount:
      ownLines.length === 0
        ? null
        : decimalString(sumAmounts(ownLines.filter((l) => l.currency === doc.currency).map((l) => l.amount))),
    journalVoucher: shown?.voucher ?? null,
    postedDate: shown?.postedAt ?? null,
    lastRetriedAt: latest(ownLines.map((l) => l.lastRetriedAt)),
  };
  const expected = costActuals.filter((a) => !a.skipSync);
  const withoutLine = expected.filter((a) => !lines.has(a.actualId));
  const unposted = expected.filter((a) => lines.get(a.actualId)?.status !== 'Posted');

  let status: DocumentStatusSummary['status'];
  let missingActual = new ExactDecimal(0);
  let missingJournalLine = new ExactDecimal(0);
  if (!settled) {
    status = 'open';
  } else if (costActuals.length === 0) {
    status = 'missingActual';
    missingActual = new ExactDecimal(doc.amount);
  } else {
    status =
      withoutLine.length > 0 ? 'missingJournalLine' : unposted.length > 0 ? 'pendingPosting' : 'reconciled';
    // Signed: an unposted reversal nets against its unposted original, as on the integration account.
    missingJournalLine = sumAmounts(unposted.filter((a) => a.currency === doc.currency).map((a) => a.amount));
  }
  return {
    status,
    missingActualAmount: decimalString(missingActual),
    missingJournalLineAmount: decimalString(missingJournalLine),
    unreconciledAmount: decimalString(missingActual.plus(missingJournalLine)),
    ...display,
  };
}
