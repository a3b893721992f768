import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import type { ReconciliationConfig } from './reconciliation.config';
import { reconciliationMigrations } from './migrations';

export function startReconciliation(config: ReconciliationConfig, logger: Logger): Promise<ServiceApp> {
  return startService({ config, logger, entities: [], migrations: reconciliationMigrations, features: [] });
}
