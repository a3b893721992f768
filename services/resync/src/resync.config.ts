import { authConfigShape } from '@po-sync/auth';
import { duration, serviceConfigShape } from '@po-sync/config';
import { z } from 'zod';

export const resyncConfigSchema = z.object({
  ...serviceConfigShape('resync'),
  ...authConfigShape(),
  // Off by default (DESIGN.md §5).
  RESYNC_BATCH_INTERVAL: duration('0'),
});

export type ResyncConfig = z.output<typeof resyncConfigSchema>;
