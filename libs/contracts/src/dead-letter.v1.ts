import { z } from 'zod';
import { IsoInstantSchema, NonNegativeIntSchema, TextSchema, UuidSchema } from './primitives';

/**
 * `ingestion.dead-letter.v1` — a message that could not be processed, with its
 * original bytes so it can be inspected and replayed exactly. Any service's
 * consumer may write one, hence `service` is free text rather than an enum.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const Base64Schema = z.string().regex(BASE64, {
  message: 'must be standard base64 (A-Z, a-z, 0-9, "+", "/", "=" padding)',
});

/** Kafka offsets are 64-bit; kafkajs hands them over as strings, and so do we. */
export const KafkaOffsetSchema = z.string().regex(/^\d{1,19}$/, {
  message: 'must be a Kafka offset as a string of digits such as "42"',
});

export const DeadLetterIssueSchema = z.object({
  /** Dotted path such as `data.amount`; "" for the message as a whole. */
  path: z.string(),
  message: TextSchema,
});
export type DeadLetterIssue = z.infer<typeof DeadLetterIssueSchema>;

export const DeadLetterEventSchema = z.object({
  eventId: UuidSchema,
  service: TextSchema,
  sourceTopic: TextSchema,
  partition: NonNegativeIntSchema,
  offset: KafkaOffsetSchema,
  key: Base64Schema.nullable(),
  /** null for a tombstone (a message without a value). */
  value: Base64Schema.nullable(),
  headers: z.record(z.string(), Base64Schema),
  /** One sentence a person can act on, naming the field paths. */
  reason: TextSchema,
  issues: z.array(DeadLetterIssueSchema),
  receivedAt: IsoInstantSchema,
});
export type DeadLetterEvent = z.infer<typeof DeadLetterEventSchema>;
