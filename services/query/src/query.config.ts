import { authConfigShape } from '@po-sync/auth';
import { serviceConfigShape } from '@po-sync/config';
import { z } from 'zod';

export const queryConfigSchema = z.object({ ...serviceConfigShape('query'), ...authConfigShape() });

export type QueryConfig = z.output<typeof queryConfigSchema>;
