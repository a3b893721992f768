import { createInboxTable, dropInboxTable } from '@po-sync/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IngestionSchema1764430000000 implements MigrationInterface {
  name = 'IngestionSchema1764430000000';

  async up(q: QueryRunner): Promise<void> {
    // Every byte received, valid or not, keyed by its Kafka coordinates so a redelivery adds nothing.
    await q.query(`
      CREATE TABLE raw_event (
        topic        text        NOT NULL,
        partition    integer     NOT NULL,
        "offset"     bigint      NOT NULL,
        key          bytea,
        value        bytea,
        headers      jsonb       NOT NULL DEFAULT '{}',
        event_id     uuid,
        valid        boolean     NOT NULL,
        received_at  timestamptz NOT NULL,
        PRIMARY KEY (topic, partition, "offset")
      )`);
    await q.query(`CREATE INDEX raw_event_event_id ON raw_event (event_id) WHERE event_id IS NOT NULL`);
    // The dedupe ledger: an eventId seen once is never applied or published again.
    await createInboxTable(q);
    await q.query(`
      CREATE TABLE canonical_record (
        entity         text        NOT NULL,
        record_id      text        NOT NULL,
        operation      text        NOT NULL,
        occurred_at    timestamptz NOT NULL,
        map_version    text        NOT NULL,
        last_event_id  uuid        NOT NULL,
        data           jsonb       NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entity, record_id)
      )`);
    await q.query(`
      CREATE TABLE dual_write_map_version (
        map_name       text        NOT NULL,
        version        text        NOT NULL,
        state          text,
        state_at       timestamptz,
        first_seen_at  timestamptz NOT NULL DEFAULT now(),
        last_seen_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (map_name, version)
      )`);
    await q.query(`
      CREATE TABLE map_carried_record (
        map_name   text NOT NULL,
        version    text NOT NULL,
        entity     text NOT NULL,
        record_id  text NOT NULL,
        PRIMARY KEY (map_name, version, entity, record_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE map_carried_record`);
    await q.query(`DROP TABLE dual_write_map_version`);
    await q.query(`DROP TABLE canonical_record`);
    await dropInboxTable(q);
    await q.query(`DROP TABLE raw_event`);
  }
}
