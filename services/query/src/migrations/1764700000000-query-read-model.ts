import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workspace read model: one table per projected topic, a maintained aggregate for the summary,
 * and the per-record event timeline. Every table is a projection: dropping them and replaying the
 * topics from the start rebuilds the same answers.
 */
export class QueryReadModel1764700000000 implements MigrationInterface {
  name = 'QueryReadModel1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // Trigram indexes make `q` (a substring of an id, project, category, voucher…) an index scan
    // instead of a sequential one. The migration connects as the database owner (postgres), which
    // may create this trusted extension.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // recon.document-status.v1: one row per document, the highest version wins.
    await q.query(`
      CREATE TABLE document_row (
        document_type               text        NOT NULL,
        record_id                   text        NOT NULL,
        legal_entity                text        NOT NULL,
        project_id                  text,
        status                      text        NOT NULL,
        document_date               date,
        category                    text,
        amount                      numeric     NOT NULL,
        currency                    text        NOT NULL,
        voucher                     text,
        actual_exists               boolean     NOT NULL,
        journal_id                  text,
        journal_line_amount         numeric,
        journal_voucher             text,
        posted_date                 text,
        last_retried_at             timestamptz,
        missing_actual_amount       numeric     NOT NULL,
        missing_journal_line_amount numeric     NOT NULL,
        unreconciled_amount         numeric     NOT NULL,
        version                     integer     NOT NULL,
        updated_at                  timestamptz NOT NULL,
        search_text                 text GENERATED ALWAYS AS (lower(
          record_id || ' ' || coalesce(project_id, '') || ' ' || coalesce(category, '') || ' ' ||
          coalesce(voucher, '') || ' ' || coalesce(journal_id, '') || ' ' || coalesce(journal_voucher, '')
        )) STORED,
        PRIMARY KEY (document_type, record_id)
      )`);
    // The grids filter on type + legal entity + date window + status (the view).
    await q.query(
      `CREATE INDEX document_row_view ON document_row (document_type, legal_entity, document_date, status)`,
    );
    // The grids page by date (newest first) then id, per view, when no legal entity is given.
    await q.query(
      `CREATE INDEX document_row_page ON document_row (document_type, status, document_date DESC, record_id)`,
    );
    await q.query(`CREATE INDEX document_row_search ON document_row USING gin (search_text gin_trgm_ops)`);

    // The summary tiles, maintained in the projection transaction (see projection.repository.ts):
    // one row per legal entity × document date × type × currency × status, so a summary over any
    // window reads a few hundred rows instead of every document. Undated documents sit on
    // '-infinity', which no window excludes.
    await q.query(`
      CREATE TABLE document_summary (
        legal_entity                text    NOT NULL,
        document_date               date    NOT NULL,
        document_type               text    NOT NULL,
        currency                    text    NOT NULL,
        status                      text    NOT NULL,
        documents                   integer NOT NULL,
        amount                      numeric NOT NULL,
        missing_actual_amount       numeric NOT NULL,
        missing_journal_line_amount numeric NOT NULL,
        unreconciled_amount         numeric NOT NULL,
        PRIMARY KEY (legal_entity, document_date, document_type, currency, status)
      )`);
    await q.query(`CREATE INDEX document_summary_window ON document_summary (document_date)`);

    // recon.discrepancies.v1: the latest state of each discrepancy (by detectedAt).
    await q.query(`
      CREATE TABLE discrepancy (
        discrepancy_id    text        PRIMARY KEY,
        type              text        NOT NULL,
        status            text        NOT NULL,
        document_type     text        NOT NULL,
        record_id         text        NOT NULL,
        legal_entity      text        NOT NULL,
        project_id        text        NOT NULL,
        amount            numeric     NOT NULL,
        currency          text        NOT NULL,
        causes            jsonb       NOT NULL,
        remedy            text        NOT NULL,
        first_detected_at timestamptz NOT NULL,
        detected_at       timestamptz NOT NULL,
        resolved_at       timestamptz,
        search_text       text GENERATED ALWAYS AS (lower(
          discrepancy_id || ' ' || record_id || ' ' || project_id || ' ' || legal_entity
        )) STORED
      )`);
    await q.query(`CREATE INDEX discrepancy_filter ON discrepancy (type, status, legal_entity)`);
    await q.query(`CREATE INDEX discrepancy_record ON discrepancy (record_id, document_type)`);
    await q.query(`CREATE INDEX discrepancy_recent ON discrepancy (detected_at DESC, discrepancy_id DESC)`);
    await q.query(`CREATE INDEX discrepancy_search ON discrepancy USING gin (search_text gin_trgm_ops)`);
    // The out-of-sync list: open ones only, newest first.
    await q.query(
      `CREATE INDEX discrepancy_out_of_sync ON discrepancy (detected_at DESC, discrepancy_id DESC)
       WHERE type = 'OUT_OF_SYNC_ACTUAL' AND status <> 'resolved'`,
    );

    // ingestion.actuals.v1: the latest version of each actual, to link actuals (and their journal
    // lines) to documents and to date them; the discrepancy and line topics carry neither.
    await q.query(`
      CREATE TABLE actual (
        actual_id            text        PRIMARY KEY,
        legal_entity         text,
        project_id           text,
        transaction_type     text,
        transaction_class    text,
        amount               numeric,
        currency             text,
        document_date        date,
        accounting_date      date,
        source_document_type text,
        source_document_id   text,
        skip_sync            boolean,
        voucher              text,
        created_on           timestamptz,
        map_version          text,
        deleted              boolean     NOT NULL DEFAULT false,
        occurred_at          timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX actual_document ON actual (source_document_id) WHERE source_document_id IS NOT NULL`,
    );

