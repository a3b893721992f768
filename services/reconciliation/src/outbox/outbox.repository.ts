import { Injectable } from '@nestjs/common';
import { returnedRows } from '@po-sync/db';
import { DataSource, type QueryRunner } from 'typeorm';

export interface OutboxMessage {
  topic: string;
  key: string;
  payload: unknown;
}

export interface OutboxRow extends OutboxMessage {
  seq: string;
  /**
   * The position the relay publishes in and remembers on the topic: (transaction id, sequence).
   * Ordered by transaction first, because a later-committing transaction can hold a lower sequence.
   */
  position: string;
}

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Called inside the transaction that changed the state the messages describe. */
  async append(runner: QueryRunner, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await runner.query(
      `INSERT INTO outbox (topic, key, payload) SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])`,
      [
        messages.map((m) => m.topic),
        messages.map((m) => m.key),
        messages.map((m) => JSON.stringify(m.payload)),
      ],
    );
  }

  async unpublished(limit: number): Promise<OutboxRow[]> {
    return this.dataSource.query<OutboxRow[]>(
      // Only rows whose transaction is older than every running one: no lower sequence can still appear.
      `SELECT seq::text, (xid::text::numeric * 1000000000000 + seq)::text AS position, topic, key, payload FROM outbox
       WHERE NOT published AND xid < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY xid, seq LIMIT $1`,
      [limit],
    );
  }

  async markPublished(seqs: string[]): Promise<number> {
    if (seqs.length === 0) return 0;
    return returnedRows(
      await this.dataSource.query(
        `UPDATE outbox SET published = true WHERE seq = ANY($1::bigint[]) AND NOT published RETURNING seq`,
        [seqs],
      ),
    ).length;
  }
}
