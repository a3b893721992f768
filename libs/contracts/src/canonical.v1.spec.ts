import {
  CANONICAL_SCHEMA_VERSION,
  CanonicalActualEventSchema,
  CanonicalSetupEventSchema,
  CanonicalVendorInvoiceLineEventSchema,
} from './canonical.v1';
import { actual, EVENT_ID, OTHER_ID, setupExchangeRate, vendorInvoiceLine } from './testing/fixtures';
import { problems } from './testing/expect';

const canonical = (patch: object = {}) => ({
  schemaVersion: CANONICAL_SCHEMA_VERSION,
  eventId: OTHER_ID,
  sourceEventId: EVENT_ID,
  sourceTopic: 'dataverse.actuals.v1',
  entity: 'msdyn_actual',
  recordId: 'a-1001',
  operation: 'upsert',
  occurredAt: '2025-03-31T14:05:01Z',
  mapVersion: '1.0.0.20',
  ingestedAt: '2025-03-31T14:05:02.001Z',
  data: actual(),
  ...patch,
});

describe('canonical events', () => {
  it('accepts a canonical actual upsert', () => {
    const event = CanonicalActualEventSchema.parse(canonical());
    expect(event.operation === 'upsert' && event.data.amount).toBe('12.50');
  });

  it('accepts a delete that carries only the key', () => {
    expect(
      CanonicalActualEventSchema.parse(canonical({ operation: 'delete', data: { actualId: 'a-1001' } })).data,
    ).toEqual({
      actualId: 'a-1001',
    });
  });

  it.each([
    [{ schemaVersion: 2 }, 'schemaVersion must be 1, not 2'],
    [
      { sourceTopic: 'finance.expenses.v1' },
      'sourceTopic must be "dataverse.actuals.v1", not "finance.expenses.v1"',
    ],
    [{ entity: 'expense' }, 'entity must be "msdyn_actual", not "expense"'],
    [{ recordId: 'a-9999' }, 'recordId must be "a-1001", the id made from data'],
    [{ ingestedAt: 'yesterday' }, expect.stringMatching(/^ingestedAt must be an ISO-8601 instant/)],
    [
      { data: { ...actual(), amount: 12.5 } },
      expect.stringMatching(/^data\.amount must be a decimal string/),
    ],
    [{ operation: 'merge' }, 'operation must be one of upsert, delete'],
  ])('rejects %j', (patch, message) => {
    expect(problems(CanonicalActualEventSchema, canonical(patch))).toEqual([message]);
  });

  it('derives composite record ids for vendor invoice lines and setup', () => {
    const line = canonical({
      sourceTopic: 'finance.vendor-invoices.v1',
      entity: 'vendor_invoice_line',
      recordId: 'VI-9:2',
      data: vendorInvoiceLine(),
    });
    expect(CanonicalVendorInvoiceLineEventSchema.safeParse(line).success).toBe(true);
    const rate = canonical({
      sourceTopic: 'finance.setup.v1',
      entity: 'setup',
      recordId: 'exchangeRate:EUR:USD:2025-03-31',
      data: setupExchangeRate(),
    });
    expect(CanonicalSetupEventSchema.safeParse(rate).success).toBe(true);
  });
});
