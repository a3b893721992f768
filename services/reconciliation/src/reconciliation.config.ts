import { duration, serviceConfigShape } from '@po-sync/config';
import { z } from 'zod';

export const reconciliationConfigSchema = z.object({
  ...serviceConfigShape('reconciliation'),
  RECON_GRACE_PERIOD: duration('1h'),
  // "0" means no limit (DESIGN.md §4).
  OUT_OF_SYNC_LOOKBACK: duration('31d'),
});

export type ReconciliationConfig = z.output<typeof reconciliationConfigSchema>;
