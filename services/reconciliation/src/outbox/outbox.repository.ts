import { Injectable } from '@nestjs/common';
import { returnedRows } from '@po-sync/db';
import { DataSource, type QueryRunner } from 'typeorm';

export interface OutboxMessage {
  topic: string;
  key: string;
  payload: unknown;
}

export interface OutboxRow extends OutboxMessage {
  /** Commit order (see append): the order the relay publishes in and the position it remembers. */
  seq: string;
}

/**
 * One lock for every outbox writer. Transaction ids follow the first write, not the commit: an
 * evaluation that takes its id first, then waits for another's record locks, commits after it yet
 * sorts before it, so ordering by transaction id published a record's `resolved` before the
 * `open` it followed. Held from the append to the commit, this lock makes sequence order commit
 * order: no row can ever appear below one already visible.
 */
const APPEND_LOCK = `hashtextextended('po-sync:reconciliation:outbox-append', 0)`;

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Called inside the transaction that changed the state the messages describe. */
  async append(runner: QueryRunner, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await runner.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
    // One JSON document, in the messages' order (the sequence is insertion order): as elements of
    // a jsonb[] array, node-postgres escaped every payload's serialised text once more.
    await runner.query(
      `INSERT INTO outbox (topic, key, payload)
       SELECT t, k, p FROM ROWS FROM (json_to_recordset($1::json) AS (t text, k text, p jsonb)) WITH ORDINALITY AS u(t, k, p, n)
       ORDER BY n`,
      [JSON.stringify(messages.map((m) => ({ t: m.topic, k: m.key, p: m.payload })))],
    );
  }

  async unpublished(limit: number): Promise<OutboxRow[]> {
    return this.dataSource.query<OutboxRow[]>(
      // Qualified: a bare `seq` would name the text output column and sort "1517" before "947".
      `SELECT seq::text AS seq, topic, key, payload FROM outbox WHERE NOT published
       ORDER BY outbox.seq LIMIT $1`,
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
