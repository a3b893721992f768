import type { DocumentStatus } from '@po-sync/contracts';
import type { SortKey } from '../shared/keyset';
import type { PagePart } from '../shared/paged-query';
import type { DateWindow } from '../shared/list-query';
import { containsPattern, type SqlParams } from '../shared/sql-params';

/** The workspace's four views of each grid (reference §4), by the document statuses they show. */
export const GRID_VIEWS = ['missing-actuals', 'missing-journal-lines', 'all', 'reconciled'] as const;
export type GridView = (typeof GRID_VIEWS)[number];

export const VIEW_STATUSES: Record<GridView, readonly DocumentStatus[] | null> = {
  'missing-actuals': ['missingActual'],
  // Lines missing or not posted yet: both leave the cost on the integration account.
  'missing-journal-lines': ['missingJournalLine', 'pendingPosting'],
  reconciled: ['reconciled'],
  all: null,
};

export interface DocumentFilter {
  documentType?: 'expense' | 'vendorInvoiceLine';
  legalEntity?: string;
  window: DateWindow;
  q?: string;
  statuses?: readonly string[] | null;
}

/**
 * The conditions on `document_row d` for a grid or the summary. A document without a date is in
 * every window (none excludes what cannot be placed in time).
 */
export function documentConditions(p: SqlParams, filter: DocumentFilter): string[] {
  const where = documentConditionsBesideWindowAndStatus(p, filter);
  if (filter.statuses) where.push(`d.status = ANY(${p.add(filter.statuses, '::text[]')})`);
  const [dated, undated] = documentWindowParts(filter.window);
  return [...where, `(${undated.condition(p)} OR ${dated.condition(p)})`];
}

/** Everything in the filter but the date window and the statuses (a grid page reads them apart). */
export function documentConditionsBesideWindowAndStatus(p: SqlParams, filter: DocumentFilter): string[] {
  const where: string[] = [];
  if (filter.documentType) where.push(`d.document_type = ${p.add(filter.documentType)}`);
  if (filter.legalEntity) where.push(`d.legal_entity = ${p.add(filter.legalEntity)}`);
  if (filter.q) where.push(`d.search_text LIKE ${p.add(containsPattern(filter.q))}`);
  return where;
}

/**
 * The window as two parts in grid order: the dated documents in it, then the undated ones. A grid
 * page walks each part's index in order and stops after the page (see runPagedQuery's parts).
 */
export function documentWindowParts(window: DateWindow): [PagePart, PagePart] {
  return [
    {
      condition: (p) =>
        `d.document_date BETWEEN ${p.add(window.from, '::date')} AND ${p.add(window.to, '::date')}`,
      part: 'notNull',
    },
    { condition: () => 'd.document_date IS NULL', part: 'null' },
  ];
}

/** Newest document first, then by id: stable, and what the workspace's grids show first. */
export const DOCUMENT_SORT: SortKey[] = [
  { expr: 'd.document_date', dir: 'DESC', cast: '::date', nullable: true },
  { expr: 'd.record_id', dir: 'ASC', cast: '::text' },
];

/** The grid columns (reference §1.5) plus status and amounts, as JSON-ready text. */
export const DOCUMENT_COLUMNS = `d.document_type AS "documentType", d.record_id AS "recordId", d.legal_entity AS "legalEntity",
  d.category, to_char(d.document_date, 'YYYY-MM-DD') AS "date", trim_scale(d.amount)::text AS amount, d.currency,
  d.voucher, d.project_id AS "projectId", d.actual_exists AS "actualExists", d.journal_id AS "journalId",
  trim_scale(d.journal_line_amount)::text AS "journalLineAmount", d.journal_voucher AS "journalVoucher",
  d.posted_date AS "postedDate", d.last_retried_at AS "lastRetriedAt", d.status,
  trim_scale(d.unreconciled_amount)::text AS "unreconciledAmount",
  trim_scale(d.missing_actual_amount)::text AS "missingActualAmount",
  trim_scale(d.missing_journal_line_amount)::text AS "missingJournalLineAmount", d.version, d.updated_at AS "updatedAt"`;