    // journal.lines.v1: each line's latest state (highest sequence); journals are their lines grouped.
    await q.query(`
      CREATE TABLE journal_line (
        line_id             text        PRIMARY KEY,
        journal_id          text        NOT NULL,
        line_kind           text        NOT NULL,
        actual_id           text        NOT NULL,
        legal_entity        text        NOT NULL,
        project_id          text        NOT NULL,
        transaction_type    text        NOT NULL,
        transaction_class   text        NOT NULL,
        status              text        NOT NULL,
        amount              numeric     NOT NULL,
        currency            text        NOT NULL,
        accounting_amount   numeric,
        accounting_currency text,
        exchange_rate       numeric,
        voucher             text,
        posted_at           timestamptz,
        journal_status      text        NOT NULL,
        sequence            integer     NOT NULL,
        occurred_at         timestamptz NOT NULL,
        search_text         text GENERATED ALWAYS AS (lower(
          line_id || ' ' || journal_id || ' ' || actual_id || ' ' || project_id || ' ' || coalesce(voucher, '')
        )) STORED
      )`);
    await q.query(`CREATE INDEX journal_line_journal ON journal_line (journal_id)`);
    await q.query(`CREATE INDEX journal_line_actual ON journal_line (actual_id)`);
    await q.query(`CREATE INDEX journal_line_search ON journal_line USING gin (search_text gin_trgm_ops)`);
    // A journal's status as its most recent line event reported it.
    await q.query(`
      CREATE TABLE journal (
        journal_id    text        PRIMARY KEY,
        line_kind     text        NOT NULL,
        legal_entity  text        NOT NULL,
        status        text        NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    // Pending postings first (status <> 'Posted' sorts before), then by id.
    await q.query(`CREATE INDEX journal_pending_first ON journal ((status = 'Posted'), journal_id)`);

    // journal.logs.v1: every entry, kept for good.
    await q.query(`
      CREATE TABLE journal_log (
        entry_id              text        PRIMARY KEY,
        log                   text        NOT NULL,
        run_id                text        NOT NULL,
        actual_id             text        NOT NULL,
        legal_entity          text,
        code                  text        NOT NULL,
        message               text        NOT NULL,
        retry_count           integer     NOT NULL,
        last_retried_at       timestamptz,
        resolved_by_later_run boolean     NOT NULL,
        occurred_at           timestamptz NOT NULL,
        search_text           text GENERATED ALWAYS AS (lower(
          actual_id || ' ' || code || ' ' || coalesce(legal_entity, '') || ' ' || message
        )) STORED
      )`);
    await q.query(`CREATE INDEX journal_log_recent ON journal_log (log, occurred_at DESC, entry_id DESC)`);
    await q.query(`CREATE INDEX journal_log_actual ON journal_log (actual_id)`);
    await q.query(`CREATE INDEX journal_log_search ON journal_log USING gin (search_text gin_trgm_ops)`);

    // ingestion.dead-letter.v1: one row per original message and service (a re-published one replaces).
    await q.query(`
      CREATE TABLE dead_letter (
        service        text        NOT NULL,
        source_topic   text        NOT NULL,
        partition      integer     NOT NULL,
        source_offset  text        NOT NULL,
        event_id       uuid        NOT NULL,
        message_key    text,
        message_value  text,
        headers        jsonb       NOT NULL,
        reason         text        NOT NULL,
        issues         jsonb       NOT NULL,
        received_at    timestamptz NOT NULL,
        PRIMARY KEY (service, source_topic, partition, source_offset)
      )`);
    await q.query(`CREATE INDEX dead_letter_recent ON dead_letter (received_at DESC, event_id DESC)`);

    // Dual-write maps: the versions seen on the canonical events, and each map's reported state.
    await q.query(`
      CREATE TABLE map_version_seen (
        map_name      text        NOT NULL,
        version       text        NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at  timestamptz NOT NULL,
        events        bigint      NOT NULL,
        PRIMARY KEY (map_name, version)
      )`);
    await q.query(`
      CREATE TABLE dual_write_map (
        map_name    text        PRIMARY KEY,
        version     text        NOT NULL,
        state       text        NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);

    // The document sync view's timeline: every event seen about a record. An event about several
    // records (a transaction connection links two actuals) has one row per record.
    await q.query(`
      CREATE TABLE timeline_event (
        event_id      uuid        NOT NULL,
        subject_type  text        NOT NULL,
        subject_id    text        NOT NULL,
        topic         text        NOT NULL,
        occurred_at   timestamptz NOT NULL,
        payload       jsonb       NOT NULL,
        PRIMARY KEY (event_id, subject_type, subject_id)
      )`);
    await q.query(`CREATE INDEX timeline_subject ON timeline_event (subject_type, subject_id, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'timeline_event',
      'dual_write_map',
      'map_version_seen',
      'dead_letter',
      'journal_log',
      'journal',
      'journal_line',
      'actual',
      'discrepancy',
      'document_summary',
      'document_row',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
