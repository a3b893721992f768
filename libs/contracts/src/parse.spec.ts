import { FLOAT_AMOUNT_MESSAGE } from './money';
import { parseEvent, parseSourceMessage, validateEvent } from './parse';
import {
  actual,
  bytes,
  dualWriteMap,
  envelope,
  EVENT_ID,
  expense,
  setupExchangeRate,
  transactionConnection,
  vendorInvoiceLine,
} from './testing/fixtures';
import { TOPICS, type SourceTopic } from './topics';

const buffer = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** The failure reason, or a marker that makes an unexpected success visible in the diff. */
const reasonOf = (topic: string, value: Buffer | Uint8Array | null): string => {
  const result = parseSourceMessage(topic, value);
  return result.ok ? 'parsed successfully' : result.reason;
};

describe('parseSourceMessage: valid messages', () => {
  it.each([
    ['dataverse.actuals.v1', 'msdyn_actual', actual(), 'a-1001'],
    ['dataverse.transaction-connections.v1', 'msdyn_transactionconnection', transactionConnection(), 'c-1'],
    ['finance.expenses.v1', 'expense', expense(), 'EXP-42'],
    ['finance.vendor-invoices.v1', 'vendor_invoice_line', vendorInvoiceLine(), 'VI-9:2'],
    ['finance.dual-write-maps.v1', 'dual_write_map', dualWriteMap(), 'msdyn_actuals'],
    ['finance.setup.v1', 'setup', setupExchangeRate(), 'exchangeRate:EUR:USD:2025-03-31'],
  ] as const)('%s: an upsert parses and yields record id', (topic, entity, data, recordId) => {
    const result = parseSourceMessage(topic, buffer(envelope(entity, data)));
    expect(result).toMatchObject({
      ok: true,
      recordId,
      envelope: { entity, operation: 'upsert', eventId: EVENT_ID },
    });
  });

  it.each([
    ['dataverse.actuals.v1', 'msdyn_actual', { actualId: 'a-1001' }, 'a-1001'],
    ['dataverse.transaction-connections.v1', 'msdyn_transactionconnection', { connectionId: 'c-1' }, 'c-1'],
    ['finance.expenses.v1', 'expense', { expenseId: 'EXP-42' }, 'EXP-42'],
    ['finance.vendor-invoices.v1', 'vendor_invoice_line', { invoiceId: 'VI-9', lineNumber: 2 }, 'VI-9:2'],
    ['finance.dual-write-maps.v1', 'dual_write_map', { mapName: 'msdyn_actuals' }, 'msdyn_actuals'],
    [
      'finance.setup.v1',
      'setup',
      { kind: 'project', legalEntity: 'USPM', projectId: 'P1' },
      'project:USPM:P1',
    ],
  ] as const)('%s: a delete with only the id fields parses', (topic, entity, key, recordId) => {
    const result = parseSourceMessage(topic, buffer(envelope(entity, key, 'delete')));
    expect(result).toMatchObject({ ok: true, recordId, envelope: { operation: 'delete', data: key } });
  });

  it('keeps unknown top-level keys and drops unknown data fields', () => {
    const message = { ...envelope('msdyn_actual', { ...actual(), msdyn_new: 1 }), traceparent: '00-abc' };
    const result = parseSourceMessage('dataverse.actuals.v1', buffer(message));
    expect(result.ok && result.envelope).toMatchObject({ traceparent: '00-abc' });
    expect(result.ok && result.envelope.data).not.toHaveProperty('msdyn_new');
  });

  it('accepts a UTF-8 byte order mark and non-ASCII text', () => {
    const text = JSON.stringify(envelope('expense', { ...expense(), category: 'Frais de déplacement' }));
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const result = parseSourceMessage('finance.expenses.v1', withBom);
    expect(result.ok && result.envelope.operation === 'upsert' && result.envelope.data.category).toBe(
      'Frais de déplacement',
    );
  });

  it('accepts a plain Uint8Array as well as a Buffer', () => {
    expect(parseSourceMessage('finance.expenses.v1', bytes(envelope('expense', expense()))).ok).toBe(true);
  });
});

