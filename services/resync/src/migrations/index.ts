import { ResyncSchema1764430300000 } from './1764430300000-resync-schema';

export const resyncMigrations = [ResyncSchema1764430300000];
