import 'reflect-metadata';
import { loadConfig } from '@po-sync/config';
import { createLogger, runService } from '@po-sync/observability';
import { startReconciliation } from './app.module';
import { reconciliationConfigSchema } from './reconciliation.config';

const bootLogger = createLogger('reconciliation', 'info');
runService(
  'reconciliation',
  async () => {
    const config = loadConfig(reconciliationConfigSchema);
    return startReconciliation(config, createLogger('reconciliation', config.LOG_LEVEL));
  },
  bootLogger,
);
