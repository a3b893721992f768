import { type ImportContext, decideImport, findExchangeRate } from './import.rules';
import type {
  ConnectionRole,
  ExchangeRate,
  SetupSnapshot,
  StagedActual,
  TransactionConnection,
  TransactionType,
} from './journal.types';

const setup = (over: Partial<SetupSnapshot> = {}): SetupSnapshot => ({
  legalEntities: new Map([
    ['USMF', { accountingCurrency: 'USD' }],
    ['DEMF', { accountingCurrency: 'EUR' }],
  ]),
  projects: new Map([
    ['P-1', { legalEntity: 'USMF' }],
    ['P-DE', { legalEntity: 'DEMF' }],
  ]),
  ledgerPeriods: [
    { legalEntity: 'USMF', start: '2026-10-01', end: '2026-10-31', status: 'Closed' },
    { legalEntity: 'USMF', start: '2026-11-01', end: '2026-11-30', status: 'Open' },
  ],
  exchangeRates: [
    { fromCurrency: 'EUR', toCurrency: 'USD', date: '2026-11-05', rate: '1.08' },
    { fromCurrency: 'EUR', toCurrency: 'USD', date: '2026-11-20', rate: '1.10' },
    { fromCurrency: 'USD', toCurrency: 'JPY', date: '2026-11-01', rate: '150' },
  ],
  ...over,
});

const actual = (over: Partial<StagedActual> = {}): StagedActual => ({
  actualId: 'A-1',
  legalEntity: 'USMF',
  projectId: 'P-1',
  transactionType: 'Cost',
  transactionClass: 'Time',
  quantity: '2',
  unitPrice: '50.25',
  amount: '100.50',
  currency: 'USD',
  documentDate: '2026-11-10',
  accountingDate: '2026-11-10',
  skipSync: false,
  ...over,
});

const typeOf = (role: ConnectionRole): TransactionType =>
  role === 'Cost' || role === 'UnbilledSales' || role === 'BilledSales' ? role : 'Cost';

const connection = (t1: [string, ConnectionRole], t2: [string, ConnectionRole]): TransactionConnection => ({
  connectionId: `${t1[0]}~${t2[0]}`,
  transaction1Id: t1[0],
  transaction1Role: t1[1],
  transaction1Type: typeOf(t1[1]),
  transaction2Id: t2[0],
  transaction2Role: t2[1],
  transaction2Type: typeOf(t2[1]),
});

const context = (over: Partial<ImportContext> = {}): ImportContext => ({
  setup: setup(),
  connections: [],
  postedUnbilledSalesActualIds: new Set(),
  ...over,
});

const rate = (fromCurrency: string, toCurrency: string, date: string, value: string): ExchangeRate => ({
  fromCurrency,
  toCurrency,
  date,
  rate: value,
});

describe('findExchangeRate', () => {
  it.each<[string, ExchangeRate[], string, string, string, string | null]>([
    ['same currency needs no rate', [], 'USD', 'USD', '2026-11-10', '1'],
    ['latest rate on or before the date', setup().exchangeRates.slice(), 'EUR', 'USD', '2026-11-25', '1.10'],
    [
      'a rate dated on the day itself counts',
      setup().exchangeRates.slice(),
      'EUR',
      'USD',
      '2026-11-20',
      '1.10',
    ],
    ['a later rate is ignored', setup().exchangeRates.slice(), 'EUR', 'USD', '2026-11-19', '1.08'],
    ['nothing on or before the date', setup().exchangeRates.slice(), 'EUR', 'USD', '2026-11-04', null],
    ['unknown pair', setup().exchangeRates.slice(), 'GBP', 'USD', '2026-11-10', null],
    [
      'the inverse pair, as 1 / rate rounded to 12 decimals',
      setup().exchangeRates.slice(),
      'JPY',
      'USD',
      '2026-11-10',
      '0.006666666667',
    ],
    [
      'on the same day the direct rate wins over a derived inverse',
      [rate('USD', 'EUR', '2026-11-20', '0.5'), rate('EUR', 'USD', '2026-11-20', '1.10')],
      'EUR',
      'USD',
      '2026-11-25',
      '1.10',
    ],
    [
      'a later inverse rate wins over an older direct one',
      [rate('EUR', 'USD', '2026-11-20', '1.10'), rate('USD', 'EUR', '2026-11-22', '0.8')],
      'EUR',
      'USD',
      '2026-11-25',
      '1.25',
    ],
    ['a zero rate is unusable', [rate('EUR', 'USD', '2026-11-01', '0')], 'EUR', 'USD', '2026-11-25', null],
  ])('%s', (_case, exchangeRates, from, to, date, expected) => {
    expect(findExchangeRate(setup({ exchangeRates }), from, to, date)).toBe(expected);
  });
});

