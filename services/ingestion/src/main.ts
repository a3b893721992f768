import 'reflect-metadata';
import { loadConfig } from '@po-sync/config';
import { createLogger, runService } from '@po-sync/observability';
import { startIngestion } from './app.module';
import { ingestionConfigSchema } from './ingestion.config';

const bootLogger = createLogger('ingestion', 'info');
runService(
  'ingestion',
  async () => {
    const config = loadConfig(ingestionConfigSchema);
    return startIngestion(config, createLogger('ingestion', config.LOG_LEVEL));
  },
  bootLogger,
);
