import { z } from 'zod';
import {
  IdSchema,
  IsoInstantSchema,
  LegalEntitySchema,
  NonNegativeIntSchema,
  TextSchema,
  UuidSchema,
} from './primitives';

/**
 * `journal.logs.v1` — one troubleshooting log entry (import from staging or
 * posting). Entries are kept in full, unlike the workspace's 100 / 90 days.
 */
export const JOURNAL_LOGS = ['integrationJournal', 'invoiceProposal'] as const;
export const JournalLogSchema = z.enum(JOURNAL_LOGS);
export type JournalLog = z.infer<typeof JournalLogSchema>;

/** Stable, upper-case, dotted: `JOURNAL.PROJECT_UNKNOWN`. Dashboards and alerts match on it. */
export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\.[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)+$/;
export const ErrorCodeSchema = z.string().regex(ERROR_CODE_PATTERN, {
  message: 'must be a stable error code such as "JOURNAL.PROJECT_UNKNOWN"',
});

export const JournalLogEntrySchema = z.object({
  eventId: UuidSchema,
  entryId: IdSchema,
  log: JournalLogSchema,
  runId: IdSchema,
  actualId: IdSchema,
  /** null when the legal entity itself could not be resolved. */
  legalEntity: LegalEntitySchema.nullable(),
  code: ErrorCodeSchema,
  /** Written for an accountant: what is wrong and what to do. */
  message: TextSchema,
  retryCount: NonNegativeIntSchema,
  lastRetriedAt: IsoInstantSchema.nullable(),
  /** true once a later run succeeded for this actual: the entry stays, marked as resolved. */
  resolvedByLaterRun: z.boolean(),
  occurredAt: IsoInstantSchema,
});
export type JournalLogEntry = z.infer<typeof JournalLogEntrySchema>;
