import { z } from 'zod';
import { CurrencyCodeSchema } from './currencies';
import { DecimalStringSchema } from './money';
import { IdSchema, IsoInstantSchema, TextSchema, UuidSchema } from './primitives';

/**
 * `recon.discrepancies.v1` — the public outbound contract (DESIGN §4), keyed by
 * `discrepancyId`. Published versions are never edited: a change is a new topic.
 */
export const DISCREPANCY_STATUSES = ['open', 'updated', 'resolved'] as const;
export const DiscrepancyStatusSchema = z.enum(DISCREPANCY_STATUSES);
export type DiscrepancyStatus = z.infer<typeof DiscrepancyStatusSchema>;

export const DISCREPANCY_TYPES = [
  'MISSING_ACTUAL',
  'MISSING_JOURNAL_LINE',
  'JOURNAL_NOT_POSTED',
  'OUT_OF_SYNC_ACTUAL',
  'AMOUNT_MISMATCH',
  'MISSING_TRANSACTION_CONNECTION',
  'MAP_VERSION_BELOW_REQUIRED',
] as const;
export const DiscrepancyTypeSchema = z.enum(DISCREPANCY_TYPES);
export type DiscrepancyType = z.infer<typeof DiscrepancyTypeSchema>;

export const DOCUMENT_TYPES = [
  'expense',
  'vendorInvoiceLine',
  'actual',
  'transactionConnection',
  'dualWriteMap',
] as const;
export const DocumentTypeSchema = z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof DocumentTypeSchema>;

export const REMEDIES = [
  'resync',
  'import-from-staging',
  'post-draft-journals',
  'upgrade-map',
  'none',
] as const;
export const RemedySchema = z.enum(REMEDIES);
export type Remedy = z.infer<typeof RemedySchema>;

export const DiscrepancyEventSchema = z
  .object({
    eventId: UuidSchema,
    /** Stable for the same problem on the same record, across open/updated/resolved. */
    discrepancyId: IdSchema,
    status: DiscrepancyStatusSchema,
    type: DiscrepancyTypeSchema,
    documentType: DocumentTypeSchema,
    recordId: IdSchema,
    /**
     * A dual-write map belongs to no legal entity or project: for
     * `documentType: dualWriteMap` these are "" (and amount "0", currency "XXX",
     * ISO 4217's "no currency"), which keeps the §4 shape free of nulls.
     */
    legalEntity: z.string(),
    projectId: z.string(),
    /** The unreconciled amount. */
    amount: DecimalStringSchema,
    currency: CurrencyCodeSchema,
    causes: z.array(TextSchema),
    remedy: RemedySchema,
    firstDetectedAt: IsoInstantSchema,
    detectedAt: IsoInstantSchema,
    resolvedAt: IsoInstantSchema.nullable(),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string): void =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (d.documentType !== 'dualWriteMap') {
      if (d.legalEntity === '') issue('legalEntity', `must not be empty unless documentType is dualWriteMap`);
      if (d.projectId === '') issue('projectId', `must not be empty unless documentType is dualWriteMap`);
    }
    // Consumers filter on status alone; resolvedAt must agree with it.
    if (d.status === 'resolved' && d.resolvedAt === null)
      issue('resolvedAt', 'must be set when status is resolved');
    if (d.status !== 'resolved' && d.resolvedAt !== null)
      issue('resolvedAt', `must be null when status is ${d.status}`);
  });
export type DiscrepancyEvent = z.infer<typeof DiscrepancyEventSchema>;
