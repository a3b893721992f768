import 'reflect-metadata';
import { loadConfig } from '@po-sync/config';
import { createLogger, runService } from '@po-sync/observability';
import { startResync } from './app.module';
import { resyncConfigSchema } from './resync.config';

const bootLogger = createLogger('resync', 'info');
runService(
  'resync',
  async () => {
    const config = loadConfig(resyncConfigSchema);
    return startResync(config, createLogger('resync', config.LOG_LEVEL));
  },
  bootLogger,
);
