import type { z } from 'zod';
import { fastCheck, MISMATCH } from './fast-check';
import { contractsErrorMap, describeIssues, describeType, formatPath, type Issue } from './issues';
import { describeKeyTypo, findKeyTypos } from './known-keys';
import { isSourceTopic, SOURCE_TOPIC_DEFINITIONS, type SourceEnvelopeOf, type SourceTopic } from './topics';

/**
 * Parsing of Kafka message values. Never throws on bad input: every failure is a
 * value with a `reason` (one sentence for a person) and `issues` (per field),
 * ready for a dead letter. All schemas are built once at module load; a parse
 * is one UTF-8 decode, one JSON.parse and one pass of the schema's compiled check
 * (fast-check.ts); zod and the walk over the keys run only when that pass cannot
 * vouch for the message (something invalid, or a key the schema does not know).
 */
export interface ParseFailure {
  ok: false;
  reason: string;
  issues: Issue[];
}

export type SourceParseResult<T extends SourceTopic = SourceTopic> =
  { ok: true; envelope: SourceEnvelopeOf<T>; recordId: string } | ParseFailure;

export type EventParseResult<T> = { ok: true; event: T } | ParseFailure;

// fatal: invalid bytes raise instead of turning into U+FFFD, which would corrupt ids silently.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function fail(issues: Issue[]): ParseFailure {
  return { ok: false, reason: describeIssues(issues), issues };
}

const failWhole = (message: string): ParseFailure => fail([{ path: '', message }]);

type Decoded = { ok: true; json: unknown } | ParseFailure;

function decodeJson(value: Uint8Array | string, requireObject: boolean): Decoded {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = utf8.decode(value);
    } catch {
      return failWhole('is not valid UTF-8 text');
    }
  }
  if (text.trim() === '') return failWhole('is empty; it must be a JSON object');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Only the position is kept from the parser's message: newer engines quote the input.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    return failWhole(`is not valid JSON${position ? ` (syntax error at character ${position[1]})` : ''}`);
  }
  if (requireObject && (typeof json !== 'object' || json === null || Array.isArray(json))) {
    const type = json === null ? 'null' : Array.isArray(json) ? 'array' : typeof json;
    return failWhole(`must be a JSON object, not ${describeType(type)}`);
  }
  return { ok: true, json };
}

/** Runs the schema and the key-typo walk, and merges their findings. */
function check<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | ParseFailure {
  const fast = fastCheck(schema);
  if (fast) {
    const context = { unknownKeys: false };
    const value = fast(input, context);
    // The same value zod would return; with no unknown key anywhere, the walk would find no typo.
    if (value !== MISMATCH && (!context.unknownKeys || findKeyTypos(schema, input).length === 0))
      return { ok: true, value: value as z.output<S> };
  }
  const result = schema.safeParse(input, { errorMap: contractsErrorMap });
  const typos = findKeyTypos(schema, input);
  if (result.success && typos.length === 0) return { ok: true, value: result.data as z.output<S> };

  // A misspelt required key is reported once, as the typo, not again as "is required".
  const explained = new Set(typos.filter((t) => t.suggestionMissing).map((t) => formatPath(t.suggestion)));
  const zodIssues = result.success ? [] : result.error.issues;
  const issues: Issue[] = [
    ...typos.map((t) => ({ path: formatPath(t.path), message: describeKeyTypo(t) })),
    ...zodIssues
      .map((i) => ({
        path: formatPath(i.path),
        message: i.message,
        missing: i.code === 'invalid_type' && i.received === 'undefined',
      }))
      .filter((i) => !(i.missing && explained.has(i.path)))
      .map(({ path, message }) => ({ path, message })),
  ];
  return fail(issues);
}

const TOMBSTONE_ON_SOURCE =
  'is missing (a tombstone); source topics send deletes as operation "delete" with the record id fields in data';

/**
 * Parses one message from a source topic. On success, `recordId` is the id the
 * message's Kafka key should equal (the caller decides what a mismatch means).
 */
export function parseSourceMessage<T extends SourceTopic>(
  topic: T,
  value: Uint8Array | null,
): SourceParseResult<T>;
export function parseSourceMessage(topic: string, value: Uint8Array | null): SourceParseResult;
export function parseSourceMessage(topic: string, value: Uint8Array | null): SourceParseResult {
  if (!isSourceTopic(topic)) {
    // A wiring mistake rather than bad data, but still a value: the consumer must not crash on it.
    const message = `arrived on topic ${JSON.stringify(topic)}, which is not a source topic`;
    return { ok: false, reason: `the message ${message}`, issues: [{ path: '', message }] };
  }
  if (value === null) return failWhole(TOMBSTONE_ON_SOURCE);
  const decoded = decodeJson(value, true);
  if (!decoded.ok) return decoded;

  const definition = SOURCE_TOPIC_DEFINITIONS[topic];
  const operation = (decoded.json as { operation?: unknown }).operation;
  const envelopes = definition.envelopes as {
    upsert: z.ZodTypeAny;
    delete: z.ZodTypeAny;
    header: z.ZodTypeAny;
  };
  // The operation picks what `data` must hold; with no usable operation only the envelope is checked.
  const schema =
    operation === 'upsert' ? envelopes.upsert : operation === 'delete' ? envelopes.delete : envelopes.header;
  const result = check(schema, decoded.json);
  if (!result.ok) {
    // A message for another entity fails every data field; those issues would only bury the real one.
    const wrongEntity = result.issues.some((i) => i.path === 'entity');
    return wrongEntity ? fail(result.issues.filter((i) => !/^data\b/.test(i.path))) : result;
  }
  const envelope = result.value as SourceEnvelopeOf<SourceTopic>;
  const recordId = (definition.recordId as (data: unknown) => string)(envelope.data);
  return { ok: true, envelope, recordId };
}

/**
 * Parses a message of an internal topic (canonical, journal, recon, dead letter)
 * with its schema from the registry, e.g. `parseEvent(TOPICS['journal.lines.v1'].schema, value)`.
 */
export function parseEvent<S extends z.ZodTypeAny>(
  schema: S,
  value: Uint8Array | string | null,
): EventParseResult<z.output<S>> {
  if (value === null) return failWhole('is missing (a tombstone); this topic does not use tombstones');
  const decoded = decodeJson(value, false);
  if (!decoded.ok) return decoded;
  return validateEvent(schema, decoded.json);
}

/** Checks an already-decoded value, e.g. an event about to be published. */
export function validateEvent<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): EventParseResult<z.output<S>> {
  const result = check(schema, input);
  return result.ok ? { ok: true, event: result.value } : result;
}
