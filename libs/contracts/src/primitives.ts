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
const ID = /^(?!\s)\P{Cc}*(?<!\s)$/u;
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
export const LegalEntitySchema = IdSchema.regex(/^[^:]*$/, {
  message: 'must not contain ":" (it separates the parts of record ids)',
});

/** Free text for people (names, categories, messages): just not empty. */
export const TextSchema = z.string().min(1);

export const NonNegativeIntSchema = z.number().int().nonnegative();

/*
 * Dates are checked by regular expressions alone, calendar included (month
 * lengths, leap years): a zod refinement costs about a microsecond per field,
 * and ingestion parses 10k+ messages a second.
 */
const DAY_OF_YEAR =
  '\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
/** 29 February of years divisible by 4, except centuries not divisible by 400. */
const LEAP_DAY = '(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29';
const DATE = `(?:${DAY_OF_YEAR}|${LEAP_DAY})`;
/**
 * RFC 3339 profile of ISO 8601: seconds and an explicit offset are required, so
 * every instant names one point in time whatever the reader's time zone.
 */
const TIME = 'T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)';

export const ISO_DATE_PATTERN = new RegExp(`^${DATE}$`);
export const ISO_INSTANT_PATTERN = new RegExp(`^${DATE}${TIME}$`);
const DATE_OR_INSTANT = new RegExp(`^${DATE}(?:${TIME})?$`);

export const isIsoDate = (s: string): boolean => ISO_DATE_PATTERN.test(s);
export const isIsoInstant = (s: string): boolean => ISO_INSTANT_PATTERN.test(s);

export const IsoDateSchema = z.string().regex(ISO_DATE_PATTERN, {
  message: 'must be an ISO-8601 date such as "2025-03-31"',
});

export const IsoInstantSchema = z.string().regex(ISO_INSTANT_PATTERN, {
  message: 'must be an ISO-8601 instant with an offset such as "2025-03-31T14:05:00Z"',
});

/** Business dates: Finance sends dates, Dataverse date-times; both are accepted. */
export const IsoDateOrInstantSchema = z.string().regex(DATE_OR_INSTANT, {
  message:
    'must be an ISO-8601 date such as "2025-03-31" or an instant with an offset such as "2025-03-31T14:05:00Z"',
});
