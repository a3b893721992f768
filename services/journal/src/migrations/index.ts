import { JournalInbox1764430100000 } from './1764430100000-journal-inbox';

export const journalMigrations = [JournalInbox1764430100000];
