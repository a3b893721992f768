import { z } from 'zod';
import { IdSchema, IsoInstantSchema } from '../primitives';
import { TransactionTypeSchema } from './actual.v1';

/** `dataverse.transaction-connections.v1` — a link between two actuals. DESIGN §3. */
export const TRANSACTION_CONNECTION_ENTITY = 'msdyn_transactionconnection';

export const CONNECTION_ROLES = [
  'Cost',
  'UnbilledSales',
  'BilledSales',
  'Reversing',
  'Original',
  'Replacing',
] as const;
export const ConnectionRoleSchema = z.enum(CONNECTION_ROLES);
export type ConnectionRole = z.infer<typeof ConnectionRoleSchema>;

export const TransactionConnectionKeySchema = z.object({ connectionId: IdSchema });
export type TransactionConnectionKey = z.infer<typeof TransactionConnectionKeySchema>;

/**
 * `transactionNType` is the linked actual's transaction type (Cost, UnbilledSales,
 * BilledSales), not Dataverse's record type, so the journal can tell which side
 * of a billed ↔ unbilled pair it holds without another lookup.
 */
export const TransactionConnectionDataSchema = TransactionConnectionKeySchema.extend({
  transaction1Id: IdSchema,
  transaction1Role: ConnectionRoleSchema,
  transaction1Type: TransactionTypeSchema,
  transaction2Id: IdSchema,
  transaction2Role: ConnectionRoleSchema,
  transaction2Type: TransactionTypeSchema,
  createdOn: IsoInstantSchema,
});
export type TransactionConnectionData = z.infer<typeof TransactionConnectionDataSchema>;
