import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import type { ResyncConfig } from './resync.config';
import { resyncMigrations } from './migrations';

export function startResync(config: ResyncConfig, logger: Logger): Promise<ServiceApp> {
  return startService({ config, logger, entities: [], migrations: resyncMigrations, features: [] });
}
