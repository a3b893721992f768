import 'reflect-metadata';
import { loadConfig } from '@po-sync/config';
import { createLogger, runService } from '@po-sync/observability';
import { startQuery } from './app.module';
import { queryConfigSchema } from './query.config';

const bootLogger = createLogger('query', 'info');
runService(
  'query',
  async () => {
    const config = loadConfig(queryConfigSchema);
    return startQuery(config, createLogger('query', config.LOG_LEVEL));
  },
  bootLogger,
);
