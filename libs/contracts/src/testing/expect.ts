import type { z } from 'zod';
import type { Issue } from '../issues';
import { validateEvent } from '../parse';

/** Issues as the parsers report them (with this library's messages), [] when valid. */
export function issuesOf(schema: z.ZodTypeAny, input: unknown): Issue[] {
  const result = validateEvent(schema, input);
  return result.ok ? [] : result.issues;
}

/** "path message" of every issue, the form a reason is built from. */
export function problems(schema: z.ZodTypeAny, input: unknown): string[] {
  return issuesOf(schema, input).map((i) => `${i.path} ${i.message}`.trim());
}

export function without<T extends object>(value: T, key: keyof T): Partial<T> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
