import { z } from 'zod';
import { CurrencyCodeSchema } from './currencies';
import { DecimalStringSchema, PositiveRateStringSchema } from './money';
import {
  IdSchema,
  IsoInstantSchema,
  LegalEntitySchema,
  NonNegativeIntSchema,
  UuidSchema,
} from './primitives';
import { TransactionClassSchema, TransactionTypeSchema } from './source/actual.v1';

/** `journal.lines.v1` — the state of one integration journal or invoice proposal line. */

/** Billed sales become invoice-proposal lines instead of journal lines (DESIGN §1). */
export const LINE_KINDS = ['journal', 'invoiceProposal'] as const;
export const LineKindSchema = z.enum(LINE_KINDS);
export type LineKind = z.infer<typeof LineKindSchema>;

export const JOURNAL_LINE_STATUSES = [
  'Draft',
  'Processing',
  'Posted',
  'Error',
  'Unrecoverable',
  'InvalidActual',
] as const;
export const JournalLineStatusSchema = z.enum(JOURNAL_LINE_STATUSES);
export type JournalLineStatus = z.infer<typeof JournalLineStatusSchema>;

export const JOURNAL_STATUSES = ['Draft', 'Processing', 'Posted', 'Error'] as const;
export const JournalStatusSchema = z.enum(JOURNAL_STATUSES);
export type JournalStatus = z.infer<typeof JournalStatusSchema>;

export const JournalLineEventSchema = z
  .object({
    eventId: UuidSchema,
    lineId: IdSchema,
    journalId: IdSchema,
    lineKind: LineKindSchema,
    actualId: IdSchema,
    legalEntity: LegalEntitySchema,
    projectId: IdSchema,
    transactionType: TransactionTypeSchema,
    transactionClass: TransactionClassSchema,
    status: JournalLineStatusSchema,
    amount: DecimalStringSchema,
    currency: CurrencyCodeSchema,
    /** Set by posting, in the legal entity's accounting currency. */
    accountingAmount: DecimalStringSchema.nullable(),
    accountingCurrency: CurrencyCodeSchema.nullable(),
    exchangeRate: PositiveRateStringSchema.nullable(),
    voucher: IdSchema.nullable(),
    postedAt: IsoInstantSchema.nullable(),
    journalStatus: JournalStatusSchema,
    /**
     * Increases with every change of this line; a consumer keeps the highest it
     * has seen and ignores older ones, which makes redelivery and reordering harmless.
     */
    sequence: NonNegativeIntSchema,
    occurredAt: IsoInstantSchema,
  })
  // Reconciliation treats "Posted" as "has a voucher"; a posted line without one would hide a gap.
  .superRefine((line, ctx) => {
    if (line.status !== 'Posted') return;
    for (const field of ['voucher', 'postedAt'] as const) {
      if (line[field] === null) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [field],
          message: 'must be set when status is Posted',
        });
      }
    }
  });
export type JournalLineEvent = z.infer<typeof JournalLineEventSchema>;
