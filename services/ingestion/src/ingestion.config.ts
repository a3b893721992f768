import { integer, serviceConfigShape } from '@po-sync/config';
import { z } from 'zod';

export const ingestionConfigSchema = z.object({
  ...serviceConfigShape('ingestion'),
  INGESTION_PARTITIONS_CONCURRENCY: integer(3, 1, 64),
});

export type IngestionConfig = z.output<typeof ingestionConfigSchema>;
