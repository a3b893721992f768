import {
  ExactDecimal,
  type JournalIssue,
  type LineKind,
  type SetupSnapshot,
  type StagedActual,
  type TransactionConnection,
} from './journal.types';

export interface ImportContext {
  setup: SetupSnapshot;
  /** The connections that involve this actual, on either side. */
  connections: readonly TransactionConnection[];
  postedUnbilledSalesActualIds: ReadonlySet<string>;
}

export type ImportDecision =
  | { outcome: 'line'; kind: LineKind }
  | { outcome: 'skip'; reason: string }
  | { outcome: 'wait'; issue: JournalIssue }
  | { outcome: 'reject'; issue: JournalIssue };

/** The contract allows 12 decimals on a rate; a derived inverse is rounded to fit it. */
const RATE_DECIMALS = 12;
const RETRIED = 'po-sync retries automatically.';

const retryableError = (code: string, message: string): JournalIssue => ({
  code,
  message,
  status: 'Error',
  retryable: true,
});

function usableRate(rate: string, invert: boolean): string | null {
  const value = new ExactDecimal(rate);
  if (!value.isFinite() || value.lte(0)) return null;
  if (!invert) return rate;
  const inverse = new ExactDecimal(1).div(value).toDecimalPlaces(RATE_DECIMALS);
  // A rate above 10^12 inverts to zero at 12 decimals: unusable rather than wrong.
  return inverse.isZero() ? null : inverse.toFixed();
}

/**
 * Units of `to` for one unit of `from`, from the latest rate dated on or before `date`.
 * Finance often stores a pair in one direction only, so the inverse pair counts too
 * (as 1 / rate); on the same day the rate entered for this direction wins over a derived one.
 */
export function findExchangeRate(
  setup: SetupSnapshot,
  from: string,
  to: string,
  date: string,
): string | null {
  if (from === to) return '1';
  let best: { date: string; rate: string; direct: boolean } | null = null;
  for (const candidate of setup.exchangeRates) {
    if (candidate.date > date) continue;
    const direct = candidate.fromCurrency === from && candidate.toCurrency === to;
    const inverse = candidate.fromCurrency === to && candidate.toCurrency === from;
    if (!direct && !inverse) continue;
    const rate = usableRate(candidate.rate, inverse);
    if (rate === null) continue;
    const later = best === null || candidate.date > best.date;
    const sameDayButDirect = best !== null && candidate.date === best.date && direct && !best.direct;
    if (later || sameDayButDirect) best = { date: candidate.date, rate, direct };
  }
  return best?.rate ?? null;
}

/*
 * The checks below are shared by import and posting (setup can change in between).
 * `blocked` opens the message, e.g. "Actual A-1 cannot be imported".
 */

export function legalEntityUnknown(legalEntity: string, blocked: string): JournalIssue {
  return retryableError(
    'JOURNAL.LEGAL_ENTITY_UNKNOWN',
    `${blocked}: legal entity ${legalEntity} has no setup from Finance (accounting currency, periods). ` +
      `Check the legal entity on the actual, or that the company exists in Finance and its setup is synchronised; ${RETRIED}`,
  );
}

/** Every period covering the date must be open: posting into a closed one is never right. */
export function checkLedgerPeriod(
  setup: SetupSnapshot,
  legalEntity: string,
  accountingDate: string,
  blocked: string,
): JournalIssue | null {
  const covering = setup.ledgerPeriods.filter(
    (p) => p.legalEntity === legalEntity && p.start <= accountingDate && accountingDate <= p.end,
  );
  if (covering.length === 0) {
    return retryableError(
      'JOURNAL.PERIOD_CLOSED',
      `${blocked}: no ledger period of legal entity ${legalEntity} covers accounting date ${accountingDate}. ` +
        `Create and open that period in the ledger calendar in Finance; ${RETRIED}`,
    );
  }
  const closed = covering.find((p) => p.status === 'Closed');
  if (closed === undefined) return null;
  return retryableError(
    'JOURNAL.PERIOD_CLOSED',
    `${blocked}: ledger period ${closed.start} to ${closed.end} of legal entity ${legalEntity} is closed ` +
      `(accounting date ${accountingDate}). Reopen the period in the ledger calendar in Finance; ${RETRIED}`,
  );
}

export function checkExchangeRate(
  setup: SetupSnapshot,
  legalEntity: string,
  currency: string,
  accountingCurrency: string,
  accountingDate: string,
  blocked: string,
): JournalIssue | null {
  if (findExchangeRate(setup, currency, accountingCurrency, accountingDate) !== null) return null;
  return retryableError(
    'JOURNAL.EXCHANGE_RATE_MISSING',
    `${blocked}: there is no exchange rate from ${currency} to ${accountingCurrency} (the accounting currency of ` +
      `legal entity ${legalEntity}) dated on or before ${accountingDate}. Enter the rate in the currency exchange rates in Finance; ${RETRIED}`,
  );
}

