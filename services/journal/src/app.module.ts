import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import { JournalModule } from './journal.module';
import type { JournalConfig } from './journal.config';
import { journalMigrations } from './migrations';

export function startJournal(config: JournalConfig, logger: Logger): Promise<ServiceApp> {
  return startService({
    config,
    logger,
    entities: [],
    migrations: journalMigrations,
    features: [JournalModule],
  });
}
