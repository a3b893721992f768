import { ResyncInbox1764430300000 } from './1764430300000-resync-inbox';

export const resyncMigrations = [ResyncInbox1764430300000];
