import { JournalSchema1764430100000 } from './1764430100000-journal-schema';
import { StagedActualToImport1765400000000 } from './1765400000000-staged-actual-to-import';

export const journalMigrations = [JournalSchema1764430100000, StagedActualToImport1765400000000];
