import { Injectable } from '@nestjs/common';
import { withTransaction } from '@po-sync/db';
import { DataSource } from 'typeorm';
import type { ResyncScope } from './jobs.schemas';

export interface Candidate {
  recordId: string;
  /** Set when the record must not be resent now, in words the operator can act on. */
  skipReason: string | null;
}

export interface JobRow {
  jobId: string;
  scope: ResyncScope;
  params: Record<string, unknown>;
  dryRun: boolean;
  status: 'running' | 'completed' | 'failed';
  requestedBy: string;
  selected: number;
  skipped: number;
  sent: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const JOB_COLUMNS = `job_id AS "jobId", scope, params, dry_run AS "dryRun", status, requested_by AS "requestedBy", selected,
  skipped, sent, error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

// Draft or Processing: the journal will post it; resending now could only race the posting.
const PENDING_POSTING = `CASE WHEN l.status IN ('Draft', 'Processing')
  THEN 'its journal line ' || l.line_id || ' is pending posting in journal ' || l.journal_id || ' (status ' || l.status
       || '): post the journal first; the next batch resync picks it up if it is still out of sync'
  ELSE NULL END`;

@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The actuals a scope selects, each with its skip reason (if any). */
  async selectActuals(filter: {
    scope: ResyncScope;
    ids?: string[];
    from?: string;
    to?: string;
    legalEntity?: string;
  }): Promise<Candidate[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.scope === 'out-of-sync-actuals') {
      where.push(`EXISTS (SELECT 1 FROM known_discrepancy k WHERE k.record_id = a.actual_id
        AND k.type = 'OUT_OF_SYNC_ACTUAL' AND k.status <> 'resolved')`);
    }
    if (filter.scope === 'documents')
      where.push(`a.source_document_id = ANY(${param(filter.ids ?? [])}::text[])`);
    else if (filter.ids) where.push(`a.actual_id = ANY(${param(filter.ids)}::text[])`);
    if (filter.legalEntity) where.push(`a.legal_entity = ${param(filter.legalEntity)}`);
    if (filter.from) where.push(`a.accounting_date >= ${param(filter.from)}::date`);
    if (filter.to) where.push(`a.accounting_date <= ${param(filter.to)}::date`);
    const rows = await this.dataSource.query<{ record_id: string; skip_reason: string | null }[]>(
      `SELECT a.actual_id AS record_id, ${PENDING_POSTING} AS skip_reason
       FROM stored_actual a LEFT JOIN line_status l ON l.actual_id = a.actual_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.actual_id`,
      params,
    );
    const found = rows.map((r) => ({ recordId: r.record_id, skipReason: r.skip_reason }));
    // Ids asked for but never seen cannot be resent: say so rather than drop them silently.
    if (filter.ids && filter.scope === 'actuals') {
      const seen = new Set(found.map((f) => f.recordId));
      for (const id of filter.ids) {
        if (!seen.has(id))
          found.push({
            recordId: id,
            skipReason: 'no such actual has reached po-sync: it cannot be resent from here',
          });
      }
    }
    return found;
  }

  async selectConnections(filter: {
    ids?: string[];
    legalEntity?: string;
    from?: string;
    to?: string;
  }): Promise<Candidate[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.ids) {
      params.push(filter.ids);
      where.push(`c.connection_id = ANY($${params.length}::text[])`);
    }
    if (filter.legalEntity || filter.from || filter.to) {
      const inner: string[] = [];
      if (filter.legalEntity) {
        params.push(filter.legalEntity);
        inner.push(`a.legal_entity = $${params.length}`);
      }
      if (filter.from) {
        params.push(filter.from);
        inner.push(`a.accounting_date >= $${params.length}::date`);
      }
      if (filter.to) {
        params.push(filter.to);
        inner.push(`a.accounting_date <= $${params.length}::date`);
      }
      where.push(
        `EXISTS (SELECT 1 FROM stored_actual a WHERE a.actual_id IN (c.transaction1_id, c.transaction2_id) AND ${inner.join(' AND ')})`,
      );
    }
    const rows = await this.dataSource.query<{ connection_id: string }[]>(
      `SELECT connection_id FROM stored_connection c ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY connection_id`,
      params,
    );
    return rows.map((r) => ({ recordId: r.connection_id, skipReason: null }));
  }

  async createJob(
    job: Omit<JobRow, 'createdAt' | 'startedAt' | 'finishedAt' | 'sent' | 'error'>,
    candidates: Candidate[],
  ): Promise<void> {
    await withTransaction(this.dataSource, async (runner) => {
      await runner.query(
        `INSERT INTO resync_job (job_id, scope, params, dry_run, status, requested_by, selected, skipped, started_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), CASE WHEN $5 = 'running' THEN NULL ELSE now() END)`,
        [
          job.jobId,
          job.scope,
          JSON.stringify(job.params),
          job.dryRun,
          job.status,
          job.requestedBy,
          job.selected,
          job.skipped,
        ],
      );
      for (let i = 0; i < candidates.length; i += 10_000) {
        const chunk = candidates.slice(i, i + 10_000);
        await runner.query(
          `INSERT INTO resync_job_item (job_id, record_id, outcome, reason)
           SELECT $1, r, CASE WHEN s IS NULL THEN $4 ELSE 'skipped' END, s FROM unnest($2::text[], $3::text[]) AS u(r, s)`,
          [
            job.jobId,
            chunk.map((c) => c.recordId),
            chunk.map((c) => c.skipReason),
            job.dryRun ? 'would-send' : 'pending',
          ],
        );
      }
    });
  }

  async pendingItems(jobId: string, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ record_id: string }[]>(
      `SELECT record_id FROM resync_job_item WHERE job_id = $1 AND outcome = 'pending' ORDER BY record_id LIMIT $2`,
      [jobId, limit],
    );
    return rows.map((r) => r.record_id);
  }

  async actualData(ids: string[]): Promise<unknown[]> {
    const rows = await this.dataSource.query<{ data: unknown }[]>(
      `SELECT data FROM stored_actual WHERE actual_id = ANY($1::text[])`,
      [ids],
    );
    return rows.map((r) => r.data);
  }

  async connectionData(ids: string[]): Promise<unknown[]> {
    const rows = await this.dataSource.query<{ data: unknown }[]>(
      `SELECT data FROM stored_connection WHERE connection_id = ANY($1::text[])`,
      [ids],
    );
    return rows.map((r) => r.data);
  }

  async markSent(jobId: string, ids: string[]): Promise<void> {
    await withTransaction(this.dataSource, async (runner) => {
      await runner.query(
        `UPDATE resync_job_item SET outcome = 'sent' WHERE job_id = $1 AND record_id = ANY($2::text[])`,
        [jobId, ids],
      );
      await runner.query(`UPDATE resync_job SET sent = sent + $2 WHERE job_id = $1`, [jobId, ids.length]);
    });
  }

  async finish(jobId: string, status: 'completed' | 'failed', error: string | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE resync_job SET status = $2, error = $3, finished_at = now() WHERE job_id = $1`,
      [jobId, status, error],
    );
  }

  async job(jobId: string): Promise<JobRow | null> {
    const rows = await this.dataSource.query<JobRow[]>(
      `SELECT ${JOB_COLUMNS} FROM resync_job WHERE job_id = $1`,
      [jobId],
    );
    return rows[0] ?? null;
  }

  async items(
    jobId: string,
    limit: number,
    after: string | null,
  ): Promise<{ recordId: string; outcome: string; reason: string | null }[]> {
    return this.dataSource.query(
      `SELECT record_id AS "recordId", outcome, reason FROM resync_job_item WHERE job_id = $1 AND record_id > $2
       ORDER BY record_id LIMIT $3`,
      [jobId, after ?? '', limit],
    );
  }

  async jobs(limit: number, before: Date | null): Promise<JobRow[]> {
    return this.dataSource.query<JobRow[]>(
      `SELECT ${JOB_COLUMNS} FROM resync_job WHERE created_at < $1 ORDER BY created_at DESC LIMIT $2`,
      [before ?? new Date('9999-01-01'), limit],
    );
  }

  async runningJobs(): Promise<JobRow[]> {
    return this.dataSource.query<JobRow[]>(
      `SELECT ${JOB_COLUMNS} FROM resync_job WHERE status = 'running' ORDER BY created_at`,
    );
  }
}
