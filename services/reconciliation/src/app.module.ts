import type { ServiceApp } from '@po-sync/observability';
import { startService } from '@po-sync/service-kit';
import type { Logger } from 'pino';
import { reconciliationMigrations } from './migrations';
import type { ReconciliationConfig } from './reconciliation.config';
import { ReconciliationModule } from './reconciliation.module';

export function startReconciliation(config: ReconciliationConfig, logger: Logger): Promise<ServiceApp> {
  return startService({
    config,
    logger,
    entities: [],
    migrations: reconciliationMigrations,
    features: [ReconciliationModule],
  });
}
