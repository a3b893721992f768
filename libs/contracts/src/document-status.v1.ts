import { z } from 'zod';
import { CurrencyCodeSchema } from './currencies';
import { DocumentTypeSchema } from './discrepancies.v1';
import { DecimalStringSchema, decimalToMicros, isDecimalString } from './money';
import {
  IdSchema,
  IsoDateOrInstantSchema,
  IsoInstantSchema,
  LegalEntitySchema,
  NonNegativeIntSchema,
  TextSchema,
  UuidSchema,
} from './primitives';

/**
 * `recon.document-status.v1` — the reconciliation state of one document, the
 * row the workspace views show (expense / vendor invoice grids, out-of-sync list).
 */
export const DOCUMENT_STATUSES = [
  'reconciled',
  'missingActual',
  'missingJournalLine',
  'pendingPosting',
  'outOfSync',
  'notExpectedInFinance',
  'open',
] as const;
export const DocumentStatusSchema = z.enum(DOCUMENT_STATUSES);
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

export const DocumentStatusEventSchema = z
  .object({
    eventId: UuidSchema,
    documentType: DocumentTypeSchema,
    recordId: IdSchema,
    legalEntity: LegalEntitySchema,
    projectId: IdSchema.nullable(),
    status: DocumentStatusSchema,
    documentDate: IsoDateOrInstantSchema.nullable(),
    category: TextSchema.nullable(),
    amount: DecimalStringSchema,
    currency: CurrencyCodeSchema,
    voucher: IdSchema.nullable(),
    actualExists: z.boolean(),
    journalId: IdSchema.nullable(),
    journalLineAmount: DecimalStringSchema.nullable(),
    journalVoucher: IdSchema.nullable(),
    postedDate: IsoDateOrInstantSchema.nullable(),
    lastRetriedAt: IsoInstantSchema.nullable(),
    /** unreconciledAmount = missingActualAmount + missingJournalLineAmount (DESIGN §4). */
    missingActualAmount: DecimalStringSchema,
    missingJournalLineAmount: DecimalStringSchema,
    unreconciledAmount: DecimalStringSchema,
    /** Increases with every change of this document; readers keep the highest. */
    version: NonNegativeIntSchema,
    updatedAt: IsoInstantSchema,
  })
  // The summary tiles add these up; a row whose parts disagree would skew every total.
  .superRefine((doc, ctx) => {
    // zod refines an object whose fields already failed too: a malformed amount has its own issue.
    const amounts = [doc.missingActualAmount, doc.missingJournalLineAmount, doc.unreconciledAmount];
    if (!amounts.every(isDecimalString)) return;
    const parts = decimalToMicros(doc.missingActualAmount) + decimalToMicros(doc.missingJournalLineAmount);
    if (parts !== decimalToMicros(doc.unreconciledAmount)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['unreconciledAmount'],
        message: 'must equal missingActualAmount + missingJournalLineAmount',
      });
    }
  });
export type DocumentStatusEvent = z.infer<typeof DocumentStatusEventSchema>;
