import { checkExchangeRate, checkLedgerPeriod, legalEntityUnknown } from './import.rules';
import { ExactDecimal, type JournalIssue, type SetupSnapshot } from './journal.types';

/** ISO 4217 minor units where they differ from 2; funds and metals without one use 2 too. */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...[
    'BIF',
    'CLP',
    'DJF',
    'GNF',
    'ISK',
    'JPY',
    'KMF',
    'KRW',
    'PYG',
    'RWF',
    'UGX',
    'UYI',
    'VND',
    'VUV',
    'XAF',
    'XOF',
    'XPF',
  ].map((code) => [code, 0] as const),
  ...['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((code) => [code, 3] as const),
  ...['CLF', 'UYW'].map((code) => [code, 4] as const),
]);

export function minorUnits(currency: string): number {
  return MINOR_UNITS.get(currency) ?? 2;
}

/**
 * The line's amount in the legal entity's accounting currency. Converted amounts are
 * rounded half-even (banker's rounding) so rounding over many lines does not drift
 * one way; an amount already in the accounting currency is kept exactly as staged.
 */
export function accountingAmount(
  amount: string,
  currency: string,
  accountingCurrency: string,
  rate: string | null,
): string {
  if (currency === accountingCurrency) return amount;
  if (rate === null) {
    throw new Error(
      `an exchange rate from ${currency} to ${accountingCurrency} is needed to convert ${amount}`,
    );
  }
  const places = minorUnits(accountingCurrency);
  return new ExactDecimal(amount)
    .times(rate)
    .toDecimalPlaces(places, ExactDecimal.ROUND_HALF_EVEN)
    .toFixed(places);
}

const VOUCHER_DIGITS = 8;
const MAX_VOUCHER_SEQUENCE = 10n ** BigInt(VOUCHER_DIGITS) - 1n;

/**
 * `USMF-JV-00000042`. Fixed width keeps vouchers sorting in posting order as text, so
 * a sequence that no longer fits is refused rather than silently widened.
 */
export function formatVoucher(legalEntity: string, sequence: bigint | number): string {
  if (typeof sequence === 'number' && !Number.isSafeInteger(sequence)) {
    throw new RangeError(`voucher sequence must be a whole number, got ${sequence}`);
  }
  const value = BigInt(sequence);
  if (value < 1n || value > MAX_VOUCHER_SEQUENCE) {
    throw new RangeError(`voucher sequence must be between 1 and ${MAX_VOUCHER_SEQUENCE}, got ${value}`);
  }
  return `${legalEntity}-JV-${value.toString().padStart(VOUCHER_DIGITS, '0')}`;
}

export interface PostableLine {
  legalEntity: string;
  accountingDate: string;
  currency: string;
  /** Named in the message when given. */
  actualId?: string;
}

/** Setup can change between import and posting: a period may close, a rate may be deleted. */
export function checkPostable(line: PostableLine, setup: SetupSnapshot): JournalIssue | null {
  const blocked =
    line.actualId === undefined
      ? 'The journal line cannot be posted'
      : `The journal line of actual ${line.actualId} cannot be posted`;
  const entity = setup.legalEntities.get(line.legalEntity);
  if (entity === undefined) return legalEntityUnknown(line.legalEntity, blocked);
  return (
    checkLedgerPeriod(setup, line.legalEntity, line.accountingDate, blocked) ??
    checkExchangeRate(
      setup,
      line.legalEntity,
      line.currency,
      entity.accountingCurrency,
      line.accountingDate,
      blocked,
    )
  );
}
