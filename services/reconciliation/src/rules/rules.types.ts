import type {
  ConnectionRole,
  DiscrepancyType,
  DocumentStatus,
  DocumentType,
  ExpenseStatus,
  JournalLineStatus,
  MapState,
  Remedy,
  SourceDocumentType,
  TransactionType,
  VendorInvoiceLineStatus,
} from '@po-sync/contracts';

/*
 * What the reconciliation service feeds the rules: the latest state it holds of each
 * record. Amounts are decimal strings exactly as received; instants are Dates so the
 * rules can do arithmetic on them; business dates stay `YYYY-MM-DD` text.
 */

/** The two Finance document kinds that leave a balance on an integration account. */
export type FinanceDocumentType = Extract<DocumentType, 'expense' | 'vendorInvoiceLine'>;

interface DocumentSnapshotBase {
  /** Expense id, or `invoiceId:lineNumber` for a vendor invoice line (what actuals reference). */
  recordId: string;
  legalEntity: string;
  projectId: string;
  category: string;
  amount: string;
  currency: string;
  documentDate: string;
  voucher: string | null;
  /** When Finance posted it; the missing-actual grace period runs from here. */
  postedAt: Date | null;
}

export type DocumentSnapshot =
  | (DocumentSnapshotBase & { documentType: 'expense'; status: ExpenseStatus })
  | (DocumentSnapshotBase & { documentType: 'vendorInvoiceLine'; status: VendorInvoiceLineStatus });

export interface ActualSnapshot {
  actualId: string;
  legalEntity: string;
  projectId: string;
  transactionType: TransactionType;
  amount: string;
  currency: string;
  accountingDate: string;
  sourceDocumentType: SourceDocumentType | null;
  sourceDocumentId: string | null;
  /** true = never expected in Finance (e.g. intercompany cost). */
  skipSync: boolean;
  /** Written back by posting in Finance; null until then. */
  voucher: string | null;
  createdOn: Date;
  deleted: boolean;
}

export interface JournalLineSnapshot {
  actualId: string;
  lineId: string;
  journalId: string;
  status: JournalLineStatus;
  amount: string;
  currency: string;
  voucher: string | null;
  postedAt: Date | null;
  /** When the reconciliation service first saw the line: the not-posted grace runs from here. */
  createdAt: Date;
  lastRetriedAt: Date | null;
}

export interface ConnectionSnapshot {
  connectionId: string;
  transaction1Id: string;
  transaction1Role: ConnectionRole;
  transaction1Type: TransactionType;
  transaction2Id: string;
  transaction2Role: ConnectionRole;
  transaction2Type: TransactionType;
}

/**
 * One dual-write map as last seen: the version of its latest sighting by the source's time (what
 * it runs now, so an upgrade resolves the finding), not the highest version ever seen.
 */
export interface MapSnapshot {
  mapName: string;
  version: string;
  state: MapState | null;
  seenAt: Date;
}

export interface RulesConfig {
  /** RECON_GRACE_PERIOD in milliseconds. */
  gracePeriodMs: number;
  /** OUT_OF_SYNC_LOOKBACK in milliseconds; 0 = no limit. */
  outOfSyncLookbackMs: number;
}

/** A condition that holds now. Turned into open/updated/resolved events by `diffFindings`. */
export interface Finding {
  type: DiscrepancyType;
  documentType: DocumentType;
  recordId: string;
  legalEntity: string;
  projectId: string;
  /** Decimal string: the unreconciled amount this finding accounts for. */
  amount: string;
  currency: string;
  /** Possible causes, in words an accountant understands. */
  causes: string[];
  remedy: Remedy;
}

/** The document's row in the workspace grids; the service adds ids and versions to publish it. */
export interface DocumentStatusSummary {
  status: DocumentStatus;
  missingActualAmount: string;
  missingJournalLineAmount: string;
  /** Always missingActualAmount + missingJournalLineAmount (DESIGN §4). */
  unreconciledAmount: string;
  actualExists: boolean;
  journalId: string | null;
  journalLineAmount: string | null;
  journalVoucher: string | null;
  postedDate: Date | null;
  lastRetriedAt: Date | null;
}

/**
 * What every evaluator returns besides its findings. `nextDueAt` is the earliest
 * future instant at which the result would change with no new event (a grace period
 * ends, an actual leaves the look-back window); the service sets a persistent timer
 * to it and evaluates again then. null = nothing changes until the next event.
 */
export interface Evaluation {
  findings: Finding[];
  nextDueAt: Date | null;
}
