import { z } from 'zod';

/**
 * One validation problem, as stored in dead letters and returned by the parsers.
 * `path` is dotted (`data.lines[0].amount`); `""` means the message as a whole.
 */
export interface Issue {
  path: string;
  message: string;
}

/** At most this many issues are spelled out in a reason; the rest are counted. */
const REASON_ISSUE_LIMIT = 3;
/** Input echoed in a message is cut so one bad value cannot flood a log line. */
const ECHO_LIMIT = 40;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Shows a received value in a message: short, quoted, never the whole payload. */
export function echo(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  float: 'a fractional number',
  boolean: 'a boolean (true or false)',
  object: 'an object',
  array: 'an array',
  null: 'null',
  date: 'a date',
  bigint: 'a big integer',
};
/** "a string", "a boolean (true or false)": zod's type names as words. */
export const describeType = (t: string): string => TYPE_NAMES[t] ?? t;

function plural(n: number | bigint, one: string, many: string): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

/**
 * Messages phrased to follow a field path ("data.amount is required"), so a reason
 * reads as a sentence an operator can act on. Returns undefined to keep zod's text.
 */
function phrase(issue: z.ZodIssueOptionalMessage): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return 'is required';
      if (issue.expected === 'integer' && issue.received === 'float') return 'must be a whole number';
      return `must be ${describeType(issue.expected)}, not ${describeType(issue.received)}`;
    case 'invalid_literal':
      return `must be ${JSON.stringify(issue.expected)}, not ${echo(issue.received)}`;
    case 'invalid_enum_value':
      return `must be one of ${issue.options.join(', ')}, not ${echo(issue.received)}`;
    case 'invalid_union_discriminator':
      return `must be one of ${issue.options.map(String).join(', ')}`;
    case 'invalid_union':
      return 'does not match any allowed shape';
    case 'unrecognized_keys':
      return `has fields that are not allowed: ${issue.keys.join(', ')}`;
    case 'too_small':
      if (issue.type === 'string') {
        return Number(issue.minimum) === 1
          ? 'must not be empty'
          : `must be at least ${plural(issue.minimum, 'character', 'characters')} long`;
      }
      if (issue.type === 'array') {
        return `must list at least ${plural(issue.minimum, 'item', 'items')}`;
      }
      if (issue.type === 'number') {
        return issue.inclusive
          ? `must be at least ${issue.minimum}`
          : `must be greater than ${issue.minimum}`;
      }
      return undefined;
    case 'too_big':
      if (issue.type === 'string') {
        return `must be at most ${plural(issue.maximum, 'character', 'characters')} long`;
      }
      if (issue.type === 'array') return `must list at most ${plural(issue.maximum, 'item', 'items')}`;
      if (issue.type === 'number') {
        return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
      }
      return undefined;
    case 'invalid_string':
      return 'has an invalid format';
    default:
      return undefined;
  }
}

/**
 * Contextual error map used by every parser in this library. A message a schema
 * set for itself (e.g. the float warning on amounts) wins; only zod's generic
 * defaults are rephrased. Passed per parse, never installed globally, so other
 * zod users in the same process are unaffected.
 */
export const contractsErrorMap: z.ZodErrorMap = (issue, ctx) => {
  const zodDefault = z.defaultErrorMap(issue, { data: ctx.data as unknown, defaultError: '' }).message;
  if (ctx.defaultError !== zodDefault) return { message: ctx.defaultError };
  return { message: phrase(issue) ?? ctx.defaultError };
};

export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/**
 * One sentence for a dead letter's `reason`, e.g. "data.amount must be …;
 * data.currency is required (and 2 more problems)". Path "" reads as "the message value".
 */
export function describeIssues(issues: readonly Issue[]): string {
  const shown = issues
    .slice(0, REASON_ISSUE_LIMIT)
    .map((i) => (i.path === '' ? `the message value ${i.message}` : `${i.path} ${i.message}`));
  const rest = issues.length - shown.length;
  const more = rest > 0 ? ` (and ${plural(rest, 'more problem', 'more problems')})` : '';
  return `${shown.join('; ')}${more}`;
}
