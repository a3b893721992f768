import { duration, integer, serviceConfigShape } from '@po-sync/config';
import { z } from 'zod';

export const journalConfigSchema = z.object({
  ...serviceConfigShape('journal'),
  JOURNAL_IMPORT_INTERVAL: duration('1m'),
  JOURNAL_POST_INTERVAL: duration('5m'),
  JOURNAL_MAX_LINES: integer(200, 1, 100_000),
});

export type JournalConfig = z.output<typeof journalConfigSchema>;
