import { z } from 'zod';

const ids = z.array(z.string().min(1).max(256)).min(1).max(100_000);

export const ImportFromStagingSchema = z.object({ actualIds: ids.optional() }).strict();
export const PostDraftJournalsSchema = z.object({ journalIds: ids.optional() }).strict();
