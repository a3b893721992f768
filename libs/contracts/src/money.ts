import { z } from 'zod';
import { describeType } from './issues';

/**
 * Amounts travel as decimal strings: a JSON number is a binary float, and
 * 0.1 + 0.2 style errors would make reconciliation report cents that do not exist.
 * 15 integer digits and 6 decimals fit PostgreSQL numeric(21,6) and every
 * amount Finance stores.
 */
export const DECIMAL_PATTERN = /^-?\d{1,15}(\.\d{1,6})?$/;

/** Exchange rates need more decimals than amounts (JPY→USD is 0.0066…), and are never <= 0. */
export const RATE_PATTERN = /^\d{1,15}(\.\d{1,12})?$/;

export const FLOAT_AMOUNT_MESSAGE =
  'must be a decimal string such as "12.50", not a JSON number (floats lose cents)';

/** A string schema whose wrong-type message says what to send instead. */
function decimalText(example: string, numberMessage: string): z.ZodString {
  return z.string({
    errorMap: (issue, ctx) => {
      if (issue.code !== 'invalid_type' || issue.received === 'undefined') {
        return { message: ctx.defaultError };
      }
      if (issue.received === 'number') return { message: numberMessage };
      return {
        message: `must be a decimal string such as "${example}", not ${describeType(issue.received)}`,
      };
    },
  });
}

export const DecimalStringSchema = decimalText('12.50', FLOAT_AMOUNT_MESSAGE).regex(DECIMAL_PATTERN, {
  message:
    'must be a decimal string such as "12.50": an optional "-", up to 15 digits, optionally "." and up to 6 decimals (no "+", exponent or spaces)',
});
export type DecimalString = z.infer<typeof DecimalStringSchema>;

export const QuantityStringSchema = decimalText(
  '1.5',
  'must be a decimal string such as "1.5", not a JSON number (floats lose precision)',
).regex(DECIMAL_PATTERN, {
  message:
    'must be a decimal string such as "1.5": an optional "-", up to 15 digits, optionally "." and up to 6 decimals (no "+", exponent or spaces)',
});
export type QuantityString = z.infer<typeof QuantityStringSchema>;

export const PositiveRateStringSchema = decimalText(
  '1.0825',
  'must be a decimal string such as "1.0825", not a JSON number (floats lose precision)',
).refine((s) => RATE_PATTERN.test(s) && /[1-9]/.test(s), {
  message: 'must be a positive decimal string such as "1.0825" (up to 12 decimals)',
});
export type PositiveRateString = z.infer<typeof PositiveRateStringSchema>;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

const SCALE = 6;

/**
 * Exact value of a decimal string in millionths, for the few checks this library
 * does (sums must match); services do their arithmetic with decimal.js.
 */
export function decimalToMicros(value: string): bigint {
  if (!DECIMAL_PATTERN.test(value)) throw new RangeError('not a decimal string');
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const micros = BigInt(whole) * 10n ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0'));
  return negative ? -micros : micros;
}

/** True when the two decimal strings are the same number ("12.5" equals "12.50"). */
export function decimalsEqual(a: string, b: string): boolean {
  return decimalToMicros(a) === decimalToMicros(b);
}
