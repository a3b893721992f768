import { z } from 'zod';

/**
 * A second implementation of the zod schemas' *accepting* path, compiled once per schema into
 * plain closures: zod 3 spends ≈ 15–25 µs on one event (a ParseStatus, a lazy path and a context
 * per field), this ≈ 3 µs, and every service parses every message it consumes.
 *
 * It never decides that an input is invalid: it either returns exactly the value zod's `safeParse`
 * would return (same fields, same key order, same transforms) or `MISMATCH`, and the caller then
 * asks zod, whose issues and messages are the contract. So it only has to be sound — accept nothing
 * zod rejects — and anything it does not know (a schema type, a string check, a non-plain object)
 * makes it step aside. The spec compares both on every schema of the registry and many broken inputs.
 */
export const MISMATCH: unique symbol = Symbol('fast-check: ask zod');

export interface FastContext {
  /** An object held a key its schema does not know: the key-typo walk must run. */
  unknownKeys: boolean;
}

type Check = (value: unknown, context: FastContext) => unknown;

const compiled = new WeakMap<z.ZodTypeAny, Check | null>();

/** The compiled check of `schema`, or null when it uses something this module does not reproduce. */
export function fastCheck(schema: z.ZodTypeAny): Check | null {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

/** What zod's getParsedType calls "object" among JSON-like values: a plain object. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  // zod reads an object with then() and catch() as a promise.
  return (
    (proto === Object.prototype || proto === null) && typeof (value as { then?: unknown }).then !== 'function'
  );
}

function compile(schema: z.ZodTypeAny): Check | null {
  if (schema instanceof z.ZodString) return compileString(schema);
  if (schema instanceof z.ZodNumber) return compileNumber(schema);
  if (schema instanceof z.ZodBoolean)
    return schema._def.coerce ? null : (v) => (typeof v === 'boolean' ? v : MISMATCH);
  if (schema instanceof z.ZodUnknown || schema instanceof z.ZodAny) return (v) => v;
  if (schema instanceof z.ZodLiteral) {
    const expected = schema._def.value as unknown;
    return (v) => (v === expected ? v : MISMATCH);
  }
  if (schema instanceof z.ZodEnum) {
    const values = new Set<unknown>(schema._def.values as string[]);
    return (v) => (typeof v === 'string' && values.has(v) ? v : MISMATCH);
  }
  if (schema instanceof z.ZodOptional) {
    const inner = fastCheck(schema._def.innerType as z.ZodTypeAny);
    return inner && ((v, c) => (v === undefined ? undefined : inner(v, c)));
  }
  if (schema instanceof z.ZodNullable) {
    const inner = fastCheck(schema._def.innerType as z.ZodTypeAny);
    return inner && ((v, c) => (v === null ? null : inner(v, c)));
  }
  if (schema instanceof z.ZodObject) return compileObject(schema as z.AnyZodObject);
  if (schema instanceof z.ZodRecord) return compileRecord(schema as z.ZodRecord);
  if (schema instanceof z.ZodArray) return compileArray(schema as z.ZodArray<z.ZodTypeAny>);
  if (schema instanceof z.ZodDiscriminatedUnion)
    return compileDiscriminatedUnion(schema as z.ZodDiscriminatedUnion<string, z.AnyZodObject[]>);
  if (schema instanceof z.ZodEffects) return compileEffects(schema as z.ZodEffects<z.ZodTypeAny>);
  return null;
}

function compileString(schema: z.ZodString): Check | null {
  if (schema._def.coerce) return null;
  const tests: ((s: string) => boolean)[] = [];
  for (const check of schema._def.checks) {
    if (check.kind === 'min') tests.push((s) => s.length >= check.value);
    else if (check.kind === 'max') tests.push((s) => s.length <= check.value);
    else if (check.kind === 'length') tests.push((s) => s.length === check.value);
    else if (check.kind === 'regex') {
      const regex = check.regex;
      tests.push((s) => {
        regex.lastIndex = 0;
        return regex.test(s);
      });
    } else return null; // trim, toLowerCase, uuid, datetime…: not reproduced here
  }
  return (v) => {
    if (typeof v !== 'string') return MISMATCH;
    for (const test of tests) if (!test(v)) return MISMATCH;
    return v;
  };
}

function compileNumber(schema: z.ZodNumber): Check | null {
  if (schema._def.coerce) return null;
  const tests: ((n: number) => boolean)[] = [];
  for (const check of schema._def.checks) {
    if (check.kind === 'int') tests.push((n) => Number.isInteger(n));
    else if (check.kind === 'min')
      tests.push(check.inclusive ? (n) => n >= check.value : (n) => n > check.value);
    else if (check.kind === 'max')
      tests.push(check.inclusive ? (n) => n <= check.value : (n) => n < check.value);
    else if (check.kind === 'finite') tests.push((n) => Number.isFinite(n));
    else return null; // multipleOf uses zod's own float-safe remainder
  }
  return (v) => {
    if (typeof v !== 'number' || Number.isNaN(v)) return MISMATCH;
    for (const test of tests) if (!test(v)) return MISMATCH;
    return v;
  };
}

function compileObject(schema: z.AnyZodObject): Check | null {
  const unknownKeys = schema._def.unknownKeys as 'strip' | 'passthrough' | 'strict';
  if (!(schema._def.catchall instanceof z.ZodNever) || unknownKeys === 'strict') return null;
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  const keys = Object.keys(shape);
  if (keys.includes('__proto__')) return null;
  const checks: Check[] = [];
  for (const key of keys) {
    const check = fastCheck(shape[key] as z.ZodTypeAny);
    if (!check) return null;
    checks.push(check);
  }
  const known = new Set(keys);
  const passthrough = unknownKeys === 'passthrough';
  return (v, context) => {
    if (!isPlainObject(v)) return MISMATCH;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = (checks[i] as Check)(v[key], context);
      if (value === MISMATCH) return MISMATCH;
      // As zod: an absent optional key stays absent, a present one is kept even when undefined.
      if (value !== undefined || key in v) out[key] = value;
    }
    for (const key in v) {
      if (known.has(key)) continue;
      context.unknownKeys = true;
      // zod never copies a "__proto__" key; stepping aside is simpler than mimicking that.
      if (key === '__proto__') return MISMATCH;
      if (passthrough) out[key] = v[key];
    }
    return out;
  };
}

function compileRecord(schema: z.ZodRecord): Check | null {
  const keyCheck = fastCheck(schema._def.keyType as z.ZodTypeAny);
  const valueCheck = fastCheck(schema._def.valueType);
  if (!keyCheck || !valueCheck) return null;
  return (v, context) => {
    if (!isPlainObject(v)) return MISMATCH;
    const out: Record<string, unknown> = {};
    for (const key in v) {
      if (key === '__proto__') return MISMATCH;
      const k = keyCheck(key, context);
      const value = valueCheck(v[key], context);
      if (k === MISMATCH || value === MISMATCH) return MISMATCH;
      out[k as string] = value;
    }
    return out;
  };
}

function compileArray(schema: z.ZodArray<z.ZodTypeAny>): Check | null {
  const { exactLength, minLength, maxLength } = schema._def;
  const element = fastCheck(schema._def.type);
  if (!element) return null;
  return (v, context) => {
    if (!Array.isArray(v)) return MISMATCH;
    if (exactLength && v.length !== exactLength.value) return MISMATCH;
    if (minLength && v.length < minLength.value) return MISMATCH;
    if (maxLength && v.length > maxLength.value) return MISMATCH;
    const out: unknown[] = [];
    for (const item of v) {
      const value = element(item, context);
      if (value === MISMATCH) return MISMATCH;
      out.push(value);
    }
    return out;
  };
}

function compileDiscriminatedUnion(schema: z.ZodDiscriminatedUnion<string, z.AnyZodObject[]>): Check | null {
  const discriminator = schema.discriminator;
  const options = new Map<unknown, Check>();
  for (const [value, option] of schema.optionsMap) {
    const check = fastCheck(option);
    if (!check) return null;
    options.set(value, check);
  }
  return (v, context) => {
    if (!isPlainObject(v)) return MISMATCH;
    const option = options.get(v[discriminator]);
    return option ? option(v, context) : MISMATCH;
  };
}

/** Refinements and transforms run zod's own functions; any issue they raise hands over to zod. */
function compileEffects(schema: z.ZodEffects<z.ZodTypeAny>): Check | null {
  const effect = schema._def.effect;
  if (effect.type === 'preprocess') return null;
  const inner = fastCheck(schema._def.schema);
  if (!inner) return null;
  return (v, context) => {
    const value = inner(v, context);
    if (value === MISMATCH) return MISMATCH;
    let failed = false;
    const ctx: z.RefinementCtx = {
      addIssue: () => {
        failed = true;
      },
      path: [],
    };
    if (effect.type === 'refinement') {
      const result = effect.refinement(value, ctx) as unknown;
      if (result instanceof Promise) return MISMATCH;
      return failed ? MISMATCH : value;
    }
    const result = effect.transform(value, ctx) as unknown;
    if (result instanceof Promise) return MISMATCH;
    return failed ? MISMATCH : result;
  };
}
