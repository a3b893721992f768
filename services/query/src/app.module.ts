import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import type { QueryConfig } from './query.config';
import { queryMigrations } from './migrations';

export function startQuery(config: QueryConfig, logger: Logger): Promise<ServiceApp> {
  return startService({ config, logger, entities: [], migrations: queryMigrations, features: [] });
}
