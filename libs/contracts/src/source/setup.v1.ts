import { z } from 'zod';
import { CurrencyCodeSchema } from '../currencies';
import { PositiveRateStringSchema } from '../money';
import { IdSchema, IsoDateSchema, LegalEntitySchema, TextSchema } from '../primitives';

/** `finance.setup.v1` — reference data the journal needs, one `kind` per record. DESIGN §3. */
export const SETUP_ENTITY = 'setup';

export const SETUP_KINDS = ['legalEntity', 'project', 'ledgerPeriod', 'exchangeRate'] as const;
export type SetupKind = (typeof SETUP_KINDS)[number];

export const LEDGER_PERIOD_STATUSES = ['Open', 'Closed'] as const;
export const LedgerPeriodStatusSchema = z.enum(LEDGER_PERIOD_STATUSES);
export type LedgerPeriodStatus = z.infer<typeof LedgerPeriodStatusSchema>;

/*
 * Natural keys (what a delete carries and the record id is built from):
 * a project id is unique only within its legal entity (as in Finance), a ledger
 * period is named by its start, an exchange rate by its pair and day. Dates
 * here are plain dates: a time of day would give one day several keys.
 */
const legalEntityKey = z.object({ kind: z.literal('legalEntity'), legalEntity: LegalEntitySchema });
const projectKey = z.object({
  kind: z.literal('project'),
  legalEntity: LegalEntitySchema,
  projectId: IdSchema,
});
const ledgerPeriodKey = z.object({
  kind: z.literal('ledgerPeriod'),
  legalEntity: LegalEntitySchema,
  start: IsoDateSchema,
});
const exchangeRateKey = z.object({
  kind: z.literal('exchangeRate'),
  fromCurrency: CurrencyCodeSchema,
  toCurrency: CurrencyCodeSchema,
  date: IsoDateSchema,
});

export const SetupKeySchema = z.discriminatedUnion('kind', [
  legalEntityKey,
  projectKey,
  ledgerPeriodKey,
  exchangeRateKey,
]);
export type SetupKey = z.infer<typeof SetupKeySchema>;

export const LegalEntitySetupSchema = legalEntityKey.extend({ accountingCurrency: CurrencyCodeSchema });
export const ProjectSetupSchema = projectKey.extend({ name: TextSchema });
export const LedgerPeriodSetupSchema = ledgerPeriodKey.extend({
  end: IsoDateSchema,
  status: LedgerPeriodStatusSchema,
});
/** Units of `toCurrency` for one unit of `fromCurrency` on `date`. */
export const ExchangeRateSetupSchema = exchangeRateKey.extend({ rate: PositiveRateStringSchema });

export const SetupDataSchema = z
  .discriminatedUnion('kind', [
    LegalEntitySetupSchema,
    ProjectSetupSchema,
    LedgerPeriodSetupSchema,
    ExchangeRateSetupSchema,
  ])
  // ISO dates compare correctly as text.
  .superRefine((setup, ctx) => {
    if (setup.kind === 'ledgerPeriod' && setup.end < setup.start) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['end'],
        message: `must not be before start (${setup.start})`,
      });
    }
  });
export type SetupData = z.infer<typeof SetupDataSchema>;
export type LegalEntitySetup = z.infer<typeof LegalEntitySetupSchema>;
export type ProjectSetup = z.infer<typeof ProjectSetupSchema>;
export type LedgerPeriodSetup = z.infer<typeof LedgerPeriodSetupSchema>;
export type ExchangeRateSetup = z.infer<typeof ExchangeRateSetupSchema>;
