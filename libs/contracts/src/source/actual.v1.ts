import { z } from 'zod';
import { CurrencyCodeSchema } from '../currencies';
import { DecimalStringSchema, QuantityStringSchema } from '../money';
import { IdSchema, IsoDateOrInstantSchema, IsoInstantSchema, LegalEntitySchema } from '../primitives';

/** `dataverse.actuals.v1` — one Dataverse actual (msdyn_actual). DESIGN §3. */
export const ACTUAL_ENTITY = 'msdyn_actual';

export const TRANSACTION_TYPES = ['Cost', 'UnbilledSales', 'BilledSales'] as const;
export const TransactionTypeSchema = z.enum(TRANSACTION_TYPES);
export type TransactionType = z.infer<typeof TransactionTypeSchema>;

export const TRANSACTION_CLASSES = ['Time', 'Expense', 'Material', 'Fee', 'Milestone'] as const;
export const TransactionClassSchema = z.enum(TRANSACTION_CLASSES);
export type TransactionClass = z.infer<typeof TransactionClassSchema>;

export const SOURCE_DOCUMENT_TYPES = [
  'expense',
  'vendorInvoiceLine',
  'timeEntry',
  'journal',
  'invoice',
] as const;
export const SourceDocumentTypeSchema = z.enum(SOURCE_DOCUMENT_TYPES);
export type SourceDocumentType = z.infer<typeof SourceDocumentTypeSchema>;

/** The fields a delete needs: what the record id is made of. */
export const ActualKeySchema = z.object({ actualId: IdSchema });
export type ActualKey = z.infer<typeof ActualKeySchema>;

/**
 * Optional fields also accept null: Dataverse serialises an empty lookup as null,
 * and rejecting that would dead-letter valid records. Unknown fields are dropped
 * (the raw log keeps every byte), so canonical data holds exactly this contract.
 */
export const ActualDataSchema = ActualKeySchema.extend({
  legalEntity: LegalEntitySchema,
  projectId: IdSchema,
  taskId: IdSchema.nullish(),
  resourceId: IdSchema.nullish(),
  transactionType: TransactionTypeSchema,
  transactionClass: TransactionClassSchema,
  quantity: QuantityStringSchema,
  unitPrice: DecimalStringSchema,
  amount: DecimalStringSchema,
  currency: CurrencyCodeSchema,
  documentDate: IsoDateOrInstantSchema,
  accountingDate: IsoDateOrInstantSchema,
  sourceDocumentType: SourceDocumentTypeSchema.nullish(),
  /** For expenses the expense id; for vendor invoice lines `invoiceId:lineNumber`. */
  sourceDocumentId: IdSchema.nullish(),
  /** true = never expected in Finance (e.g. intercompany cost), so never "out of sync". */
  skipSync: z.boolean(),
  /** null (or absent) until the journal line is posted. */
  voucher: IdSchema.nullish(),
  /** An instant: the out-of-sync grace period is measured from it. */
  createdOn: IsoInstantSchema,
});
export type ActualData = z.infer<typeof ActualDataSchema>;
