import { createInboxTable, dropInboxTable } from '@po-sync/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReconciliationSchema1764430200000 implements MigrationInterface {
  name = 'ReconciliationSchema1764430200000';

  async up(q: QueryRunner): Promise<void> {
    await createInboxTable(q);
    // Each side's state of every record, as the canonical events and journal.lines.v1 describe it.
    await q.query(`
      CREATE TABLE document (
        document_type  text        NOT NULL,
        record_id      text        NOT NULL,
        legal_entity   text        NOT NULL,
        project_id     text        NOT NULL,
        category       text        NOT NULL,
        amount         numeric     NOT NULL,
        currency       char(3)     NOT NULL,
        document_date  date        NOT NULL,
        status         text        NOT NULL,
        voucher        text,
        posted_at      timestamptz,
        deleted        boolean     NOT NULL DEFAULT false,
        occurred_at    timestamptz NOT NULL,
        PRIMARY KEY (document_type, record_id)
      )`);
    await q.query(`
      CREATE TABLE actual (
        actual_id             text        PRIMARY KEY,
        legal_entity          text        NOT NULL,
        project_id            text        NOT NULL,
        transaction_type      text        NOT NULL,
        amount                numeric     NOT NULL,
        currency              char(3)     NOT NULL,
        accounting_date       date        NOT NULL,
        source_document_type  text,
        source_document_id    text,
        skip_sync             boolean     NOT NULL,
        voucher               text,
        created_on            timestamptz NOT NULL,
        deleted               boolean     NOT NULL DEFAULT false,
        occurred_at           timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX actual_source_document ON actual (source_document_id) WHERE source_document_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE transaction_connection (
        connection_id      text        PRIMARY KEY,
        transaction1_id    text        NOT NULL,
        transaction1_role  text        NOT NULL,
        transaction1_type  text        NOT NULL,
        transaction2_id    text        NOT NULL,
        transaction2_role  text        NOT NULL,
        transaction2_type  text        NOT NULL,
        occurred_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX transaction_connection_1 ON transaction_connection (transaction1_id)`);
    await q.query(`CREATE INDEX transaction_connection_2 ON transaction_connection (transaction2_id)`);
    await q.query(`
      CREATE TABLE journal_line (
        actual_id        text        PRIMARY KEY,
        line_id          text        NOT NULL,
        journal_id       text        NOT NULL,
        status           text        NOT NULL,
        amount           numeric     NOT NULL,
        currency         char(3)     NOT NULL,
        voucher          text,
        posted_at        timestamptz,
        first_seen_at    timestamptz NOT NULL,
        last_retried_at  timestamptz,
        sequence         integer     NOT NULL
      )`);
    await q.query(`
      CREATE TABLE map_version (
        map_name   text        PRIMARY KEY,
        version    text        NOT NULL,
        state      text,
        seen_at    timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE discrepancy (
        discrepancy_id     text        PRIMARY KEY,
        type               text        NOT NULL,
        document_type      text        NOT NULL,
        record_id          text        NOT NULL,
        legal_entity       text        NOT NULL,
        project_id         text        NOT NULL,
        amount             numeric     NOT NULL,
        currency           char(3)     NOT NULL,
        causes             jsonb       NOT NULL,
        remedy             text        NOT NULL,
        status             text        NOT NULL,
        first_detected_at  timestamptz NOT NULL,
        detected_at        timestamptz NOT NULL,
        resolved_at        timestamptz
      )`);
    await q.query(
      `CREATE INDEX discrepancy_open ON discrepancy (document_type, record_id) WHERE status <> 'resolved'`,
    );
    // The timer store: when each record must be looked at again even if nothing arrives (grace ends).
    await q.query(`
      CREATE TABLE due_check (
        record_kind  text        NOT NULL,
        record_id    text        NOT NULL,
        due_at       timestamptz NOT NULL,
        PRIMARY KEY (record_kind, record_id)
      )`);
    await q.query(`CREATE INDEX due_check_due ON due_check (due_at)`);
    // Last published status per document, so an unchanged status is not published again.
    await q.query(`
      CREATE TABLE document_status (
        document_type  text        NOT NULL,
        record_id      text        NOT NULL,
        fingerprint    text        NOT NULL,
        version        integer     NOT NULL,
        PRIMARY KEY (document_type, record_id)
      )`);
    // The outbox: transitions are written with the state that caused them and published in order
    // by one relay, which resumes after the last sequence number it finds on the topic.
    await q.query(`
      CREATE TABLE outbox (
        seq         bigserial   PRIMARY KEY,
        topic       text        NOT NULL,
        key         text        NOT NULL,
        payload     jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        published   boolean     NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE NOT published`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox',
      'document_status',
      'due_check',
      'discrepancy',
      'map_version',
      'journal_line',
      'transaction_connection',
      'actual',
      'document',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await dropInboxTable(q);
  }
}
