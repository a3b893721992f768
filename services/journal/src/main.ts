import 'reflect-metadata';
import { loadConfig } from '@po-sync/config';
import { createLogger, runService } from '@po-sync/observability';
import { startJournal } from './app.module';
import { journalConfigSchema } from './journal.config';

const bootLogger = createLogger('journal', 'info');
runService(
  'journal',
  async () => {
    const config = loadConfig(journalConfigSchema);
    return startJournal(config, createLogger('journal', config.LOG_LEVEL));
  },
  bootLogger,
);
