import { SOURCE_ENTITIES } from './envelope';
import {
  ALL_TOPICS,
  CANONICAL_TOPICS,
  canonicalTopicFor,
  DEAD_LETTER_TOPIC,
  INTERNAL_TOPICS,
  isSourceTopic,
  isTopicName,
  JOURNAL_COMMANDS_KEY,
  SOURCE_TOPIC_DEFINITIONS,
  SOURCE_TOPICS,
  sourceTopicForEntity,
  TOPIC_NAMES,
  TOPICS,
} from './topics';
import { actual, envelope, EVENT_ID, vendorInvoiceLine } from './testing/fixtures';

describe('topic registry', () => {
  it('lists exactly the topics of the design', () => {
    expect([...TOPIC_NAMES].sort()).toEqual(
      [
        'dataverse.actuals.v1',
        'dataverse.transaction-connections.v1',
        'finance.expenses.v1',
        'finance.vendor-invoices.v1',
        'finance.dual-write-maps.v1',
        'finance.setup.v1',
        'ingestion.actuals.v1',
        'ingestion.transaction-connections.v1',
        'ingestion.expenses.v1',
        'ingestion.vendor-invoice-lines.v1',
        'ingestion.dual-write-maps.v1',
        'ingestion.setup.v1',
        'ingestion.dead-letter.v1',
        'journal.lines.v1',
        'journal.logs.v1',
        'journal.commands.v1',
        'recon.discrepancies.v1',
        'recon.document-status.v1',
      ].sort(),
    );
  });

  it.each([
    ...SOURCE_TOPICS.map((t) => [t, 6] as const),
    ...CANONICAL_TOPICS.map((t) => [t, 6] as const),
    ...INTERNAL_TOPICS.map((t) => [t, 3] as const),
  ])('%s has %d partitions', (topic, partitions) => {
    expect(TOPICS[topic].partitions).toBe(partitions);
    expect(ALL_TOPICS).toContainEqual({ name: topic, partitions });
  });

  it.each([
    ['dataverse.actuals.v1', 'msdyn_actual', 'ingestion.actuals.v1'],
    [
      'dataverse.transaction-connections.v1',
      'msdyn_transactionconnection',
      'ingestion.transaction-connections.v1',
    ],
    ['finance.expenses.v1', 'expense', 'ingestion.expenses.v1'],
    ['finance.vendor-invoices.v1', 'vendor_invoice_line', 'ingestion.vendor-invoice-lines.v1'],
    ['finance.dual-write-maps.v1', 'dual_write_map', 'ingestion.dual-write-maps.v1'],
    ['finance.setup.v1', 'setup', 'ingestion.setup.v1'],
  ] as const)('%s carries %s and feeds %s', (source, entity, canonical) => {
    expect(SOURCE_TOPIC_DEFINITIONS[source].entity).toBe(entity);
    expect(canonicalTopicFor(source)).toBe(canonical);
    expect(sourceTopicForEntity(entity)).toBe(source);
    expect(TOPICS[canonical].sourceTopic).toBe(source);
    expect(TOPICS[canonical].entity).toBe(entity);
  });

  it('binds every source entity to one topic', () => {
    expect(SOURCE_TOPICS.map((t) => SOURCE_TOPIC_DEFINITIONS[t].entity).sort()).toEqual(
      [...SOURCE_ENTITIES].sort(),
    );
  });

  it.each([
    ['dataverse.actuals.v1', true, true],
    ['ingestion.actuals.v1', true, false],
    [DEAD_LETTER_TOPIC, true, false],
    ['dataverse.actuals.v2', false, false],
    ['toString', false, false],
  ])('%s: topic %s, source topic %s', (name, topic, source) => {
    expect(isTopicName(name)).toBe(topic);
    expect(isSourceTopic(name)).toBe(source);
  });
});

describe('message keys', () => {
  it('keys a source message by its record id', () => {
    const topic = SOURCE_TOPIC_DEFINITIONS['finance.vendor-invoices.v1'];
    const message = topic.schema.parse(envelope('vendor_invoice_line', vendorInvoiceLine()));
    expect(topic.key(message)).toBe('VI-9:2');
    expect(topic.recordId({ invoiceId: 'VI-9', lineNumber: 2 })).toBe('VI-9:2');
  });

  it('keys a canonical event by its record id', () => {
    expect(TOPICS['ingestion.actuals.v1'].key({ recordId: 'a-1001' })).toBe('a-1001');
  });

  it.each([
    ['recon.discrepancies.v1', { discrepancyId: 'd-1' }, 'd-1'],
    ['recon.document-status.v1', { documentType: 'expense', recordId: 'EXP-42' }, 'expense:EXP-42'],
    ['journal.lines.v1', { actualId: 'a-1001' }, 'a-1001'],
    ['journal.logs.v1', { actualId: 'a-1001' }, 'a-1001'],
    ['journal.commands.v1', {}, JOURNAL_COMMANDS_KEY],
    [
      'ingestion.dead-letter.v1',
      { sourceTopic: 'finance.expenses.v1', partition: 2, offset: '17' },
      'finance.expenses.v1:2:17',
    ],
  ] as const)('keys %s messages', (topic, event, key) => {
    const keyOf = TOPICS[topic].key as (e: unknown) => string;
    expect(keyOf(event)).toBe(key);
  });

  it('each topic schema accepts its own kind of message', () => {
    const message = envelope('msdyn_actual', actual());
    expect(TOPICS['dataverse.actuals.v1'].schema.parse(message).eventId).toBe(EVENT_ID);
    expect(TOPICS['finance.expenses.v1'].schema.safeParse(message).success).toBe(false);
  });
});
