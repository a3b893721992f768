import { z } from 'zod';
import { CurrencyCodeSchema } from '../currencies';
import { DecimalStringSchema } from '../money';
import {
  IdSchema,
  IsoDateOrInstantSchema,
  IsoInstantSchema,
  LegalEntitySchema,
  TextSchema,
} from '../primitives';

/** `finance.vendor-invoices.v1` — one project line of a vendor invoice. DESIGN §3. */
export const VENDOR_INVOICE_LINE_ENTITY = 'vendor_invoice_line';

export const VENDOR_INVOICE_LINE_STATUSES = ['Approved', 'Posted'] as const;
export const VendorInvoiceLineStatusSchema = z.enum(VENDOR_INVOICE_LINE_STATUSES);
export type VendorInvoiceLineStatus = z.infer<typeof VendorInvoiceLineStatusSchema>;

/**
 * A JSON integer only, not a numeric string: the record id `invoiceId:lineNumber`
 * must have one spelling, and accepting "1", "01" and 1 would split one line's
 * history across three Kafka keys.
 */
export const LineNumberSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const VendorInvoiceLineKeySchema = z.object({
  invoiceId: IdSchema,
  lineNumber: LineNumberSchema,
});
export type VendorInvoiceLineKey = z.infer<typeof VendorInvoiceLineKeySchema>;

export const VendorInvoiceLineDataSchema = VendorInvoiceLineKeySchema.extend({
  vendorId: IdSchema,
  legalEntity: LegalEntitySchema,
  projectId: IdSchema,
  category: TextSchema,
  amount: DecimalStringSchema,
  currency: CurrencyCodeSchema,
  invoiceDate: IsoDateOrInstantSchema,
  status: VendorInvoiceLineStatusSchema,
  voucher: IdSchema.nullish(),
  postedAt: IsoInstantSchema.nullish(),
});
export type VendorInvoiceLineData = z.infer<typeof VendorInvoiceLineDataSchema>;
