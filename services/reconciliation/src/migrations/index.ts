import { ReconciliationSchema1764430200000 } from './1764430200000-reconciliation-schema';

export const reconciliationMigrations = [ReconciliationSchema1764430200000];
