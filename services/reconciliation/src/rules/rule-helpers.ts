import Decimal from 'decimal.js';
import type { RulesConfig } from './rules.types';

/**
 * decimal.js rounds every result to 20 significant digits by default, which a long
 * sum of 15-digit amounts with 6 decimals can exceed; a private clone keeps sums exact
 * without touching the process-wide Decimal configuration.
 */
export const ExactDecimal = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });
export type ExactDecimal = InstanceType<typeof ExactDecimal>;

/** Canonical text ("12.5" for "12.50", "0" for "-0"): never exponent notation, never a float. */
export function decimalString(value: ExactDecimal): string {
  return value.toFixed();
}

export function sumAmounts(amounts: readonly string[]): ExactDecimal {
  return amounts.reduce((total, amount) => total.plus(amount), new ExactDecimal(0));
}

export function plusMs(instant: Date, ms: number): Date {
  return new Date(instant.getTime() + ms);
}

/**
 * A rule that waits for a period holds from the instant the period ends, inclusive:
 * a timer set to that instant (`nextDueAt`) must find the condition holding when it
 * fires, or it would need a second timer one millisecond later.
 */
export function hasElapsed(now: Date, dueAt: Date): boolean {
  return now.getTime() >= dueAt.getTime();
}

/** The earliest instant strictly after now; instants already reached changed nothing more. */
export function earliestFuture(now: Date, instants: readonly (Date | null)[]): Date | null {
  let earliest: Date | null = null;
  for (const instant of instants) {
    if (instant === null || instant.getTime() <= now.getTime()) continue;
    if (earliest === null || instant.getTime() < earliest.getTime()) earliest = instant;
  }
  return earliest;
}

/** The service validates its configuration at start-up; this guards a caller that did not. */
export function assertRulesConfig(config: RulesConfig): void {
  for (const key of ['gracePeriodMs', 'outOfSyncLookbackMs'] as const) {
    const value = config[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${key} must be a whole number of milliseconds >= 0, got ${value}`);
    }
  }
}
