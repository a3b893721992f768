import { QueryInbox1764430400000 } from './1764430400000-query-inbox';
import { QueryReadModel1764700000000 } from './1764700000000-query-read-model';
import { GridPageByLegalEntity1764800000000 } from './1764800000000-grid-page-by-legal-entity';
import { GridPageAllStatuses1764900000000 } from './1764900000000-grid-page-all-statuses';
import { SummaryByMonth1765000000000 } from './1765000000000-summary-by-month';

export const queryMigrations = [
  QueryInbox1764430400000,
  QueryReadModel1764700000000,
  GridPageByLegalEntity1764800000000,
  GridPageAllStatuses1764900000000,
  SummaryByMonth1765000000000,
];
