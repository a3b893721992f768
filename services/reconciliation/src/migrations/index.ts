import { ReconciliationInbox1764430200000 } from './1764430200000-reconciliation-inbox';

export const reconciliationMigrations = [ReconciliationInbox1764430200000];
