import { Injectable } from '@nestjs/common';
import { returnedRows } from '@po-sync/db';
import { DataSource, type QueryRunner } from 'typeorm';

export interface OutboxMessage {
  topic: string;
  key: string;
  payload: unknown;
}

export interface OutboxRow {
  /** Commit order (see append): the order the relay publishes in and the position it remembers. */
  seq: string;
  topic: string;
  key: string;
  /** The payload's JSON text as it was written: the relay sends it as it is. */
  payload: string;
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
       SELECT t, k, p FROM ROWS FROM (json_to_recordset($1::json) AS (t text, k text, p json)) WITH ORDINALITY AS u(t, k, p, n)
       ORDER BY n`,
      [JSON.stringify(messages.map((m) => ({ t: m.topic, k: m.key, p: m.payload })))],
    );
  }

  /** The rows after the relay's position, in sequence order. */
  async unpublished(limit: number): Promise<OutboxRow[]> {
    return this.dataSource.query<OutboxRow[]>(
      // Qualified: a bare `seq` would name the text output column and sort "1517" before "947".
      `SELECT seq::text AS seq, topic, key, payload::text AS payload FROM outbox
       WHERE outbox.seq > (SELECT seq FROM outbox_relay_position)
       ORDER BY outbox.seq LIMIT $1`,
      [limit],
    );
  }

  /**
   * Every row up to `seq` is on the broker. Sequence order is commit order, so no row at or below
   * the position can still appear; the position never moves back.
   */
  async markPublishedUpTo(seq: string): Promise<boolean> {
    return (
      returnedRows(
        await this.dataSource.query(
          `UPDATE outbox_relay_position SET seq = $1 WHERE seq < $1 RETURNING seq`,
          [seq],
        ),
      ).length > 0
    );
  }
}
