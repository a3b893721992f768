import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets the full sweep skip the open discrepancies whose inputs did not change. `evaluated_input`
 * holds, for each record left with an open discrepancy, the rules version its last evaluation ran;
 * `input_change` notes every later write to something such a record's evaluation reads (the keys
 * below mirror EvaluationService.evaluate). Statement triggers note the writes, so nothing that
 * writes the state — the consumers, a repair by hand, a restore — can bypass them; the notes are
 * only taken for records in evaluated_input, so the hot path of records with no open discrepancy
 * writes nothing. Notes are append-only (no unique key): a writer never waits on an evaluation
 * or the other way round. An evaluation removes the notes its snapshot saw (see
 * EvaluationRepository.forgetSeenChanges).
 */
export class EvaluatedInput1764950000000 implements MigrationInterface {
  name = 'EvaluatedInput1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluated_input (
        record_kind    text NOT NULL,
        record_id      text NOT NULL,
        rules_version  text NOT NULL,
        PRIMARY KEY (record_kind, record_id)
      )`);
    await q.query(`
      CREATE TABLE input_change (
        record_kind  text NOT NULL,
        record_id    text NOT NULL,
        xid          xid8 NOT NULL DEFAULT pg_current_xact_id()
      )`);
    await q.query(`CREATE INDEX input_change_record ON input_change (record_kind, record_id)`);

    // Which records' evaluations read a written row, per table (`changed`: the rows written).
    const readers: Record<string, string> = {
      document: `SELECT 'document' AS kind, record_id AS id FROM changed`,
      actual: `SELECT 'actual' AS kind, actual_id AS id FROM changed
               UNION ALL SELECT 'document', source_document_id FROM changed WHERE source_document_id IS NOT NULL`,
      journal_line: `SELECT 'actual' AS kind, actual_id AS id FROM changed
               UNION ALL SELECT 'document', a.source_document_id FROM changed c JOIN actual a USING (actual_id)
                 WHERE a.source_document_id IS NOT NULL
               UNION ALL SELECT 'actual', t.transaction2_id FROM changed c
                 JOIN transaction_connection t ON t.transaction1_id = c.actual_id
               UNION ALL SELECT 'actual', t.transaction1_id FROM changed c
                 JOIN transaction_connection t ON t.transaction2_id = c.actual_id`,
      transaction_connection: `SELECT 'actual' AS kind, transaction1_id AS id FROM changed
               UNION ALL SELECT 'actual', transaction2_id FROM changed`,
    };
    for (const [table, keys] of Object.entries(readers)) {
      await q.query(`
        CREATE FUNCTION note_${table}_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM evaluated_input) THEN RETURN NULL; END IF;
          INSERT INTO input_change (record_kind, record_id)
          SELECT DISTINCT e.record_kind, e.record_id
          FROM (${keys}) k JOIN evaluated_input e ON e.record_kind = k.kind AND e.record_id = k.id;
          RETURN NULL;
        END $$`);
      for (const event of ['INSERT', 'UPDATE']) {
        await q.query(
          `CREATE TRIGGER note_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
           REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION note_${table}_change()`,
        );
      }
    }
    // An actual re-pointed to another document leaves the first one too.
    await q.query(`
      CREATE FUNCTION note_actual_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM evaluated_input) THEN RETURN NULL; END IF;
        INSERT INTO input_change (record_kind, record_id)
        SELECT DISTINCT e.record_kind, e.record_id
        FROM before_change b JOIN evaluated_input e ON e.record_kind = 'document' AND e.record_id = b.source_document_id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER note_actual_moved AFTER UPDATE ON actual
       REFERENCING OLD TABLE AS before_change FOR EACH STATEMENT EXECUTE FUNCTION note_actual_moved()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER note_actual_moved ON actual`);
    await q.query(`DROP FUNCTION note_actual_moved()`);
    for (const table of ['document', 'actual', 'journal_line', 'transaction_connection']) {
      for (const event of ['insert', 'update'])
        await q.query(`DROP TRIGGER note_${table}_${event} ON ${table}`);
      await q.query(`DROP FUNCTION note_${table}_change()`);
    }
    await q.query(`DROP TABLE input_change`);
    await q.query(`DROP TABLE evaluated_input`);
  }
}
