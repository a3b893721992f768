import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SortKey } from '../shared/keyset';
import type { DateWindow, ListResult } from '../shared/list-query';
import { runPagedQuery } from '../shared/paged-query';
import { containsPattern, SqlParams } from '../shared/sql-params';

export const STATUS_FILTERS = ['open', 'updated', 'resolved', 'unresolved'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface DiscrepancyFilter {
  type?: string;
  status?: StatusFilter;
  documentType?: string;
  legalEntity?: string;
  window: DateWindow;
  q?: string;
}

const NEWEST_FIRST: SortKey[] = [
  { expr: 'd.detected_at', dir: 'DESC', cast: '::timestamptz' },
  { expr: 'd.discrepancy_id', dir: 'DESC', cast: '::text' },
];

export const DISCREPANCY_COLUMNS = `d.discrepancy_id AS "discrepancyId", d.type, d.status, d.document_type AS "documentType",
  d.record_id AS "recordId", d.legal_entity AS "legalEntity", d.project_id AS "projectId",
  trim_scale(d.amount)::text AS amount, d.currency, d.causes, d.remedy, d.first_detected_at AS "firstDetectedAt",
  d.detected_at AS "detectedAt", d.resolved_at AS "resolvedAt"`;

/** A record's document date, when it has one: a document's own, or an actual's. */
const RECORD_DATE = `coalesce(r.document_date, a.document_date)`;
const inWindow = (p: SqlParams, expr: string, window: DateWindow) =>
  `(${expr} IS NULL OR ${expr} BETWEEN ${p.add(window.from, '::date')} AND ${p.add(window.to, '::date')})`;

@Injectable()
export class DiscrepanciesRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(filter: DiscrepancyFilter, page: { limit: number; cursor?: string }): Promise<ListResult<unknown>> {
    const p = new SqlParams();
    const where: string[] = [];
    if (filter.type) where.push(`d.type = ${p.add(filter.type)}`);
    if (filter.status === 'unresolved') where.push(`d.status <> 'resolved'`);
    else if (filter.status) where.push(`d.status = ${p.add(filter.status)}`);
    if (filter.documentType) where.push(`d.document_type = ${p.add(filter.documentType)}`);
    if (filter.legalEntity) where.push(`d.legal_entity = ${p.add(filter.legalEntity)}`);
    // Records without a date (dual-write maps, connections, actuals not seen yet) are in every window.
    where.push(inWindow(p, RECORD_DATE, filter.window));
    if (filter.q) where.push(`d.search_text LIKE ${p.add(containsPattern(filter.q))}`);
    return runPagedQuery(this.dataSource, {
      list: 'discrepancies',
      select: `${DISCREPANCY_COLUMNS}, to_char(${RECORD_DATE}, 'YYYY-MM-DD') AS "documentDate"`,
      from: `FROM discrepancy d
        LEFT JOIN document_row r ON r.document_type = d.document_type AND r.record_id = d.record_id
        LEFT JOIN actual a ON d.document_type = 'actual' AND a.actual_id = d.record_id`,
      where,
      params: p,
      sort: NEWEST_FIRST,
      money: { currency: 'd.currency', amount: 'd.amount' },
      ...page,
    });
  }

  /** Open OUT_OF_SYNC_ACTUAL discrepancies with what is known of the actual and its line. */
  outOfSync(
    filter: { legalEntity?: string; window: DateWindow; q?: string },
    page: { limit: number; cursor?: string },
  ): Promise<ListResult<unknown>> {
    const p = new SqlParams();
    const where = [`d.type = 'OUT_OF_SYNC_ACTUAL'`, `d.status <> 'resolved'`];
    if (filter.legalEntity) where.push(`d.legal_entity = ${p.add(filter.legalEntity)}`);
    where.push(inWindow(p, 'a.document_date', filter.window));
    if (filter.q) where.push(`d.search_text LIKE ${p.add(containsPattern(filter.q))}`);
    return runPagedQuery(this.dataSource, {
      list: 'out-of-sync',
      select: `d.record_id AS "actualId", d.legal_entity AS "legalEntity", d.project_id AS "projectId",
        trim_scale(d.amount)::text AS amount, d.currency, d.causes, d.remedy, d.status,
        d.first_detected_at AS "firstDetectedAt", d.detected_at AS "detectedAt", d.discrepancy_id AS "discrepancyId",
        to_char(a.document_date, 'YYYY-MM-DD') AS "documentDate", a.transaction_type AS "transactionType",
        a.transaction_class AS "transactionClass", a.source_document_type AS "sourceDocumentType",
        a.source_document_id AS "sourceDocumentId", a.created_on AS "createdOn", a.voucher,
        l.status AS "lineStatus", l.journal_id AS "journalId"`,
      from: `FROM discrepancy d
        LEFT JOIN actual a ON a.actual_id = d.record_id
        LEFT JOIN journal_line l ON l.actual_id = d.record_id`,
      where,
      params: p,
      sort: NEWEST_FIRST,
      money: { currency: 'd.currency', amount: 'd.amount' },
      ...page,
    });
  }

  mapDiscrepancies(): Promise<MapDiscrepancy[]> {
    return this.dataSource.query<MapDiscrepancy[]>(
      `SELECT d.record_id AS "mapName", d.status, d.causes, d.first_detected_at AS "firstDetectedAt",
         d.detected_at AS "detectedAt", d.resolved_at AS "resolvedAt"
       FROM discrepancy d WHERE d.type = 'MAP_VERSION_BELOW_REQUIRED' ORDER BY d.record_id`,
    );
  }

  mapVersionsSeen(): Promise<MapVersionSeen[]> {
    return this.dataSource.query<MapVersionSeen[]>(
      `SELECT map_name AS "mapName", version, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt",
         events::int AS events
       FROM map_version_seen ORDER BY map_name, version`,
    );
  }

  mapStates(): Promise<MapState[]> {
    return this.dataSource.query<MapState[]>(
      `SELECT map_name AS "mapName", version, state, occurred_at AS "reportedAt" FROM dual_write_map ORDER BY map_name`,
    );
  }
}

export interface MapDiscrepancy {
  mapName: string;
  status: string;
  causes: string[];
  firstDetectedAt: Date;
  detectedAt: Date;
  resolvedAt: Date | null;
}

export interface MapVersionSeen {
  mapName: string;
  version: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  events: number;
}

export interface MapState {
  mapName: string;
  version: string;
  state: string;
  reportedAt: Date;
}