describe('parseSourceMessage: invalid messages', () => {
  it.each([
    [
      'a tombstone',
      null,
      'the message value is missing (a tombstone); source topics send deletes as operation "delete" with the record id fields in data',
    ],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'the message value is not valid UTF-8 text'],
    ['an empty value', Buffer.alloc(0), 'the message value is empty; it must be a JSON object'],
    ['not JSON', Buffer.from('{"eventId": '), expect.stringMatching(/^the message value is not valid JSON/)],
    ['plain text', Buffer.from('hello'), expect.stringMatching(/^the message value is not valid JSON/)],
    ['a JSON array', Buffer.from('[1,2]'), 'the message value must be a JSON object, not an array'],
    ['a JSON string', Buffer.from('"x"'), 'the message value must be a JSON object, not a string'],
    ['JSON null', Buffer.from('null'), 'the message value must be a JSON object, not null'],
  ])('rejects %s', (_case, value, reason) => {
    expect(reasonOf('dataverse.actuals.v1', value)).toEqual(reason);
  });

  it('does not echo the payload of non-JSON input', () => {
    expect(reasonOf('dataverse.actuals.v1', Buffer.from('secret-token-xyz'))).not.toContain('secret');
  });

  it.each([
    ['a float amount', { amount: 12.5 }, `data.amount ${FLOAT_AMOUNT_MESSAGE}`],
    [
      'an unknown currency',
      { currency: 'ABC' },
      'data.currency is "ABC", which is not a known ISO 4217 currency code (three upper-case letters such as "EUR")',
    ],
    [
      'a wrong enum',
      { transactionType: 'Sales' },
      'data.transactionType must be one of Cost, UnbilledSales, BilledSales, not "Sales"',
    ],
    ['a missing field', { projectId: undefined }, 'data.projectId is required'],
    [
      'a misspelt field',
      { projectId: undefined, projectID: 'PRJ-001' },
      'data.projectID is not a known field; did you mean data.projectId, which is missing?',
    ],
    [
      'a case variant of an optional field',
      { Voucher: 'V-1' },
      'data.Voucher is not a known field; did you mean data.voucher? (field names are case-sensitive)',
    ],
    [
      'several problems',
      { amount: 1, currency: 'X', skipSync: 'no', createdOn: 'now' },
      expect.stringMatching(/^data\.amount .*; data\.currency .*; data\.skipSync .* \(and 1 more problem\)$/),
    ],
  ])('rejects an actual with %s, naming the field path', (_case, patch, reason) => {
    expect(
      reasonOf('dataverse.actuals.v1', buffer(envelope('msdyn_actual', { ...actual(), ...patch }))),
    ).toEqual(reason);
  });

  it.each([
    ['a missing eventId', { eventId: undefined }, 'eventId is required'],
    ['a bad eventId', { eventId: 'abc' }, expect.stringMatching(/^eventId must be a UUID/)],
    [
      'an occurredAt without offset',
      { occurredAt: '2025-03-31T14:05:01' },
      expect.stringMatching(/^occurredAt must be an ISO-8601 instant with an offset/),
    ],
    [
      'a bad map version',
      { mapVersion: 'v20' },
      expect.stringMatching(/^mapVersion must be a dual-write map version/),
    ],
    ['an unknown operation', { operation: 'merge' }, 'operation must be one of upsert, delete, not "merge"'],
    ['data as an array', { data: [] }, 'data must be an object, not an array'],
    [
      'a misspelt envelope key',
      { eventId: undefined, EventId: EVENT_ID },
      'EventId is not a known field; did you mean eventId, which is missing?',
    ],
  ])('rejects an envelope with %s', (_case, patch, reason) => {
    expect(
      reasonOf('dataverse.actuals.v1', buffer({ ...envelope('msdyn_actual', actual()), ...patch })),
    ).toEqual(reason);
  });

  it('reports only the entity when a message is on the wrong topic', () => {
    const result = parseSourceMessage('dataverse.actuals.v1', buffer(envelope('expense', expense())));
    expect(result).toEqual({
      ok: false,
      reason: 'entity is "expense", but topic dataverse.actuals.v1 carries only "msdyn_actual" records',
      issues: [
        {
          path: 'entity',
          message: 'is "expense", but topic dataverse.actuals.v1 carries only "msdyn_actual" records',
        },
      ],
    });
  });

  it.each([
    ['dataverse.actuals.v1', 'msdyn_actual', {}, 'data.actualId is required'],
    [
      'finance.vendor-invoices.v1',
      'vendor_invoice_line',
      { invoiceId: 'VI-9' },
      'data.lineNumber is required',
    ],
    [
      'finance.vendor-invoices.v1',
      'vendor_invoice_line',
      { invoiceId: 'VI-9', lineNumber: '2' },
      'data.lineNumber must be a number, not a string',
    ],
    ['finance.setup.v1', 'setup', { kind: 'project', projectId: 'P1' }, 'data.legalEntity is required'],
  ])('%s: rejects a delete without its id fields', (topic, entity, key, reason) => {
    expect(reasonOf(topic, buffer(envelope(entity, key, 'delete')))).toBe(reason);
  });

  it('rejects a topic that is not a source topic', () => {
    expect(reasonOf('journal.lines.v1', buffer({}))).toBe(
      'the message arrived on topic "journal.lines.v1", which is not a source topic',
    );
  });

  it('returns issues with dotted paths for the dead letter', () => {
    const result = parseSourceMessage(
      'finance.expenses.v1',
      buffer(envelope('expense', { ...expense(), amount: 3 })),
    );
    expect(result.ok ? [] : result.issues).toEqual([{ path: 'data.amount', message: FLOAT_AMOUNT_MESSAGE }]);
  });

  it('is typed by topic', () => {
    const topic: SourceTopic = 'dataverse.actuals.v1';
    const result = parseSourceMessage(topic, buffer(envelope('msdyn_actual', actual())));
    const amount =
      result.ok && result.envelope.operation === 'upsert' ? result.envelope.data.amount : undefined;
    expect(amount).toBe('12.50');
  });
});

