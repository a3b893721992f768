import { createInboxTable, dropInboxTable } from '@po-sync/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The inbox every consumer of this service dedupes its events against. */
export class JournalInbox1764430100000 implements MigrationInterface {
  name = 'JournalInbox1764430100000';

  async up(q: QueryRunner): Promise<void> {
    await createInboxTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropInboxTable(q);
  }
}
