import { ReconciliationSchema1764430200000 } from './1764430200000-reconciliation-schema';
import { ReconciliationSweepIndexes1764500000000 } from './1764500000000-sweep-indexes';

export const reconciliationMigrations = [
  ReconciliationSchema1764430200000,
  ReconciliationSweepIndexes1764500000000,
];
