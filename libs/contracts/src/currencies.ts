import { z } from 'zod';
import { echo } from './issues';

/**
 * Active ISO 4217 codes (SIX list one, 2026 edition), including funds, precious
 * metals and the testing/no-currency codes XTS and XXX. Withdrawn codes (BGN,
 * ANG, HRK, ZWL, SLL, CUC …) are rejected: a new document in one of them is a
 * data error. If historical documents in such a code must flow, add it here with
 * a comment rather than loosening the check.
 */
const CODES = `
  AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD
  BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK
  DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF
  IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
  LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD
  NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD
  SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD
  TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA
  XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG
`
  .trim()
  .split(/\s+/);

export const ISO_4217_CURRENCY_CODES: ReadonlySet<string> = new Set<string>(CODES);

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && ISO_4217_CURRENCY_CODES.has(value);
}

// One alternation regex: a string check inside zod, cheaper than a refinement with a Set lookup.
const CURRENCY_PATTERN = new RegExp(`^(?:${CODES.join('|')})$`);

/**
 * A currency code is not a secret, so the message names it: that is what gets
 * fixed. The schema-bound error map sees the input, a static message could not.
 */
export const CurrencyCodeSchema = z
  .string({
    errorMap: (issue, ctx) =>
      issue.code === 'invalid_string'
        ? {
            message: `is ${echo(ctx.data)}, which is not a known ISO 4217 currency code (three upper-case letters such as "EUR")`,
          }
        : { message: ctx.defaultError },
  })
  .regex(CURRENCY_PATTERN);
export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;