describe('parseEvent and validateEvent', () => {
  const schema = TOPICS['finance.dual-write-maps.v1'].schema;
  const map = envelope('dual_write_map', dualWriteMap());

  it.each([
    ['bytes', buffer(map)],
    ['a string', JSON.stringify(map)],
  ])('parses %s', (_case, value) => {
    const result = parseEvent(schema, value);
    expect(result.ok && result.event.eventId).toBe(EVENT_ID);
  });

  it.each([
    ['a tombstone', null, 'the message value is missing (a tombstone); this topic does not use tombstones'],
    ['invalid UTF-8', Buffer.from([0xc3, 0x28]), 'the message value is not valid UTF-8 text'],
    ['not JSON', 'nope', expect.stringMatching(/^the message value is not valid JSON/)],
    ['a JSON number', '42', 'the message value must be an object, not a number'],
    [
      'an invalid event',
      JSON.stringify({ ...map, data: { ...dualWriteMap(), state: 'Off' } }),
      'data.state must be one of Running, Paused, Error, not "Off"',
    ],
  ])('rejects %s', (_case, value, reason) => {
    const result = parseEvent(schema, value);
    expect(result.ok ? 'parsed successfully' : result.reason).toEqual(reason);
  });

  it('validateEvent checks an object before it is published', () => {
    const result = validateEvent(TOPICS['journal.commands.v1'].schema, { command: 'resetLineToDraft' });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual([
      'commandId',
      'requestedBy',
      'requestedAt',
      'lineId',
    ]);
  });
});
