import { z } from 'zod';
import { MapVersionSchema } from './map-versions';
import { IsoInstantSchema, UuidSchema } from './primitives';

/** Entity names exactly as the source systems send them (DESIGN §3). */
export const SOURCE_ENTITIES = [
  'msdyn_actual',
  'msdyn_transactionconnection',
  'expense',
  'vendor_invoice_line',
  'dual_write_map',
  'setup',
] as const;
export const SourceEntitySchema = z.enum(SOURCE_ENTITIES);
export type SourceEntity = z.infer<typeof SourceEntitySchema>;

export const OPERATIONS = ['upsert', 'delete'] as const;
export const OperationSchema = z.enum(OPERATIONS);
export type Operation = z.infer<typeof OperationSchema>;

const headerShape = {
  /** The same id when the same change is delivered twice: the dedupe key. */
  eventId: UuidSchema,
  entity: SourceEntitySchema,
  operation: OperationSchema,
  occurredAt: IsoInstantSchema,
  mapVersion: MapVersionSchema,
};

/**
 * Any source envelope, `data` unchecked. Unknown top-level keys are allowed and
 * kept (passthrough), so producers can add fields without breaking us; required
 * keys stay required, so a misspelt one still fails, and the parsers also reject
 * case/underscore variants of known keys (see known-keys.ts).
 */
export const SourceEnvelopeSchema = z
  .object({ ...headerShape, data: z.record(z.string(), z.unknown()) })
  .passthrough();
export type SourceEnvelope = z.infer<typeof SourceEnvelopeSchema>;

/** The entity literal for one topic, with a message that names both sides of the mismatch. */
function entityOfTopic<E extends SourceEntity>(topic: string, entity: E): z.ZodLiteral<E> {
  return z.literal(entity, {
    errorMap: (issue, ctx) =>
      issue.code === 'invalid_literal' && issue.received !== undefined
        ? {
            message: `is ${JSON.stringify(issue.received)}, but topic ${topic} carries only "${entity}" records`,
          }
        : { message: ctx.defaultError },
  });
}

/**
 * The envelope schemas for one source topic: `upsert` carries the full record,
 * `delete` only the fields its record id is made of, `any` is their union (for
 * types and for checking messages before they are produced), and `header`
 * checks the envelope alone when the operation itself is unusable.
 */
export function sourceEnvelopeSchemas<E extends SourceEntity, D extends z.ZodTypeAny, K extends z.ZodTypeAny>(
  topic: string,
  entity: E,
  data: D,
  key: K,
) {
  const base = { ...headerShape, entity: entityOfTopic(topic, entity) };
  const upsert = z.object({ ...base, operation: z.literal('upsert'), data }).passthrough();
  const del = z.object({ ...base, operation: z.literal('delete'), data: key }).passthrough();
  const header = z.object({ ...base, data: z.record(z.string(), z.unknown()) }).passthrough();
  return { upsert, delete: del, header, any: z.discriminatedUnion('operation', [upsert, del]) };
}
