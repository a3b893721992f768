import { summarizeDocument } from './document-summary';
import {
  ExactDecimal,
  assertRulesConfig,
  decimalString,
  hasElapsed,
  plusMs,
  sumAmounts,
} from './rule-helpers';
import type {
  ActualSnapshot,
  DocumentSnapshot,
  DocumentStatusSummary,
  Evaluation,
  Finding,
  JournalLineSnapshot,
  RulesConfig,
} from './rules.types';

export interface DocumentEvaluation extends Evaluation {
  status: DocumentStatusSummary;
}

const NOUN = { expense: 'expense', vendorInvoiceLine: 'vendor invoice line' } as const;

/** Only a posted document has put cost on an integration account, so only it needs actuals. */
function postedAt(doc: DocumentSnapshot): Date | null {
  return doc.status === 'Approved' ? null : doc.postedAt;
}

/**
 * The live cost actuals of the document. The caller selects by sourceDocumentId;
 * the type check keeps an expense and a vendor invoice line with the same id apart.
 */
function costActualsOf(doc: DocumentSnapshot, actuals: readonly ActualSnapshot[]): ActualSnapshot[] {
  return actuals.filter(
    (a) =>
      !a.deleted &&
      a.transactionType === 'Cost' &&
      a.sourceDocumentId === doc.recordId &&
      (a.sourceDocumentType === null || a.sourceDocumentType === doc.documentType),
  );
}

function finding(
  doc: DocumentSnapshot,
  rest: Pick<Finding, 'type' | 'amount' | 'currency' | 'causes' | 'remedy'>,
): Finding {
  const { documentType, recordId, legalEntity, projectId } = doc;
  return { documentType, recordId, legalEntity, projectId, ...rest };
}

/**
 * Raised only while no cost actual references the document, so po-sync has never seen the actual
 * and a resync has nothing to send (a `documents` resync selects nothing): the remedy is `none`
 * for po-sync, and each cause names the step a person takes in Dataverse or dual-write instead.
 */
function missingActual(doc: DocumentSnapshot): Finding {
  const causes =
    doc.documentType === 'expense'
      ? [
          'The expense was not synchronised to Dataverse: the msdyn_expenses dual-write map may be paused, stopped or failing. Run or fix the map, then the expense is synchronised again.',
          'The expense reached Dataverse but was not auto-approved there, so no actual was created (check the system jobs). Approve the expense in Project Operations.',
          'The actual was created in Dataverse but has not been synchronised back to Finance (msdyn_actuals map). Run or fix that map; po-sync has no copy of the actual to resend.',
        ]
      : [
          'The vendor invoice was not synchronised to Dataverse: the msdyn_projectvendorinvoices or msdyn_projectvendorinvoicelines dual-write map may be paused, stopped or failing. Run or fix the maps, then the invoice is synchronised again.',
          'The vendor invoice reached Dataverse but was not auto-confirmed there (manual confirmation by the project manager may be required), so no actual was created. Confirm the vendor invoice in Project Operations.',
          'The actual was created in Dataverse but has not been synchronised back to Finance (msdyn_actuals map). Run or fix that map; po-sync has no copy of the actual to resend.',
        ];
  return finding(doc, {
    type: 'MISSING_ACTUAL',
    amount: decimalString(new ExactDecimal(doc.amount)),
    currency: doc.currency,
    causes,
    remedy: 'none',
  });
}

/**
 * Document amount minus the cost actuals, per currency, zero gaps dropped; the
 * document's currency first, then the others alphabetically. Amounts in different
 * currencies are never netted: there is no rate that makes them comparable exactly.
 * Reversals are negative actuals, so summing all of them nets them against originals.
 */
function currencyGaps(doc: DocumentSnapshot, costActuals: readonly ActualSnapshot[]) {
  const gaps = new Map<string, ExactDecimal>([[doc.currency, new ExactDecimal(doc.amount)]]);
  for (const a of costActuals) {
    gaps.set(a.currency, (gaps.get(a.currency) ?? new ExactDecimal(0)).minus(a.amount));
  }
  const others = [...gaps.keys()].filter((c) => c !== doc.currency).sort();
  return [doc.currency, ...others].flatMap((currency) => {
    const gap = gaps.get(currency);
    return gap === undefined || gap.isZero() ? [] : [{ currency, gap }];
  });
}

