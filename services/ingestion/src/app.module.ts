import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import type { IngestionConfig } from './ingestion.config';
import { ingestionMigrations } from './migrations';
import { ingestionEntities } from './source-events/source-events.entity';
import { SourceEventsModule } from './source-events/source-events.module';

export function startIngestion(config: IngestionConfig, logger: Logger): Promise<ServiceApp> {
  return startService({
    config,
    logger,
    entities: ingestionEntities,
    migrations: ingestionMigrations,
    features: [SourceEventsModule],
  });
}
