import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sweep facts of a set of documents (1765300000000-sweep-facts.ts), the documents found by
 * `from` and `where`. PL/pgSQL caches the plan of the statement that calls this, made while the
 * table is young and its statistics say it is tiny: `record_id = ANY(ids)` then became a
 * sequential scan testing every row against every id, 61 million comparisons for a batch of 2,500
 * documents over 25,000 (1.3 s; measured end to end with auto_explain). Joined to the ids, the
 * worst plan is a hash join.
 */
const documentFacts = (from: string, where = '') => `
  CREATE OR REPLACE FUNCTION document_facts(ids text[])
  RETURNS TABLE (document_type text, record_id text, n integer, total numeric, cur_min char(3), cur_max char(3),
                 newest timestamptz, published boolean)
  LANGUAGE sql STABLE AS $$
    SELECT d.document_type, d.record_id, coalesce(c.n, 0)::int, coalesce(c.total, 0), c.cur_min, c.cur_max, c.newest,
           EXISTS (SELECT 1 FROM document_status s WHERE s.document_type = d.document_type AND s.record_id = d.record_id)
    FROM ${from}
    LEFT JOIN LATERAL (
      SELECT count(*) AS n, sum(a.amount) AS total, min(a.currency) AS cur_min, max(a.currency) AS cur_max,
             max(a.created_on) AS newest
      FROM actual a
      WHERE a.source_document_id = d.record_id AND a.transaction_type = 'Cost' AND NOT a.deleted
        AND (a.source_document_type IS NULL OR a.source_document_type = d.document_type)
    ) c ON true
    ${where}
  $$`;

/**
 * The relay remembers one position instead of flagging every row it published. Appends commit in
 * sequence order (OutboxRepository.append), so "published" was always a prefix of the sequence:
 * the flag cost an update of every row (never HOT, the flag was in the partial index's predicate)
 * and an entry in that index. The payload is kept as the JSON text it was written as, because the
 * relay sends that text as it is: jsonb parsed it on the way in and printed it again on the way out.
 *
 * The tables whose rows are rewritten as a record moves on (document_status, due_check,
 * journal_line) are left room for in-place (HOT) updates: on a full page the new version goes
 * elsewhere and touches every index.
 *
 * And the sweep facts find their documents by joining the ids (documentFacts above).
 */
export class OutboxRelayPosition1765500000000 implements MigrationInterface {
  name = 'OutboxRelayPosition1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_relay_position (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq       bigint  NOT NULL
      )`);
    // Everything below the first unpublished row was published; with none, everything was.
    await q.query(`
      INSERT INTO outbox_relay_position (seq)
      SELECT coalesce((SELECT min(seq) - 1 FROM outbox WHERE NOT published), (SELECT max(seq) FROM outbox), 0)`);
    await q.query(`DROP INDEX outbox_unpublished`);
    await q.query(`ALTER TABLE outbox DROP COLUMN published`);
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE json USING payload::json`);
    for (const table of ['document_status', 'due_check', 'journal_line'])
      await q.query(`ALTER TABLE ${table} SET (fillfactor = 80)`);
    await q.query(
      documentFacts(`(SELECT DISTINCT unnest(ids)) AS k(id) JOIN document d ON d.record_id = k.id`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(documentFacts('document d', 'WHERE d.record_id = ANY(ids)'));
    for (const table of ['document_status', 'due_check', 'journal_line'])
      await q.query(`ALTER TABLE ${table} RESET (fillfactor)`);
    await q.query(`ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
    await q.query(`ALTER TABLE outbox ADD COLUMN published boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE outbox SET published = true WHERE seq <= (SELECT seq FROM outbox_relay_position)`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE NOT published`);
    await q.query(`DROP TABLE outbox_relay_position`);
  }
}
