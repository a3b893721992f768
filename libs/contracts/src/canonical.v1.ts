import { z } from 'zod';
import type { SourceEntity } from './envelope';
import { MapVersionSchema } from './map-versions';
import { IdSchema, IsoInstantSchema, UuidSchema } from './primitives';
import { SOURCE_RECORDS, type SourceRecordDefinition } from './source/records';

/**
 * Canonical events (`ingestion.*.v1`): a validated source change, stamped by
 * ingestion. Downstream services read only these, never the source topics.
 */
export const CANONICAL_SCHEMA_VERSION = 1;

/**
 * One schema per canonical topic, built from the source record's schemas: an
 * upsert carries the full record, a delete only its key fields. `recordId` is
 * checked against the one derived from `data`, so a producer bug cannot file a
 * change under another record's key.
 */
export function canonicalEventSchema<
  E extends SourceEntity,
  S extends string,
  C extends string,
  K extends z.ZodTypeAny,
  D extends z.ZodType<z.output<K>, z.ZodTypeDef, unknown>,
>(record: SourceRecordDefinition<E, S, C, K, D>) {
  const base = {
    schemaVersion: z.literal(CANONICAL_SCHEMA_VERSION),
    /** New for each canonical event; `sourceEventId` is the source's own (dedupe) id. */
    eventId: UuidSchema,
    sourceEventId: UuidSchema,
    sourceTopic: z.literal(record.sourceTopic),
    entity: z.literal(record.entity),
    recordId: IdSchema,
    occurredAt: IsoInstantSchema,
    mapVersion: MapVersionSchema,
    ingestedAt: IsoInstantSchema,
  };
  const upsert = z.object({ ...base, operation: z.literal('upsert'), data: record.data });
  const del = z.object({ ...base, operation: z.literal('delete'), data: record.key });
  return z.discriminatedUnion('operation', [upsert, del]).superRefine((event, ctx) => {
    const expected = record.recordId(event.data);
    if (event.recordId !== expected) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['recordId'],
        message: `must be ${JSON.stringify(expected)}, the id made from data`,
      });
    }
  });
}

export const CanonicalActualEventSchema = canonicalEventSchema(SOURCE_RECORDS.msdyn_actual);
export type CanonicalActualEvent = z.infer<typeof CanonicalActualEventSchema>;

export const CanonicalTransactionConnectionEventSchema = canonicalEventSchema(
  SOURCE_RECORDS.msdyn_transactionconnection,
);
export type CanonicalTransactionConnectionEvent = z.infer<typeof CanonicalTransactionConnectionEventSchema>;

export const CanonicalExpenseEventSchema = canonicalEventSchema(SOURCE_RECORDS.expense);
export type CanonicalExpenseEvent = z.infer<typeof CanonicalExpenseEventSchema>;

export const CanonicalVendorInvoiceLineEventSchema = canonicalEventSchema(SOURCE_RECORDS.vendor_invoice_line);
export type CanonicalVendorInvoiceLineEvent = z.infer<typeof CanonicalVendorInvoiceLineEventSchema>;

export const CanonicalDualWriteMapEventSchema = canonicalEventSchema(SOURCE_RECORDS.dual_write_map);
export type CanonicalDualWriteMapEvent = z.infer<typeof CanonicalDualWriteMapEventSchema>;

export const CanonicalSetupEventSchema = canonicalEventSchema(SOURCE_RECORDS.setup);
export type CanonicalSetupEvent = z.infer<typeof CanonicalSetupEventSchema>;

export type CanonicalEvent =
  | CanonicalActualEvent
  | CanonicalTransactionConnectionEvent
  | CanonicalExpenseEvent
  | CanonicalVendorInvoiceLineEvent
  | CanonicalDualWriteMapEvent
  | CanonicalSetupEvent;
