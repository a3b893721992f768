import { z } from 'zod';
import { parseDuration } from './duration';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** A duration such as 30s, 5m or 1h, in milliseconds. */
export const duration = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'must be a duration such as 500ms, 30s, 5m, 1h or 0',
        });
        return z.NEVER;
      }
      return ms;
    });

export const integer = (defaultValue: number, min: number, max: number) =>
  z
    .string()
    .default(String(defaultValue))
    .transform((text, ctx) => {
      const value = Number(text);
      if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be a whole number from ${min} to ${max}`,
        });
        return z.NEVER;
      }
      return value;
    });

export const url = (defaultValue: string, protocols: string[]) =>
  z
    .string()
    .default(defaultValue)
    .refine(
      (text) => {
        try {
          return protocols.includes(new URL(text).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
    );

export const brokerList = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const brokers = text
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean);
      if (brokers.length === 0 || brokers.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a comma-separated list of host:port' });
        return z.NEVER;
      }
      return brokers;
    });

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** Turns a zod issue into a sentence that names the variable and never repeats its value (it may be a secret). */
function describeIssue(issue: z.ZodIssue): string {
  const key = issue.path.join('.') || '(environment)';
  switch (issue.code) {
    case z.ZodIssueCode.invalid_enum_value:
      return `${key} must be one of ${issue.options.join(', ')}`;
    case z.ZodIssueCode.invalid_type:
      return `${key} is ${issue.received === 'undefined' ? 'required' : `of the wrong type (expected ${issue.expected})`}`;
    default:
      return `${key} ${issue.message}`;
  }
}

/**
 * Loads and validates the environment once; the result is frozen so nothing can drift at run time
 * (STYLE.md rule 5: no process.env elsewhere).
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.output<S>> {
  const blankAsUnset = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(blankAsUnset);
  if (!result.success) throw new ConfigError(result.error.issues.map(describeIssue));
  return Object.freeze(result.data as z.output<S>);
}
