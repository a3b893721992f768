import { Injectable } from '@nestjs/common';
import type { JournalLog } from '@po-sync/contracts';
import { DataSource } from 'typeorm';
import type { ListResult } from '../shared/list-query';
import { runPagedQuery } from '../shared/paged-query';
import { containsPattern, SqlParams } from '../shared/sql-params';

export interface OpenWindow {
  from: string | null;
  to: string | null;
}

/** Inclusive calendar days in UTC, either end open. */
function inDays(p: SqlParams, expr: string, window: OpenWindow): string[] {
  const where: string[] = [];
  if (window.from) where.push(`${expr} >= ${p.add(window.from, '::date')}::timestamp AT TIME ZONE 'UTC'`);
  if (window.to) where.push(`${expr} < (${p.add(window.to, '::date')} + 1)::timestamp AT TIME ZONE 'UTC'`);
  return where;
}

/** The troubleshooting logs and the dead letters: complete, most recent first. */
@Injectable()
export class LogsRepository {
  constructor(private readonly dataSource: DataSource) {}

  journalLog(
    log: JournalLog,
    filter: { legalEntity?: string; window: OpenWindow; q?: string; resolved?: boolean },
    page: { limit: number; cursor?: string },
  ): Promise<ListResult<unknown>> {
    const p = new SqlParams();
    const where = [`g.log = ${p.add(log)}`, ...inDays(p, 'g.occurred_at', filter.window)];
    if (filter.legalEntity) where.push(`g.legal_entity = ${p.add(filter.legalEntity)}`);
    if (filter.resolved !== undefined) where.push(`g.resolved_by_later_run = ${p.add(filter.resolved)}`);
    if (filter.q) where.push(`g.search_text LIKE ${p.add(containsPattern(filter.q))}`);
    return runPagedQuery(this.dataSource, {
      list: log,
      select: `g.entry_id AS "entryId", g.log, g.run_id AS "runId", g.actual_id AS "actualId",
        g.legal_entity AS "legalEntity", g.code, g.message, g.retry_count AS "retryCount",
        g.last_retried_at AS "lastRetriedAt", g.resolved_by_later_run AS "resolvedByLaterRun",
        g.occurred_at AS "occurredAt"`,
      from: 'FROM journal_log g',
      where,
      params: p,
      sort: [
        { expr: 'g.occurred_at', dir: 'DESC', cast: '::timestamptz' },
        { expr: 'g.entry_id', dir: 'DESC', cast: '::text' },
      ],
      ...page,
    });
  }

  deadLetters(
    filter: { window: OpenWindow; q?: string; sourceTopic?: string },
    page: { limit: number; cursor?: string },
  ): Promise<ListResult<unknown>> {
    const p = new SqlParams();
    const where = inDays(p, 'x.received_at', filter.window);
    if (filter.sourceTopic) where.push(`x.source_topic = ${p.add(filter.sourceTopic)}`);
    if (filter.q)
      where.push(
        `lower(x.source_topic || ' ' || x.service || ' ' || x.reason) LIKE ${p.add(containsPattern(filter.q))}`,
      );
    return runPagedQuery(this.dataSource, {
      list: 'dead-letters',
      select: `x.event_id AS "eventId", x.service, x.source_topic AS "sourceTopic", x.partition,
        x.source_offset AS "offset", x.message_key AS "key", x.message_value AS "value", x.headers, x.reason,
        x.issues, x.received_at AS "receivedAt"`,
      from: 'FROM dead_letter x',
      where,
      params: p,
      sort: [
        { expr: 'x.received_at', dir: 'DESC', cast: '::timestamptz' },
        { expr: 'x.event_id::text', dir: 'DESC', cast: '::text' },
      ],
      ...page,
    });
  }
}
