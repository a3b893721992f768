import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps, on each document and each actual, the facts about its related rows that the full sweep
 * asks about, so the sweep reads one table per question instead of joining two million-row tables
 * (timers/sweep-candidates.ts):
 * - document: its live cost actuals (those referencing it as the rules count them: Cost, not
 *   deleted, of its own source document type or none) — how many, their sum, their lowest and
 *   highest currency, the newest creation — and whether a status was ever published for it;
 * - actual: when its journal line was first seen (none: no line) and whether it is posted with a
 *   voucher. Only those two: a line's moves between unposted statuses (Draft, Processing, Error…)
 *   change no fact, so they do not rewrite the actual.
 * Triggers keep them, in the transaction of the write, whoever writes (the consumers, a repair by
 * hand, a restore): they cannot drift from the rows they summarise. Each recomputes from the rows
 * rather than adding deltas, so a fact is right after any write.
 *
 * A document and an actual referencing it (or an actual and its line) may be written at the same
 * moment by two transactions that cannot see each other's rows, each computing the facts without
 * the other's. So every trigger that reads the other side first takes one transaction-scoped
 * advisory lock (lock_sweep_facts), held to commit: the later writer waits, and its next statement
 * sees the earlier one's rows. One lock, not one per record: a batch writes thousands of records
 * and PostgreSQL's lock table holds a few thousand locks in all. It serialises the writers of
 * document, actual and journal_line across instances, which the outbox's append lock (held to
 * commit by the same transactions) does already; it is the first lock such a transaction takes,
 * before any record or outbox lock, so it adds no cycle.
 */
/**
 * PLANNED_EACH_CALL: a statement joining a trigger's two transition tables runs through EXECUTE, so
 * it is planned with their real sizes. PL/pgSQL would otherwise keep the plan of an early call (a
 * row or two each side: a nested loop) and compare every old row with every new one of a batch of
 * thousands (≈0.1 s per 1,000 rows, measured).
 */

/** A line posted with its voucher (what counts as the actual's voucher: the write-back is on its way); no line, null. */
const LINE_POSTED = (l: string) =>
  `CASE WHEN ${l}.actual_id IS NULL THEN NULL ELSE coalesce(${l}.status = 'Posted' AND ${l}.voucher <> '', false) END`;

/** The columns of document and actual an evaluation reads (EvaluationRepository), facts aside. */
const DOCUMENT_READ = [
  'legal_entity',
  'project_id',
  'category',
  'amount',
  'currency',
  'document_date',
  'status',
  'voucher',
  'posted_at',
  'deleted',
  'occurred_at',
];
const ACTUAL_READ = [
  'legal_entity',
  'project_id',
  'transaction_type',
  'amount',
  'currency',
  'accounting_date',
  'source_document_type',
  'source_document_id',
  'skip_sync',
  'voucher',
  'created_on',
  'deleted',
  'occurred_at',
];

/**
 * An AFTER … FOR EACH STATEMENT trigger and its PL/pgSQL function, both named `name`; `body` is the
 * function's, up to its final END.
 */
async function statementTrigger(
  q: QueryRunner,
  name: string,
  when: string,
  referencing: string,
  body: string,
): Promise<void> {
  await q.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ ${body} END $$`);
  await q.query(
    `CREATE TRIGGER ${name} ${when} REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
  );
}

