import { SOURCE_ENTITIES } from '../envelope';
import * as fixtures from '../testing/fixtures';
import { SOURCE_RECORDS } from './records';

const examples = {
  msdyn_actual: [fixtures.actual(), 'a-1001'],
  msdyn_transactionconnection: [fixtures.transactionConnection(), 'c-1'],
  expense: [fixtures.expense(), 'EXP-42'],
  vendor_invoice_line: [fixtures.vendorInvoiceLine(), 'VI-9:2'],
  dual_write_map: [fixtures.dualWriteMap(), 'msdyn_actuals'],
  setup: [fixtures.setupProject(), 'project:USPM:PRJ-001'],
} as const;

describe('SOURCE_RECORDS', () => {
  it('defines every source entity under its own name', () => {
    expect(Object.keys(SOURCE_RECORDS).sort()).toEqual([...SOURCE_ENTITIES].sort());
    for (const [entity, record] of Object.entries(SOURCE_RECORDS)) expect(record.entity).toBe(entity);
  });

  it.each(SOURCE_ENTITIES)(
    '%s: a full record satisfies its key schema and gives the same record id',
    (entity) => {
      const [data, id] = examples[entity];
      const record = SOURCE_RECORDS[entity];
      const full = record.data.parse(data);
      const key = record.key.parse(data);
      const recordId = record.recordId as (k: unknown) => string;
      expect(recordId(full)).toBe(id);
      expect(recordId(key)).toBe(id);
    },
  );
});
