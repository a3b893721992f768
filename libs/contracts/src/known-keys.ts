import { z } from 'zod';
import { formatPath } from './issues';

/**
 * Unknown keys are allowed (forward compatibility), which would let a misspelt
 * key slip through. This walk, run by the parsers next to the schema, catches
 * the two cases that are certainly mistakes:
 * - a key that differs from a known one only by case, "_" or "-" (`EventId`,
 *   `transaction_type`), which is rejected even when the known key is optional;
 * - a required key that is missing while an unknown key is within two edits of
 *   it (`transactonType`): the message names both, instead of only "is required".
 * Genuinely new fields stay accepted.
 */
export interface KeyTypo {
  /** Path of the unknown key. */
  path: (string | number)[];
  /** Path of the known key it probably meant. */
  suggestion: (string | number)[];
  /** The known key is required and absent: the "is required" issue is replaced. */
  suggestionMissing: boolean;
}

interface ObjectKeys {
  /** Cached: zod rebuilds `.shape` of an extended object on every access. */
  shape: Record<string, z.ZodTypeAny>;
  byNormalized: Map<string, string>;
  required: string[];
}

const cache = new WeakMap<z.AnyZodObject, ObjectKeys>();

const normalize = (key: string): string => key.toLowerCase().replace(/[_\-\s]/g, '');

function keysOf(schema: z.AnyZodObject): ObjectKeys {
  let keys = cache.get(schema);
  if (keys === undefined) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    keys = {
      shape,
      byNormalized: new Map(Object.keys(shape).map((k) => [normalize(k), k])),
      // isOptional() parses undefined, so it is computed once per schema, not per message.
      required: Object.keys(shape).filter((k) => shape[k]?.isOptional() === false),
    };
    cache.set(schema, keys);
  }
  return keys;
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
function withinEdits(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return false;
    previous = current;
  }
  return (previous[b.length] ?? Infinity) <= limit;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strips wrappers that do not change which keys an object has. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodEffects) current = current.innerType() as z.ZodTypeAny;
    else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodTypeAny;
    } else if (current instanceof z.ZodDefault) current = current.removeDefault() as z.ZodTypeAny;
    else if (current instanceof z.ZodPipeline) current = current._def.in as z.ZodTypeAny;
    else return current;
  }
}

function walkObject(
  schema: z.AnyZodObject,
  value: Record<string, unknown>,
  path: (string | number)[],
  out: KeyTypo[],
): void {
  const keys = keysOf(schema);
  const unknown: string[] = [];
  for (const key in value) {
    const child = Object.prototype.hasOwnProperty.call(keys.shape, key) ? keys.shape[key] : undefined;
    // Only objects and arrays can hide keys; skipping scalars keeps the walk cheap.
    if (child === undefined) unknown.push(key);
    else if (typeof value[key] === 'object' && value[key] !== null)
      walk(child, value[key], [...path, key], out);
  }
  if (unknown.length === 0) return;
  const suggested = new Set<string>();
  for (const key of unknown) {
    const known = keys.byNormalized.get(normalize(key));
    if (known !== undefined) {
      suggested.add(known);
      out.push({ path: [...path, key], suggestion: [...path, known], suggestionMissing: !(known in value) });
    }
  }
  for (const required of keys.required) {
    if (required in value || suggested.has(required) || required.length < 4) continue;
    const near = unknown.find((k) => withinEdits(normalize(k), normalize(required), 2));
    if (near !== undefined) {
      out.push({ path: [...path, near], suggestion: [...path, required], suggestionMissing: true });
    }
  }
}

const discriminators = new WeakMap<z.ZodTypeAny, z.AnyZodObject>();

function discriminatorOnly(union: z.ZodDiscriminatedUnion<string, z.AnyZodObject[]>): z.AnyZodObject {
  let schema = discriminators.get(union);
  if (schema === undefined) {
    schema = z.object({ [union.discriminator]: z.unknown() });
    discriminators.set(union, schema);
  }
  return schema;
}

function walk(schema: z.ZodTypeAny, value: unknown, path: (string | number)[], out: KeyTypo[]): void {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isPlainObject(value)) {
    walkObject(inner as z.AnyZodObject, value, path, out);
  } else if (inner instanceof z.ZodArray && Array.isArray(value)) {
    const element = inner.element as z.ZodTypeAny;
    value.forEach((item, i) => walk(element, item, [...path, i], out));
  } else if (inner instanceof z.ZodDiscriminatedUnion && isPlainObject(value)) {
    const union = inner as z.ZodDiscriminatedUnion<string, z.AnyZodObject[]>;
    const option = union.optionsMap.get(value[union.discriminator] as z.Primitive);
    // No matching option: still catch a misspelt discriminator (`Kind` for `kind`).
    walkObject(option ?? discriminatorOnly(union), value, path, out);
  }
}

export function findKeyTypos(schema: z.ZodTypeAny, value: unknown): KeyTypo[] {
  const out: KeyTypo[] = [];
  walk(schema, value, [], out);
  return out;
}

export function describeKeyTypo(typo: KeyTypo): string {
  const meant = formatPath(typo.suggestion);
  return typo.suggestionMissing
    ? `is not a known field; did you mean ${meant}, which is missing?`
    : `is not a known field; did you mean ${meant}? (field names are case-sensitive)`;
}
