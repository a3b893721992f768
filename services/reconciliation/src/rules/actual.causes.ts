import { type JournalLineStatus, REQUIRED_MAP_VERSIONS, type Remedy } from '@po-sync/contracts';
import type { ActualSnapshot, JournalLineSnapshot } from './rules.types';

/*
 * The words of the actual findings, kept apart from the conditions so the rules
 * read as rules. Every text names what to look at; ids go in so an accountant can
 * find the record without another query.
 */

type NotPostedStatus = Exclude<JournalLineStatus, 'Posted'>;

const SEE_LOG = 'see the integration journal log for the message';

/**
 * Posting drafts helps only lines that posting can still pick up. An Unrecoverable
 * line has used its automatic retries and an InvalidActual line can never post, so
 * their remedy is `none`: a person must fix the cause first, and offering a remedy
 * that cannot work would only hide that.
 */
const NOT_POSTED: Readonly<Record<NotPostedStatus, { cause: string; remedy: Remedy }>> = {
  Draft: {
    cause:
      'is a draft: the scheduled posting of integration journals has not run yet, or the journal was left unposted.',
    remedy: 'post-draft-journals',
  },
  Processing: {
    cause:
      'has been in posting for longer than the grace period: a posting run may still be going, or it stopped half-way (a line stuck in processing can be reset to draft after 24 hours).',
    remedy: 'post-draft-journals',
  },
  Error: {
    cause: `failed to post (for example a closed ledger period or a missing exchange rate); ${SEE_LOG}. It is retried automatically up to 5 times.`,
    remedy: 'post-draft-journals',
  },
  Unrecoverable: {
    cause: `failed to post and its automatic retries are used up; ${SEE_LOG}, fix the cause, then reset the line to draft.`,
    remedy: 'none',
  },
  InvalidActual: {
    cause: `belongs to an invalid actual that can never be posted (for example its amount is not quantity × unit price); ${SEE_LOG} and correct the actual in Project Operations with a correction journal.`,
    remedy: 'none',
  },
};

export function journalNotPosted(line: JournalLineSnapshot & { status: NotPostedStatus }): {
  causes: string[];
  remedy: Remedy;
} {
  const { cause, remedy } = NOT_POSTED[line.status];
  return { causes: [`Journal line ${line.lineId} of journal ${line.journalId} ${cause}`], remedy };
}

const lineState = (line: JournalLineSnapshot | undefined): string =>
  line === undefined ? 'has no journal line yet' : `has a journal line in status ${line.status}`;

/**
 * `blockers` are the unbilled sales a billed sales actual is invoiced from, with their
 * lines: Finance imports billed sales only once every one of them is posted.
 */
export function missingJournalLineCauses(
  actual: ActualSnapshot,
  unbilledSales: readonly { actualId: string; line: JournalLineSnapshot | undefined }[],
): string[] {
  const causes = [
    'Import from staging has not run since the actual reached Finance.',
    `Import from staging failed for this actual (for example an unknown project, a closed period or a missing exchange rate); ${SEE_LOG}.`,
    "The actual did not reach Finance's staging table: the msdyn_actuals dual-write map may be paused or failing.",
  ];
  if (actual.transactionType !== 'BilledSales') return causes;
  if (unbilledSales.length === 0) {
    causes.push(
      'Billed sales become an invoice proposal line only through their transaction connection to the unbilled sales they invoice, and this actual has none (see MISSING_TRANSACTION_CONNECTION).',
    );
  }
  for (const { actualId, line } of unbilledSales) {
    if (line?.status === 'Posted') continue;
    causes.push(
      `Billed sales are imported only after their unbilled sales are posted, and unbilled sales actual ${actualId} ${lineState(line)}.`,
    );
  }
  return causes;
}

/** The same voucher gap means a different next step depending on how far the actual got. */
export function outOfSyncCauses(line: JournalLineSnapshot | null): string[] {
  const head = 'The actual has no voucher number in Dataverse, long after it was created.';
  if (line === null) {
    return [
      head,
      "It has no journal line in Finance (see MISSING_JOURNAL_LINE): it may never have reached Finance's staging table, which a resync fixes.",
    ];
  }
  if (line.status !== 'Posted') {
    return [
      head,
      `Its journal line ${line.lineId} is in status ${line.status} (see JOURNAL_NOT_POSTED): get the journal posted first; a resync skips the actual while its journal is pending posting.`,
    ];
  }
  return [
    head,
    `Its journal line ${line.lineId} was posted${line.voucher === null ? '' : ` with voucher ${line.voucher}`}, but the voucher was not written back to the actual in Dataverse (msdyn_actuals map); a resync writes it back.`,
  ];
}

export function missingConnectionCauses(actual: ActualSnapshot): string[] {
  const what =
    actual.transactionType === 'BilledSales'
      ? 'The billed sales actual has no transaction connection to the unbilled sales it invoices, so Finance cannot build its invoice proposal line.'
      : 'The unbilled sales actual has no transaction connection to its cost actual, so the billed sales invoiced from it cannot be imported (Finance imports them only after the related cost and unbilled sales are posted).';
  return [
    what,
    `The connection was not synchronised: the msdyn_transactionconnections dual-write map may be paused, failing or below version ${REQUIRED_MAP_VERSIONS.msdyn_transactionconnections}.`,
  ];
}
