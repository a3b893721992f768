import { setupExchangeRate, setupLedgerPeriod, setupLegalEntity, setupProject } from '../testing/fixtures';
import { problems } from '../testing/expect';
import { SetupDataSchema, SetupKeySchema } from './setup.v1';

describe('SetupDataSchema', () => {
  it.each([
    ['legalEntity', setupLegalEntity()],
    ['project', setupProject()],
    ['ledgerPeriod', setupLedgerPeriod()],
    ['exchangeRate', setupExchangeRate()],
  ])('accepts a %s record', (kind, record) => {
    expect(SetupDataSchema.parse(record)).toEqual(record);
    expect(SetupDataSchema.parse(record).kind).toBe(kind);
  });

  it.each([
    [
      { ...setupLegalEntity(), kind: 'company' },
      'kind must be one of legalEntity, project, ledgerPeriod, exchangeRate',
    ],
    [
      { ...setupLegalEntity(), accountingCurrency: 'usd' },
      expect.stringMatching(/^accountingCurrency is "usd", which is not a known ISO 4217/),
    ],
    [{ ...setupProject(), name: '' }, 'name must not be empty'],
    [{ ...setupLedgerPeriod(), status: 'OnHold' }, 'status must be one of Open, Closed, not "OnHold"'],
    [{ ...setupLedgerPeriod(), end: '2025-02-28' }, 'end must not be before start (2025-03-01)'],
    [
      { ...setupLedgerPeriod(), start: '2025-03-01T00:00:00Z' },
      'start must be an ISO-8601 date such as "2025-03-31"',
    ],
    [
      { ...setupExchangeRate(), rate: '0' },
      'rate must be a positive decimal string such as "1.0825" (up to 12 decimals)',
    ],
    [
      { ...setupExchangeRate(), rate: '-1.1' },
      'rate must be a positive decimal string such as "1.0825" (up to 12 decimals)',
    ],
    [
      { ...setupExchangeRate(), rate: 1.0825 },
      'rate must be a decimal string such as "1.0825", not a JSON number (floats lose precision)',
    ],
    [{ ...setupExchangeRate(), toCurrency: undefined }, 'toCurrency is required'],
  ])('rejects %j', (record, message) => {
    expect(problems(SetupDataSchema, record)).toEqual([message]);
  });

  it.each([
    [{ kind: 'legalEntity', legalEntity: 'USPM' }],
    [{ kind: 'project', legalEntity: 'USPM', projectId: 'PRJ-001' }],
    [{ kind: 'ledgerPeriod', legalEntity: 'USPM', start: '2025-03-01' }],
    [{ kind: 'exchangeRate', fromCurrency: 'EUR', toCurrency: 'USD', date: '2025-03-31' }],
  ])('the key of a delete is kind + natural key: %j', (key) => {
    expect(SetupKeySchema.parse(key)).toEqual(key);
  });

  it('a project key needs its legal entity (project ids are unique per legal entity)', () => {
    expect(problems(SetupKeySchema, { kind: 'project', projectId: 'PRJ-001' })).toEqual([
      'legalEntity is required',
    ]);
  });
});
