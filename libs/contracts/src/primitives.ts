import { z } from 'zod';

/**
 * Field types shared by every schema. Dates and instants stay strings in the
 * parsed output: events are re-published as JSON, and a Date round trip would
 * change their text (offsets, precision).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lower-cased on the way in, so a re-delivery that changes case still dedupes. */
export const UuidSchema = z
  .string()
  .regex(UUID, { message: 'must be a UUID such as "0b7e5c52-7d0e-4a0b-9f8e-2f4a3c1d9e61"' })
  .transform((s) => s.toLowerCase());

/** Ids become Kafka keys and primary keys: no blank ends, no control characters. */
const ID = /^(?!\s)[^\u0000-\u001f\u007f]*(?<!\s)$/;
export const ID_MAX_LENGTH = 256;

export const IdSchema = z
  .string()
  .min(1)
  .max(ID_MAX_LENGTH)
  .regex(ID, { message: 'must not start or end with spaces or contain control characters' });

/**
 * Legal entities are the first part of composite record ids (`project:<le>:<id>`),
 * so a colon inside one would make two different records share an id.
 */
export const LegalEntitySchema = IdSchema.refine((s) => !s.includes(':'), {
  message: 'must not contain ":" (it separates the parts of record ids)',
});

/** Free text for people (names, categories, messages): just not empty. */
export const TextSchema = z.string().min(1);

export const NonNegativeIntSchema = z.number().int().nonnegative();

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one; handles leap years.
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * RFC 3339 profile of ISO 8601: seconds and an explicit offset are required, so
 * every instant names one point in time whatever the reader's time zone.
 */
export function isIsoInstant(s: string): boolean {
  const m = INSTANT.exec(s);
  if (m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  const [offsetHour, offsetMinute] = [Number(m[7] ?? 0), Number(m[8] ?? 0)];
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHour <= 23 && offsetMinute <= 59;
}

export const IsoDateSchema = z.string().refine(isIsoDate, {
  message: 'must be an ISO-8601 date such as "2025-03-31"',
});

export const IsoInstantSchema = z.string().refine(isIsoInstant, {
  message: 'must be an ISO-8601 instant with an offset such as "2025-03-31T14:05:00Z"',
});

/** Business dates: Finance sends dates, Dataverse date-times; both are accepted. */
export const IsoDateOrInstantSchema = z
  .string()
  .refine((s) => isIsoDate(s) || isIsoInstant(s), {
    message:
      'must be an ISO-8601 date such as "2025-03-31" or an instant with an offset such as "2025-03-31T14:05:00Z"',
  });
