import { QueryInbox1764430400000 } from './1764430400000-query-inbox';
import { QueryReadModel1764700000000 } from './1764700000000-query-read-model';

export const queryMigrations = [QueryInbox1764430400000, QueryReadModel1764700000000];
