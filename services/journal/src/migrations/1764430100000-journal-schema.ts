import { createInboxTable, dropInboxTable } from '@po-sync/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JournalSchema1764430100000 implements MigrationInterface {
  name = 'JournalSchema1764430100000';

  async up(q: QueryRunner): Promise<void> {
    await createInboxTable(q);
    // Finance's staging table: every actual synced from Dataverse, and where its import stands.
    await q.query(`
      CREATE TABLE staged_actual (
        actual_id          text        PRIMARY KEY,
        legal_entity       text        NOT NULL,
        project_id         text        NOT NULL,
        transaction_type   text        NOT NULL,
        transaction_class  text        NOT NULL,
        quantity           numeric     NOT NULL,
        unit_price         numeric     NOT NULL,
        amount             numeric     NOT NULL,
        currency           char(3)     NOT NULL,
        document_date      date        NOT NULL,
        accounting_date    date        NOT NULL,
        skip_sync          boolean     NOT NULL,
        source_occurred_at timestamptz NOT NULL,
        import_status      text        NOT NULL,
        retry_count        integer     NOT NULL DEFAULT 0,
        next_retry_at      timestamptz,
        last_retried_at    timestamptz,
        last_error_code    text,
        staged_at          timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staged_actual_due ON staged_actual (import_status, next_retry_at)`);
    await q.query(`
      CREATE TABLE transaction_connection (
        connection_id      text        PRIMARY KEY,
        transaction1_id    text        NOT NULL,
        transaction1_role  text        NOT NULL,
        transaction1_type  text        NOT NULL,
        transaction2_id    text        NOT NULL,
        transaction2_role  text        NOT NULL,
        transaction2_type  text        NOT NULL,
        source_occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX transaction_connection_t1 ON transaction_connection (transaction1_id)`);
    await q.query(`CREATE INDEX transaction_connection_t2 ON transaction_connection (transaction2_id)`);
    // Setup data (legal entities, projects, ledger periods, exchange rates), by kind and natural key.
    await q.query(`
      CREATE TABLE setup_record (
        kind               text        NOT NULL,
        record_id          text        NOT NULL,
        data               jsonb       NOT NULL,
        deleted            boolean     NOT NULL DEFAULT false,
        source_occurred_at timestamptz NOT NULL,
        PRIMARY KEY (kind, record_id)
      )`);
    await q.query(`
      CREATE TABLE journal (
        journal_id    text        PRIMARY KEY,
        kind          text        NOT NULL,
        legal_entity  text        NOT NULL,
        period_key    text        NOT NULL,
        status        text        NOT NULL,
        line_count    integer     NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        posted_at     timestamptz
      )`);
    await q.query(`CREATE INDEX journal_open ON journal (status, legal_entity, period_key)`);
    // One line per actual, ever: the unique actual_id is what makes import commands idempotent.
    await q.query(`
      CREATE TABLE journal_line (
        line_id             text        PRIMARY KEY,
        journal_id          text        NOT NULL REFERENCES journal (journal_id),
        actual_id           text        NOT NULL UNIQUE,
        line_kind           text        NOT NULL,
        legal_entity        text        NOT NULL,
        project_id          text        NOT NULL,
        transaction_type    text        NOT NULL,
        transaction_class   text        NOT NULL,
        amount              numeric     NOT NULL,
        currency            char(3)     NOT NULL,
        accounting_date     date        NOT NULL,
        status              text        NOT NULL,
        accounting_amount   numeric,
        accounting_currency char(3),
        exchange_rate       numeric,
        voucher             text        UNIQUE,
        posted_at           timestamptz,
        retry_count         integer     NOT NULL DEFAULT 0,
        next_retry_at       timestamptz,
        last_retried_at     timestamptz,
        last_error_code     text,
        sequence            integer     NOT NULL DEFAULT 0,
        created_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX journal_line_journal ON journal_line (journal_id, status)`);
    await q.query(`
      CREATE TABLE voucher_sequence (
        legal_entity text   PRIMARY KEY,
        last_value   bigint NOT NULL
      )`);
    // The troubleshooting logs keep every entry: nothing is truncated or expired.
    await q.query(`
      CREATE TABLE troubleshooting_log (
        entry_id              uuid        PRIMARY KEY,
        log                   text        NOT NULL,
        run_id                uuid        NOT NULL,
        actual_id             text        NOT NULL,
        legal_entity          text,
        code                  text        NOT NULL,
        message               text        NOT NULL,
        retry_count           integer     NOT NULL,
        last_retried_at       timestamptz,
        resolved_by_later_run boolean     NOT NULL DEFAULT false,
        occurred_at           timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX troubleshooting_log_actual ON troubleshooting_log (actual_id)`);
    await q.query(`CREATE INDEX troubleshooting_log_recent ON troubleshooting_log (log, occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'troubleshooting_log',
      'voucher_sequence',
      'journal_line',
      'journal',
      'setup_record',
      'transaction_connection',
      'staged_actual',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await dropInboxTable(q);
  }
}
