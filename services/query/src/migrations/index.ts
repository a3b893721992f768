import { QueryInbox1764430400000 } from './1764430400000-query-inbox';

export const queryMigrations = [QueryInbox1764430400000];
