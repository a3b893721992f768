import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

/** A request's body, query or parameters failed their schema: a 400 listing every problem. */
export class RequestValidationError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'RequestValidationError';
  }
}

const MAX_PROBLEMS = 20;
const MAX_ECHOED_KEYS = 5;

function fieldPath(location: string, path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${segment}`),
    location,
  );
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function sizeBound(issue: z.ZodTooSmallIssue | z.ZodTooBigIssue, at: string): string {
  const small = issue.code === z.ZodIssueCode.too_small;
  const bound = small ? issue.minimum : issue.maximum;
  const word = small ? 'least' : 'most';
  switch (issue.type) {
    case 'string':
      return `${at} must be at ${word} ${String(bound)} characters long`;
    case 'array':
    case 'set':
      return `${at} must have at ${word} ${String(bound)} items`;
    case 'number':
    case 'bigint':
      return issue.inclusive
        ? `${at} must be at ${word} ${String(bound)}`
        : `${at} must be ${small ? 'greater' : 'less'} than ${String(bound)}`;
    default:
      return `${at}: ${issue.message}`;
  }
}

/**
 * One sentence per issue that says where and what is allowed. Zod's own wording is replaced because
 * it quotes the received value ("received 'x'"), and the value may be anything a client sent.
 */
function describeIssue(issue: z.ZodIssue, location: string): string {
  const at = fieldPath(location, issue.path);
  // A message the schema's author wrote ("must be a date such as 2026-01-31") reads after the path.
  if (/^[a-z]/.test(issue.message)) return `${at} ${issue.message}`;
  switch (issue.code) {
    case z.ZodIssueCode.invalid_enum_value:
      return `${at} must be one of ${issue.options.join(', ')}`;
    case z.ZodIssueCode.invalid_union_discriminator:
      return `${at} must be one of ${issue.options.map(String).join(', ')}`;
    case z.ZodIssueCode.invalid_literal:
      return `${at} must be ${JSON.stringify(issue.expected)}`;
    case z.ZodIssueCode.invalid_type:
      return issue.received === 'undefined'
        ? `${at} is required`
        : `${at} must be ${article(issue.expected)}, not ${article(issue.received)}`;
    case z.ZodIssueCode.unrecognized_keys: {
      const keys = issue.keys.slice(0, MAX_ECHOED_KEYS).map((key) => key.slice(0, 40));
      return `${at} has unknown fields: ${keys.join(', ')}${issue.keys.length > MAX_ECHOED_KEYS ? ', …' : ''}`;
    }
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big:
      return sizeBound(issue, at);
    case z.ZodIssueCode.invalid_string:
      return `${at} must be a valid ${typeof issue.validation === 'string' ? issue.validation : 'string'}`;
    case z.ZodIssueCode.invalid_date:
      return `${at} must be a valid date`;
    case z.ZodIssueCode.invalid_union:
      return `${at} does not match any of the allowed forms`;
    default:
      return `${at}: ${issue.message}`;
  }
}

/** `location` prefixes every path: `body`, `query`, `query.view`… */
export function describeZodIssues(error: z.ZodError, location: string): string[] {
  const problems = error.issues.slice(0, MAX_PROBLEMS).map((issue) => describeIssue(issue, location));
  if (error.issues.length > MAX_PROBLEMS) problems.push(`and ${error.issues.length - MAX_PROBLEMS} more`);
  return problems;
}

/** Parses a request value by hand (outside a pipe); throws a 400-mapped RequestValidationError. */
export function parseRequest<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  location: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestValidationError(describeZodIssues(result.error, location));
  return result.data as z.output<S>;
}

function locationOf({ type, data }: ArgumentMetadata): string {
  const base = type === 'custom' ? 'value' : type;
  return data ? `${base}.${data}` : base;
}

/**
 * `@Body(new ZodValidationPipe(schema))`, `@Query(new ZodValidationPipe(schema))`: the handler gets
 * the parsed (typed, defaulted, coerced) value or the client gets a 400 naming each bad field.
 */
@Injectable()
export class ZodValidationPipe<S extends z.ZodTypeAny> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    return parseRequest(this.schema, value, locationOf(metadata));
  }
}