export class SweepFacts1765300000000 implements MigrationInterface {
  name = 'SweepFacts1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE document
        ADD COLUMN cost_actuals        integer NOT NULL DEFAULT 0,
        ADD COLUMN cost_total          numeric NOT NULL DEFAULT 0,
        ADD COLUMN cost_currency_min   char(3),
        ADD COLUMN cost_currency_max   char(3),
        ADD COLUMN cost_newest         timestamptz,
        ADD COLUMN status_published    boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE actual
        ADD COLUMN line_first_seen_at  timestamptz,
        ADD COLUMN line_posted         boolean`);

    // The facts of a set of documents: their live cost actuals as evaluateDocument counts them, and
    // whether a status was published.
    await q.query(`
      CREATE FUNCTION document_facts(ids text[])
      RETURNS TABLE (document_type text, record_id text, n integer, total numeric, cur_min char(3), cur_max char(3),
                     newest timestamptz, published boolean)
      LANGUAGE sql STABLE AS $$
        SELECT d.document_type, d.record_id, coalesce(c.n, 0)::int, coalesce(c.total, 0), c.cur_min, c.cur_max, c.newest,
               EXISTS (SELECT 1 FROM document_status s WHERE s.document_type = d.document_type AND s.record_id = d.record_id)
        FROM document d
        LEFT JOIN LATERAL (
          SELECT count(*) AS n, sum(a.amount) AS total, min(a.currency) AS cur_min, max(a.currency) AS cur_max,
                 max(a.created_on) AS newest
          FROM actual a
          WHERE a.source_document_id = d.record_id AND a.transaction_type = 'Cost' AND NOT a.deleted
            AND (a.source_document_type IS NULL OR a.source_document_type = d.document_type)
        ) c ON true
        WHERE d.record_id = ANY(ids)
      $$`);
    await q.query(`
      CREATE FUNCTION lock_sweep_facts() RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(hashtextextended('po-sync:sweep-facts', 0))
      $$`);
    // Rewrites only the rows whose facts differ: a new document with nothing referencing it yet, the
    // usual case, is not written twice. Published only ever turns true here: a status published
    // meanwhile by a transaction without the facts lock (see below) is kept, not undone by a
    // snapshot that did not see it.
    await q.query(`
      CREATE FUNCTION refresh_document_facts(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(array_length(ids, 1), 0) = 0 THEN RETURN; END IF;
        PERFORM lock_sweep_facts();
        UPDATE document d
        SET cost_actuals = f.n, cost_total = f.total, cost_currency_min = f.cur_min, cost_currency_max = f.cur_max,
            cost_newest = f.newest, status_published = d.status_published OR f.published
        FROM document_facts(ids) f
        WHERE d.document_type = f.document_type AND d.record_id = f.record_id
          AND (d.cost_actuals, d.cost_total, d.cost_currency_min, d.cost_currency_max, d.cost_newest, d.status_published)
              IS DISTINCT FROM (f.n, f.total, f.cur_min, f.cur_max, f.newest, d.status_published OR f.published);
      END $$`);
    await q.query(`
      CREATE FUNCTION refresh_actual_line_facts(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(array_length(ids, 1), 0) = 0 THEN RETURN; END IF;
        PERFORM lock_sweep_facts();
        UPDATE actual a
        SET line_first_seen_at = l.first_seen_at, line_posted = ${LINE_POSTED('l')}
        FROM unnest(ids) AS k(id) LEFT JOIN journal_line l ON l.actual_id = k.id
        WHERE a.actual_id = k.id
          AND (a.line_first_seen_at, a.line_posted) IS DISTINCT FROM (l.first_seen_at, ${LINE_POSTED('l')});
      END $$`);

    // Documents inserted: their facts. Set-based, once per statement.
    await statementTrigger(
      q,
      'document_inserted_facts',
      'AFTER INSERT ON document',
      'NEW TABLE AS changed',
      `
      BEGIN
        PERFORM refresh_document_facts(ARRAY(SELECT DISTINCT record_id FROM changed));
        RETURN NULL;
`,
    );

    // Actuals inserted: the facts of the documents they reference, and their own line facts.
    await statementTrigger(
      q,
      'actual_inserted_facts',
      'AFTER INSERT ON actual',
      'NEW TABLE AS changed',
      `
      BEGIN
        PERFORM refresh_document_facts(ARRAY(
          SELECT DISTINCT source_document_id FROM changed
          WHERE source_document_id IS NOT NULL AND transaction_type = 'Cost'));
        PERFORM refresh_actual_line_facts(ARRAY(
          SELECT c.actual_id FROM changed c WHERE EXISTS (SELECT 1 FROM journal_line l WHERE l.actual_id = c.actual_id)));
        RETURN NULL;
`,
    );
    // Actuals updated: the documents before and after, where something the facts read differs (a
    // write of line facts alone is not).
    await statementTrigger(
      q,
      'actual_updated_facts',
      'AFTER UPDATE ON actual',
      'OLD TABLE AS before_change NEW TABLE AS changed',
      `
      DECLARE ids text[];
      BEGIN
        -- EXECUTE: see PLANNED_EACH_CALL.
        EXECUTE $q$
          SELECT ARRAY(
            SELECT DISTINCT x.id FROM before_change b JOIN changed n USING (actual_id),
              LATERAL (VALUES (b.source_document_id), (n.source_document_id)) AS x(id)
            WHERE x.id IS NOT NULL
              AND (b.transaction_type = 'Cost' OR n.transaction_type = 'Cost')
              AND (b.source_document_id, b.source_document_type, b.transaction_type, b.amount, b.currency,
                   b.deleted, b.created_on)
                  IS DISTINCT FROM (n.source_document_id, n.source_document_type, n.transaction_type, n.amount,
                   n.currency, n.deleted, n.created_on))
        $q$ INTO ids;
        PERFORM refresh_document_facts(ids);
        RETURN NULL;
`,
    );
    await statementTrigger(
      q,
      'actual_deleted_facts',
      'AFTER DELETE ON actual',
      'OLD TABLE AS before_change',
      `
      BEGIN
        PERFORM refresh_document_facts(ARRAY(
          SELECT DISTINCT source_document_id FROM before_change
          WHERE source_document_id IS NOT NULL AND transaction_type = 'Cost'));
        RETURN NULL;
`,
    );

    // A key changed by hand (the services never do): the same functions, for the row's new key
    // (an actual's documents too: the update trigger pairs old and new rows by actual_id).
    await q.query(`
      CREATE FUNCTION document_key_changed_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM lock_sweep_facts();
        UPDATE document d
        SET cost_actuals = f.n, cost_total = f.total, cost_currency_min = f.cur_min, cost_currency_max = f.cur_max,
            cost_newest = f.newest, status_published = f.published
        FROM document_facts(ARRAY[NEW.record_id]) f
        WHERE f.document_type = NEW.document_type AND d.document_type = NEW.document_type AND d.record_id = NEW.record_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER document_key_changed_facts AFTER UPDATE OF document_type, record_id ON document
      FOR EACH ROW EXECUTE FUNCTION document_key_changed_facts()`);
    await q.query(`
      CREATE FUNCTION actual_key_changed_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_actual_line_facts(ARRAY[NEW.actual_id]);
        PERFORM refresh_document_facts(ARRAY[OLD.source_document_id, NEW.source_document_id]);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER actual_key_changed_facts AFTER UPDATE OF actual_id ON actual
      FOR EACH ROW EXECUTE FUNCTION actual_key_changed_facts()`);

    // Journal lines written: copy each line's facts to its actual; a deleted line leaves none.
    for (const [event, table] of [
      ['insert', 'NEW TABLE AS changed'],
      ['update', 'NEW TABLE AS changed'],
      ['delete', 'OLD TABLE AS changed'],
    ] as const) {
      await statementTrigger(
        q,
        `journal_line_${event}_facts`,
        `AFTER ${event} ON journal_line`,
        table,
        `
        BEGIN
          PERFORM refresh_actual_line_facts(ARRAY(SELECT DISTINCT actual_id FROM changed));
          RETURN NULL;`,
      );
    }

    // Published statuses: a document is published once a status row exists for it. No facts lock
    // here (the evaluation writes statuses, in a timer's transaction too, holding record locks); a
    // document's first status is written after its row was seen committed: no race to guard.
    for (const [event, table, value] of [
      ['insert', 'NEW TABLE AS changed', 'true'],
      ['delete', 'OLD TABLE AS changed', 'false'],
    ] as const) {
      await statementTrigger(
        q,
        `document_status_${event}_facts`,
        `AFTER ${event} ON document_status`,
        table,
        `
        BEGIN
          UPDATE document d SET status_published = ${value}
          FROM changed c
          WHERE d.document_type = c.document_type AND d.record_id = c.record_id AND d.status_published <> ${value};
          RETURN NULL;`,
      );
    }

    // The notes for the sweep's open records (EvaluatedInput1764950000000) come from writes to what
    // an evaluation reads; a write of facts alone is none (the write that changed the facts notes
    // the records itself), so updates of document and actual note only rows whose other columns
    // changed. These replace the update triggers of that migration.
    await q.query(`DROP TRIGGER note_document_update ON document`);
    await q.query(`DROP TRIGGER note_actual_update ON actual`);
    await q.query(`DROP TRIGGER note_actual_moved ON actual`);
    await statementTrigger(
      q,
      'note_document_update',
      'AFTER UPDATE ON document',
      'OLD TABLE AS before_change NEW TABLE AS changed',
      `
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM evaluated_input) THEN RETURN NULL; END IF;
        EXECUTE $q$
          INSERT INTO input_change (record_kind, record_id)
          SELECT DISTINCT e.record_kind, e.record_id
          FROM changed n JOIN before_change b USING (document_type, record_id)
          JOIN evaluated_input e ON e.record_kind = 'document' AND e.record_id = n.record_id
          WHERE (${DOCUMENT_READ.map((c) => `b.${c}`).join(', ')}) IS DISTINCT FROM (${DOCUMENT_READ.map((c) => `n.${c}`).join(', ')})
        $q$;
        RETURN NULL;
`,
    );
    // An actual re-pointed to another document leaves the first one too.
    await statementTrigger(
      q,
      'note_actual_update',
      'AFTER UPDATE ON actual',
      'OLD TABLE AS before_change NEW TABLE AS changed',
      `
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM evaluated_input) THEN RETURN NULL; END IF;
        EXECUTE $q$
          INSERT INTO input_change (record_kind, record_id)
          SELECT DISTINCT e.record_kind, e.record_id
          FROM changed n JOIN before_change b USING (actual_id),
            LATERAL (VALUES ('actual', n.actual_id), ('document', n.source_document_id), ('document', b.source_document_id)) AS k(kind, id)
          JOIN evaluated_input e ON e.record_kind = k.kind AND e.record_id = k.id
          WHERE (${ACTUAL_READ.map((c) => `b.${c}`).join(', ')}) IS DISTINCT FROM (${ACTUAL_READ.map((c) => `n.${c}`).join(', ')})
        $q$;
        RETURN NULL;
`,
    );

    // What is already stored.
    await q.query(`SELECT refresh_document_facts(ARRAY(SELECT record_id FROM document))`);
    await q.query(`SELECT refresh_actual_line_facts(ARRAY(SELECT actual_id FROM journal_line))`);

    // The sweep's sales question reads the sales actuals only.
    await q.query(`
      CREATE INDEX actual_sales ON actual (actual_id)
      WHERE transaction_type IN ('BilledSales', 'UnbilledSales') AND NOT deleted AND NOT skip_sync`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER note_actual_update ON actual`);
    await q.query(`DROP FUNCTION note_actual_update()`);
    await q.query(`DROP TRIGGER note_document_update ON document`);
    await q.query(`DROP FUNCTION note_document_update()`);
    await q.query(`
      CREATE TRIGGER note_document_update AFTER UPDATE ON document
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION note_document_change()`);
    await q.query(`
      CREATE TRIGGER note_actual_update AFTER UPDATE ON actual
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION note_actual_change()`);
    await q.query(`
      CREATE TRIGGER note_actual_moved AFTER UPDATE ON actual
      REFERENCING OLD TABLE AS before_change FOR EACH STATEMENT EXECUTE FUNCTION note_actual_moved()`);
    await q.query(`DROP INDEX actual_sales`);
    const triggers: [string, string][] = [
      ['document_status_insert_facts', 'document_status'],
      ['document_status_delete_facts', 'document_status'],
      ['journal_line_insert_facts', 'journal_line'],
      ['journal_line_update_facts', 'journal_line'],
      ['journal_line_delete_facts', 'journal_line'],
      ['actual_key_changed_facts', 'actual'],
      ['document_key_changed_facts', 'document'],
      ['actual_deleted_facts', 'actual'],
      ['actual_updated_facts', 'actual'],
      ['actual_inserted_facts', 'actual'],
      ['document_inserted_facts', 'document'],
    ];
    for (const [name, table] of triggers) {
      await q.query(`DROP TRIGGER ${name} ON ${table}`);
      await q.query(`DROP FUNCTION ${name}()`);
    }
    await q.query(`DROP FUNCTION refresh_actual_line_facts(text[])`);
    await q.query(`DROP FUNCTION refresh_document_facts(text[])`);
    await q.query(`DROP FUNCTION lock_sweep_facts()`);
    await q.query(`DROP FUNCTION document_facts(text[])`);
    await q.query(`
      ALTER TABLE actual DROP COLUMN line_first_seen_at, DROP COLUMN line_posted`);
    await q.query(`
      ALTER TABLE document DROP COLUMN cost_actuals, DROP COLUMN cost_total, DROP COLUMN cost_currency_min,
        DROP COLUMN cost_currency_max, DROP COLUMN cost_newest, DROP COLUMN status_published`);
  }
}
