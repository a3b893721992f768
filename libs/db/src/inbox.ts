import type { QueryRunner } from 'typeorm';

/**
 * The inbox: ids of the events a service has already applied. Claiming ids in the same transaction
 * as the writes they cause makes redelivered events harmless (STYLE.md rule 4).
 */
export const INBOX_TABLE_DDL = `
  CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
  )`;

export async function createInboxTable(q: QueryRunner): Promise<void> {
  await q.query(INBOX_TABLE_DDL);
}

export async function dropInboxTable(q: QueryRunner): Promise<void> {
  await q.query('DROP TABLE processed_event');
}

/** Records the event ids and returns those never seen before. */
export async function claimNewEventIds(
  runner: Pick<QueryRunner, 'query'>,
  eventIds: string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = (await runner.query(
    `INSERT INTO processed_event (event_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
    [eventIds],
  )) as { event_id: string }[];
  return new Set(rows.map((r) => r.event_id));
}
