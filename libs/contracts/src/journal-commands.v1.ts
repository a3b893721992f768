import { z } from 'zod';
import { IdSchema, IsoInstantSchema, TextSchema, UuidSchema } from './primitives';
import { ActualDataSchema } from './source/actual.v1';
import { TransactionConnectionDataSchema } from './source/transaction-connection.v1';

/** `journal.commands.v1` — operator (resync service) requests to the journal service. */
export const JOURNAL_COMMANDS = [
  'importFromStaging',
  'postDraftJournals',
  'resetLineToDraft',
  'resyncActuals',
  'resyncTransactionConnections',
] as const;
export type JournalCommandName = (typeof JOURNAL_COMMANDS)[number];

const common = {
  /** Idempotency key: the journal service applies a command id once. */
  commandId: UuidSchema,
  /** The token name of the operator (or "scheduler" for batch resyncs), for the audit trail. */
  requestedBy: TextSchema,
  requestedAt: IsoInstantSchema,
  correlationId: IdSchema.optional(),
};

/**
 * Id lists are optional (absent = all eligible records) but never empty: an
 * empty list is almost always a caller bug, and "all" must be said explicitly.
 */
const ids = z.array(IdSchema).min(1).optional();

export const ImportFromStagingCommandSchema = z.object({
  ...common,
  command: z.literal('importFromStaging'),
  actualIds: ids,
});

export const PostDraftJournalsCommandSchema = z.object({
  ...common,
  command: z.literal('postDraftJournals'),
  journalIds: ids,
});

export const ResetLineToDraftCommandSchema = z.object({
  ...common,
  command: z.literal('resetLineToDraft'),
  lineId: IdSchema,
});

/** Re-sends stored canonical actual data, as dual-write "Sync Actuals" does. */
export const ResyncActualsCommandSchema = z.object({
  ...common,
  command: z.literal('resyncActuals'),
  actuals: z.array(ActualDataSchema).min(1),
});

export const ResyncTransactionConnectionsCommandSchema = z.object({
  ...common,
  command: z.literal('resyncTransactionConnections'),
  connections: z.array(TransactionConnectionDataSchema).min(1),
});

export const JournalCommandSchema = z.discriminatedUnion('command', [
  ImportFromStagingCommandSchema,
  PostDraftJournalsCommandSchema,
  ResetLineToDraftCommandSchema,
  ResyncActualsCommandSchema,
  ResyncTransactionConnectionsCommandSchema,
]);
export type JournalCommand = z.infer<typeof JournalCommandSchema>;
export type ImportFromStagingCommand = z.infer<typeof ImportFromStagingCommandSchema>;
export type PostDraftJournalsCommand = z.infer<typeof PostDraftJournalsCommandSchema>;
export type ResetLineToDraftCommand = z.infer<typeof ResetLineToDraftCommandSchema>;
export type ResyncActualsCommand = z.infer<typeof ResyncActualsCommandSchema>;
export type ResyncTransactionConnectionsCommand = z.infer<typeof ResyncTransactionConnectionsCommandSchema>;
