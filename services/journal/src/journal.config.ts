import { duration, integer, serviceConfigShape } from '@po-sync/config';
import { z } from 'zod';

export const journalConfigSchema = z.object({
  ...serviceConfigShape('journal'),
  // "0" turns a schedule off; import and posting then run only on command.
  JOURNAL_IMPORT_INTERVAL: duration('1m'),
  JOURNAL_POST_INTERVAL: duration('5m'),
  JOURNAL_MAX_LINES: integer(200, 1, 100_000),
  JOURNAL_PERIOD_UNIT: z.enum(['day', 'month', 'year', 'all']).default('month'),
  // First automatic retry after this long, doubling up to the fifth (DESIGN.md §2).
  JOURNAL_RETRY_BASE: duration('30s'),
});

export type JournalConfig = z.output<typeof journalConfigSchema>;