function checkAmount(actual: StagedActual): JournalIssue | null {
  const expected = new ExactDecimal(actual.quantity).times(actual.unitPrice);
  if (expected.eq(actual.amount)) return null;
  return {
    code: 'JOURNAL.AMOUNT_INCONSISTENT',
    message:
      `Actual ${actual.actualId} has amount ${actual.amount} ${actual.currency}, but quantity ${actual.quantity} × ` +
      `unit price ${actual.unitPrice} is ${expected.toFixed()}. Actuals cannot be edited: correct it with a ` +
      `correction journal in Project Operations; this actual is not retried.`,
    status: 'InvalidActual',
    retryable: false,
  };
}

function checkProject(actual: StagedActual, setup: SetupSnapshot, blocked: string): JournalIssue | null {
  const project = setup.projects.get(actual.projectId);
  if (project?.legalEntity === actual.legalEntity) return null;
  const problem =
    project === undefined
      ? `project ${actual.projectId} is not known in Finance`
      : `project ${actual.projectId} belongs to legal entity ${project.legalEntity}, not ${actual.legalEntity}`;
  return retryableError(
    'JOURNAL.PROJECT_UNKNOWN',
    `${blocked}: ${problem}. Check the project on the actual, or create the project in legal entity ` +
      `${actual.legalEntity} in Finance; ${RETRIED}`,
  );
}

/** The unbilled-sales actuals a billed-sales actual is invoiced from, sorted for stable messages. */
function connectedUnbilledSales(actualId: string, connections: readonly TransactionConnection[]): string[] {
  const ids = new Set<string>();
  for (const c of connections) {
    if (
      c.transaction1Id === actualId &&
      c.transaction1Role === 'BilledSales' &&
      c.transaction2Role === 'UnbilledSales'
    ) {
      ids.add(c.transaction2Id);
    } else if (
      c.transaction2Id === actualId &&
      c.transaction2Role === 'BilledSales' &&
      c.transaction1Role === 'UnbilledSales'
    ) {
      ids.add(c.transaction1Id);
    }
  }
  return [...ids].sort();
}

function decideBilledSales(actual: StagedActual, context: ImportContext): ImportDecision {
  const blocked = `Billed sales actual ${actual.actualId} cannot become an invoice proposal line`;
  const unbilled = connectedUnbilledSales(actual.actualId, context.connections);
  if (unbilled.length === 0) {
    return {
      outcome: 'reject',
      issue: retryableError(
        'JOURNAL.TRANSACTION_CONNECTION_MISSING',
        `${blocked}: no transaction connection links it to an unbilled sales actual. ` +
          `Resync its transaction connections from Project Operations; ${RETRIED}`,
      ),
    };
  }
  // Finance invoices billed sales only from posted unbilled sales, so every linked one must be posted.
  const unposted = unbilled.filter((id) => !context.postedUnbilledSalesActualIds.has(id));
  if (unposted.length === 0) return { outcome: 'line', kind: 'invoiceProposal' };
  return {
    outcome: 'wait',
    issue: retryableError(
      'JOURNAL.UNBILLED_SALES_NOT_POSTED',
      `${blocked} yet: the journal line of unbilled sales actual ${unposted.join(', ')} is not posted. ` +
        `Post the draft integration journal holding it; the billed sales are imported on the next run after that.`,
    ),
  };
}

/**
 * What import from staging does with one actual. The permanent defect (an inconsistent
 * amount) is checked before setup data, so an actual that can never be imported does
 * not spend its automatic retries waiting for setup.
 */
export function decideImport(actual: StagedActual, context: ImportContext): ImportDecision {
  if (actual.skipSync) {
    return {
      outcome: 'skip',
      reason: `Actual ${actual.actualId} is marked Skip Sync: it is not expected in Finance (e.g. intercompany cost), so no line is created.`,
    };
  }
  const { setup } = context;
  const blocked = `Actual ${actual.actualId} cannot be imported`;
  const invalid = checkAmount(actual);
  if (invalid !== null) return { outcome: 'reject', issue: invalid };
  const entity = setup.legalEntities.get(actual.legalEntity);
  if (entity === undefined) {
    return { outcome: 'reject', issue: legalEntityUnknown(actual.legalEntity, blocked) };
  }
  const { legalEntity, currency, accountingDate } = actual;
  const issue =
    checkProject(actual, setup, blocked) ??
    checkLedgerPeriod(setup, legalEntity, accountingDate, blocked) ??
    checkExchangeRate(setup, legalEntity, currency, entity.accountingCurrency, accountingDate, blocked);
  if (issue !== null) return { outcome: 'reject', issue };
  switch (actual.transactionType) {
    case 'Cost':
    case 'UnbilledSales':
      return { outcome: 'line', kind: 'journal' };
    case 'BilledSales':
      return decideBilledSales(actual, context);
  }
}