type Expected = ReturnType<typeof decideImport>;

const rejected = (
  code: string,
  mentions: string,
  status: 'Error' | 'InvalidActual' = 'Error',
  retryable = true,
): Expected => ({
  outcome: 'reject',
  issue: { code, status, retryable, message: expect.stringContaining(mentions) },
});

const waiting = (mentions: string): Expected => ({
  outcome: 'wait',
  issue: {
    code: 'JOURNAL.UNBILLED_SALES_NOT_POSTED',
    status: 'Error',
    retryable: true,
    message: expect.stringContaining(mentions),
  },
});

const billed = (over: Partial<StagedActual> = {}): StagedActual =>
  actual({ actualId: 'B-1', transactionType: 'BilledSales', transactionClass: 'Fee', ...over });

describe('decideImport', () => {
  it.each<[string, StagedActual, ImportContext, Expected]>([
    ['cost in the accounting currency', actual(), context(), { outcome: 'line', kind: 'journal' }],
    [
      'unbilled sales need no connection',
      actual({ transactionType: 'UnbilledSales' }),
      context(),
      { outcome: 'line', kind: 'journal' },
    ],
    [
      'foreign currency with a rate',
      actual({ currency: 'EUR' }),
      context(),
      { outcome: 'line', kind: 'journal' },
    ],
    [
      'foreign currency through the inverse pair',
      actual({ currency: 'JPY', quantity: '1', unitPrice: '15000', amount: '15000' }),
      context(),
      { outcome: 'line', kind: 'journal' },
    ],
    [
      'skip sync is skipped',
      actual({ skipSync: true }),
      context(),
      { outcome: 'skip', reason: expect.stringContaining('not expected in Finance') as string },
    ],
    [
      'skip sync is skipped before any check',
      actual({ skipSync: true, legalEntity: 'XX', amount: '1' }),
      context(),
      { outcome: 'skip', reason: expect.stringContaining('A-1') as string },
    ],
    [
      'unknown legal entity',
      actual({ legalEntity: 'XX' }),
      context(),
      rejected('JOURNAL.LEGAL_ENTITY_UNKNOWN', 'legal entity XX'),
    ],
    [
      'unknown project',
      actual({ projectId: 'P-9' }),
      context(),
      rejected('JOURNAL.PROJECT_UNKNOWN', 'project P-9'),
    ],
    [
      'project of another legal entity',
      actual({ projectId: 'P-DE' }),
      context(),
      rejected('JOURNAL.PROJECT_UNKNOWN', 'legal entity DEMF, not USMF'),
    ],
    [
      'no ledger period covers the accounting date',
      actual({ accountingDate: '2026-12-05' }),
      context(),
      rejected(
        'JOURNAL.PERIOD_CLOSED',
        'no ledger period of legal entity USMF covers accounting date 2026-12-05',
      ),
    ],
    [
      'closed period',
      actual({ accountingDate: '2026-10-15' }),
      context(),
      rejected(
        'JOURNAL.PERIOD_CLOSED',
        'ledger period 2026-10-01 to 2026-10-31 of legal entity USMF is closed',
      ),
    ],
    [
      'a closed period overlapping an open one blocks',
      actual({ accountingDate: '2026-11-01' }),
      context({
        setup: setup({
          ledgerPeriods: [
            { legalEntity: 'USMF', start: '2026-11-01', end: '2026-11-30', status: 'Open' },
            { legalEntity: 'USMF', start: '2026-11-01', end: '2026-11-01', status: 'Closed' },
          ],
        }),
      }),
      rejected('JOURNAL.PERIOD_CLOSED', '2026-11-01 to 2026-11-01'),
    ],
    [
      'a period of another legal entity does not count',
      actual(),
      context({
        setup: setup({
          ledgerPeriods: [{ legalEntity: 'DEMF', start: '2026-11-01', end: '2026-11-30', status: 'Open' }],
        }),
      }),
      rejected('JOURNAL.PERIOD_CLOSED', 'legal entity USMF'),
    ],
    [
      'no rate for the pair',
      actual({ currency: 'GBP' }),
      context(),
      rejected('JOURNAL.EXCHANGE_RATE_MISSING', 'from GBP to USD'),
    ],
    [
      'rates only after the accounting date',
      actual({ currency: 'EUR', accountingDate: '2026-11-03' }),
      context(),
      rejected('JOURNAL.EXCHANGE_RATE_MISSING', 'on or before 2026-11-03'),
    ],
    [
      'amount differs from quantity × unit price',
      actual({ amount: '100.49' }),
      context(),
      rejected('JOURNAL.AMOUNT_INCONSISTENT', 'is 100.5', 'InvalidActual', false),
    ],
    [
      'amount equal in another notation',
      actual({ quantity: '2.0', amount: '100.5' }),
      context(),
      { outcome: 'line', kind: 'journal' },
    ],
    [
      'exact where binary floats are not (0.1 × 0.2)',
      actual({ quantity: '0.1', unitPrice: '0.2', amount: '0.02' }),
      context(),
      { outcome: 'line', kind: 'journal' },
    ],
    [
      'exact beyond 20 significant digits',
      actual({ quantity: '3', unitPrice: '333333333333333.333333', amount: '999999999999999.999999' }),
      context(),
      { outcome: 'line', kind: 'journal' },
    ],
    [
      'an invalid amount is reported before missing setup',
      actual({ legalEntity: 'XX', amount: '1' }),
      context(),
      rejected('JOURNAL.AMOUNT_INCONSISTENT', 'A-1', 'InvalidActual', false),
    ],
    [
      'billed sales without a connection',
      billed(),
      context(),
      rejected('JOURNAL.TRANSACTION_CONNECTION_MISSING', 'B-1'),
    ],
    [
      'billed sales with only an unrelated connection',
      billed(),
      context({ connections: [connection(['B-1', 'Reversing'], ['B-0', 'Original'])] }),
      rejected('JOURNAL.TRANSACTION_CONNECTION_MISSING', 'unbilled sales actual'),
    ],
    [
      'billed sales linked to something other than unbilled sales',
      billed(),
      context({
        connections: [
          connection(['B-1', 'BilledSales'], ['C-1', 'Cost']),
          connection(['C-2', 'Cost'], ['B-1', 'BilledSales']),
        ],
      }),
      rejected('JOURNAL.TRANSACTION_CONNECTION_MISSING', 'B-1'),
    ],
    [
      'billed sales whose unbilled sales are not posted wait',
      billed(),
      context({ connections: [connection(['B-1', 'BilledSales'], ['U-1', 'UnbilledSales'])] }),
      waiting('unbilled sales actual U-1'),
    ],
    [
      'billed sales whose unbilled sales are posted (connection either way round)',
      billed(),
      context({
        connections: [connection(['U-1', 'UnbilledSales'], ['B-1', 'BilledSales'])],
        postedUnbilledSalesActualIds: new Set(['U-1']),
      }),
      { outcome: 'line', kind: 'invoiceProposal' },
    ],
    [
      'billed sales wait for every linked unbilled sales line',
      billed(),
      context({
        connections: [
          connection(['B-1', 'BilledSales'], ['U-1', 'UnbilledSales']),
          connection(['B-1', 'BilledSales'], ['U-2', 'UnbilledSales']),
        ],
        postedUnbilledSalesActualIds: new Set(['U-1']),
      }),
      waiting('unbilled sales actual U-2 is not posted'),
    ],
    [
      'billed sales still need valid setup',
      billed({ projectId: 'P-9' }),
      context({
        connections: [connection(['B-1', 'BilledSales'], ['U-1', 'UnbilledSales'])],
        postedUnbilledSalesActualIds: new Set(['U-1']),
      }),
      rejected('JOURNAL.PROJECT_UNKNOWN', 'P-9'),
    ],
  ])('%s', (_case, staged, ctx, expected) => {
    expect(decideImport(staged, ctx)).toEqual(expected);
  });
});
