import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { JournalLog, JournalLogEntry } from '@po-sync/contracts';
import { returnedRows } from '@po-sync/db';
import type { QueryRunner } from 'typeorm';

export interface NewLogEntry {
  log: JournalLog;
  runId: string;
  actualId: string;
  legalEntity: string | null;
  code: string;
  message: string;
  retryCount: number;
  lastRetriedAt: Date;
}

interface LogRow {
  entry_id: string;
  log: JournalLog;
  run_id: string;
  actual_id: string;
  legal_entity: string | null;
  code: string;
  message: string;
  retry_count: number;
  last_retried_at: Date | null;
  resolved_by_later_run: boolean;
  occurred_at: Date;
}

function toLogEvent(row: LogRow): JournalLogEntry {
  return {
    eventId: randomUUID(),
    entryId: row.entry_id,
    log: row.log,
    runId: row.run_id,
    actualId: row.actual_id,
    legalEntity: row.legal_entity,
    code: row.code,
    message: row.message,
    retryCount: row.retry_count,
    lastRetriedAt: row.last_retried_at ? row.last_retried_at.toISOString() : null,
    resolvedByLaterRun: row.resolved_by_later_run,
    occurredAt: row.occurred_at.toISOString(),
  };
}

/** The troubleshooting logs: every entry kept, none expired; a later success marks earlier entries resolved. */
@Injectable()
export class TroubleshootingLogRepository {
  async append(runner: QueryRunner, entries: NewLogEntry[], now: Date): Promise<JournalLogEntry[]> {
    if (entries.length === 0) return [];
    const rows = (await runner.query(
      `INSERT INTO troubleshooting_log (entry_id, log, run_id, actual_id, legal_entity, code, message, retry_count, last_retried_at, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::timestamptz[], $10::timestamptz[])
       RETURNING *`,
      [
        entries.map(() => randomUUID()),
        entries.map((e) => e.log),
        entries.map((e) => e.runId),
        entries.map((e) => e.actualId),
        entries.map((e) => e.legalEntity),
        entries.map((e) => e.code),
        entries.map((e) => e.message),
        entries.map((e) => e.retryCount),
        entries.map((e) => e.lastRetriedAt),
        entries.map(() => now),
      ],
    )) as LogRow[];
    return rows.map(toLogEvent);
  }

  async markResolved(runner: QueryRunner, actualIds: string[]): Promise<JournalLogEntry[]> {
    if (actualIds.length === 0) return [];
    const rows = returnedRows<LogRow>(
      await runner.query(
        `UPDATE troubleshooting_log SET resolved_by_later_run = true
         WHERE actual_id = ANY($1::text[]) AND NOT resolved_by_later_run
         RETURNING *`,
        [actualIds],
      ),
    );
    return rows.map(toLogEvent);
  }
}