function amountMismatch(doc: DocumentSnapshot, costActuals: readonly ActualSnapshot[]): Finding | null {
  const gaps = currencyGaps(doc, costActuals);
  const first = gaps[0];
  if (first === undefined) return null;
  const noun = NOUN[doc.documentType];
  const amount = decimalString(new ExactDecimal(doc.amount));
  const sumIn = (currency: string): string =>
    decimalString(sumAmounts(costActuals.filter((a) => a.currency === currency).map((a) => a.amount)));
  const causes = gaps.map(({ currency, gap }) =>
    currency === doc.currency
      ? `The cost actuals in ${currency} referencing this ${noun} add up to ${sumIn(currency)} ${currency}, ` +
        `${decimalString(gap.abs())} ${currency} ${gap.gt(0) ? 'less' : 'more'} than its amount of ${amount} ${currency}.`
      : `Cost actuals in ${currency} referencing it add up to ${sumIn(currency)} ${currency}, but the ${noun} is in ` +
        `${doc.currency}: amounts in different currencies are never netted against each other.`,
  );
  const docGap = gaps.find((g) => g.currency === doc.currency)?.gap;
  if (docGap?.gt(0)) {
    causes.push(
      'An actual was reversed and its replacement has not arrived yet (for example after subcontract matching), or not all of its actuals have been synchronised from Dataverse.',
    );
  } else if (docGap?.lt(0)) {
    causes.push('An actual was recorded twice, or a correction added cost without reversing the original.');
  }
  if (gaps.some((g) => g.currency !== doc.currency)) {
    causes.push(`An actual was recorded in a different currency from the ${noun}'s.`);
  }
  return finding(doc, {
    type: 'AMOUNT_MISMATCH',
    amount: decimalString(first.gap.abs()),
    currency: first.currency,
    causes,
    // A resync sends the same actuals again and cannot change their amounts; correcting
    // them (a reversal or correction journal in Project Operations) is a person's decision.
    remedy: 'none',
  });
}

/**
 * MISSING_ACTUAL and AMOUNT_MISMATCH for one Finance document, and its status row.
 * Journal-line problems are findings of each actual (evaluateActual), so a document
 * and its actuals never report the same problem twice; the row still counts them.
 *
 * Grace: nothing is expected before postedAt + grace. A mismatch also waits for grace
 * after the newest of its actuals, because reversal, replacement and correction
 * arrive one by one, and a sum seen half-way would open and resolve at once.
 */
export function evaluateDocument(
  doc: DocumentSnapshot,
  actuals: readonly ActualSnapshot[],
  lines: ReadonlyMap<string, JournalLineSnapshot>,
  now: Date,
  config: RulesConfig,
): DocumentEvaluation {
  assertRulesConfig(config);
  const costActuals = costActualsOf(doc, actuals);
  const notYet = (nextDueAt: Date | null): DocumentEvaluation => ({
    findings: [],
    nextDueAt,
    status: summarizeDocument(doc, costActuals, lines, false),
  });
  const posted = postedAt(doc);
  // Unposted: only a new event (posting) can change anything, so there is no timer.
  if (posted === null) return notYet(null);
  const graceEnd = plusMs(posted, config.gracePeriodMs);
  if (!hasElapsed(now, graceEnd)) return notYet(graceEnd);

  const status = summarizeDocument(doc, costActuals, lines, true);
  if (costActuals.length === 0) return { findings: [missingActual(doc)], nextDueAt: null, status };

  const mismatch = amountMismatch(doc, costActuals);
  if (mismatch === null) return { findings: [], nextDueAt: null, status };
  const settledFrom = costActuals.reduce((t, a) => Math.max(t, a.createdOn.getTime()), posted.getTime());
  const mismatchDue = plusMs(new Date(settledFrom), config.gracePeriodMs);
  return hasElapsed(now, mismatchDue)
    ? { findings: [mismatch], nextDueAt: null, status }
    : { findings: [], nextDueAt: mismatchDue, status };
}
