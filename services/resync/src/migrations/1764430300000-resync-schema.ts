import { createInboxTable, dropInboxTable } from '@po-sync/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResyncSchema1764430300000 implements MigrationInterface {
  name = 'ResyncSchema1764430300000';

  async up(q: QueryRunner): Promise<void> {
    await createInboxTable(q);
    // The stored actuals and connections a resync re-sends (the latest canonical version of each).
    await q.query(`
      CREATE TABLE stored_actual (
        actual_id           text        PRIMARY KEY,
        legal_entity        text        NOT NULL,
        accounting_date     date        NOT NULL,
        source_document_id  text,
        data                jsonb       NOT NULL,
        occurred_at         timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX stored_actual_document ON stored_actual (source_document_id) WHERE source_document_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX stored_actual_window ON stored_actual (legal_entity, accounting_date)`);
    await q.query(`
      CREATE TABLE stored_connection (
        connection_id    text        PRIMARY KEY,
        transaction1_id  text        NOT NULL,
        transaction2_id  text        NOT NULL,
        data             jsonb       NOT NULL,
        occurred_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX stored_connection_1 ON stored_connection (transaction1_id)`);
    await q.query(`CREATE INDEX stored_connection_2 ON stored_connection (transaction2_id)`);
    // Each actual's journal line status: a line pending posting is not resynced (the workspace's advice).
    await q.query(`
      CREATE TABLE line_status (
        actual_id   text    PRIMARY KEY,
        line_id     text    NOT NULL,
        journal_id  text    NOT NULL,
        status      text    NOT NULL,
        sequence    integer NOT NULL
      )`);
    // The discrepancies as last published, to select out-of-sync actuals.
    await q.query(`
      CREATE TABLE known_discrepancy (
        discrepancy_id  text        PRIMARY KEY,
        type            text        NOT NULL,
        document_type   text        NOT NULL,
        record_id       text        NOT NULL,
        legal_entity    text        NOT NULL,
        status          text        NOT NULL,
        detected_at     timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX known_discrepancy_open ON known_discrepancy (type, legal_entity) WHERE status <> 'resolved'`,
    );
    await q.query(`
      CREATE TABLE resync_job (
        job_id        uuid        PRIMARY KEY,
        scope         text        NOT NULL,
        params        jsonb       NOT NULL,
        dry_run       boolean     NOT NULL,
        status        text        NOT NULL,
        requested_by  text        NOT NULL,
        selected      integer     NOT NULL DEFAULT 0,
        skipped       integer     NOT NULL DEFAULT 0,
        sent          integer     NOT NULL DEFAULT 0,
        error         text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        started_at    timestamptz,
        finished_at   timestamptz
      )`);
    await q.query(`CREATE INDEX resync_job_recent ON resync_job (created_at DESC)`);
    await q.query(`
      CREATE TABLE resync_job_item (
        job_id     uuid NOT NULL REFERENCES resync_job (job_id),
        record_id  text NOT NULL,
        outcome    text NOT NULL,
        reason     text,
        PRIMARY KEY (job_id, record_id)
      )`);
    await q.query(
      `CREATE INDEX resync_job_item_pending ON resync_job_item (job_id) WHERE outcome = 'pending'`,
    );
    // Every operator action: who, when, what, how many, outcome. Kept for good.
    await q.query(`
      CREATE TABLE audit_log (
        id            bigserial   PRIMARY KEY,
        actor         text        NOT NULL,
        role          text        NOT NULL,
        action        text        NOT NULL,
        target        text,
        record_count  integer     NOT NULL DEFAULT 0,
        outcome       text        NOT NULL,
        details       jsonb       NOT NULL DEFAULT '{}',
        at            timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'resync_job_item',
      'resync_job',
      'known_discrepancy',
      'line_status',
      'stored_connection',
      'stored_actual',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await dropInboxTable(q);
  }
}
