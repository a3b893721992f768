import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AuditEntry {
  actor: string;
  role: string;
  action: string;
  target: string | null;
  recordCount: number;
  outcome: string;
  details?: Record<string, unknown>;
}

/** Every operator action, kept for good: who, when, what, how many records, outcome. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_log (actor, role, action, target, record_count, outcome, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.actor,
        entry.role,
        entry.action,
        entry.target,
        entry.recordCount,
        entry.outcome,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  async list(limit: number, beforeId: string | null): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT id::text, actor, role, action, target, record_count AS "recordCount", outcome, details, at
       FROM audit_log WHERE id < $1::bigint ORDER BY id DESC LIMIT $2`,
      [beforeId ?? '9223372036854775807', limit],
    );
  }
}
