import { JournalSchema1764430100000 } from './1764430100000-journal-schema';

export const journalMigrations = [JournalSchema1764430100000];
