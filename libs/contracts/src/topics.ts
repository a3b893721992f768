import type { z } from 'zod';
import {
  CanonicalActualEventSchema,
  CanonicalDualWriteMapEventSchema,
  CanonicalExpenseEventSchema,
  CanonicalSetupEventSchema,
  CanonicalTransactionConnectionEventSchema,
  CanonicalVendorInvoiceLineEventSchema,
} from './canonical.v1';
import { DeadLetterEventSchema } from './dead-letter.v1';
import { DiscrepancyEventSchema } from './discrepancies.v1';
import { DocumentStatusEventSchema } from './document-status.v1';
import { sourceEnvelopeSchemas, type SourceEntity } from './envelope';
import { JournalCommandSchema } from './journal-commands.v1';
import { JournalLineEventSchema } from './journal-lines.v1';
import { JournalLogEntrySchema } from './journal-logs.v1';
import { SOURCE_RECORDS, type SourceRecordDefinition } from './source/records';

/**
 * Every topic, its partition count, its schema and its message key. Topics are
 * created from this registry, so a partition count lives in one place; it can
 * only grow, since more partitions move keys and break per-record order.
 */
export const SOURCE_PARTITIONS = 6;
export const CANONICAL_PARTITIONS = 6;
export const INTERNAL_PARTITIONS = 3;

/**
 * Commands are few and their order matters more than parallelism ("import from
 * staging" before "post draft journals"), so they share one key and one partition.
 */
export const JOURNAL_COMMANDS_KEY = 'journal-commands';

function sourceTopic<
  E extends SourceEntity,
  S extends string,
  C extends string,
  K extends z.ZodTypeAny,
  D extends z.ZodType<z.output<K>, z.ZodTypeDef, unknown>,
>(record: SourceRecordDefinition<E, S, C, K, D>) {
  const envelopes = sourceEnvelopeSchemas(record.sourceTopic, record.entity, record.data, record.key);
  return {
    name: record.sourceTopic,
    kind: 'source' as const,
    partitions: SOURCE_PARTITIONS,
    /** A message whose `entity` differs from this is invalid. */
    entity: record.entity,
    canonicalTopic: record.canonicalTopic,
    schema: envelopes.any,
    envelopes,
    recordId: record.recordId,
    key: (envelope: { data: z.output<K> }): string => record.recordId(envelope.data),
  };
}

function canonicalTopic<
  E extends SourceEntity,
  S extends string,
  C extends string,
  K extends z.ZodTypeAny,
  D extends z.ZodType<z.output<K>, z.ZodTypeDef, unknown>,
  Schema extends z.ZodType<{ recordId: string }, z.ZodTypeDef, unknown>,
>(record: SourceRecordDefinition<E, S, C, K, D>, schema: Schema) {
  return {
    name: record.canonicalTopic,
    kind: 'canonical' as const,
    partitions: CANONICAL_PARTITIONS,
    entity: record.entity,
    sourceTopic: record.sourceTopic,
    schema,
    key: (event: { recordId: string }): string => event.recordId,
  };
}

function internalTopic<const N extends string, Schema extends z.ZodTypeAny>(
  name: N,
  schema: Schema,
  key: (event: z.output<Schema>) => string,
) {
  return { name, kind: 'internal' as const, partitions: INTERNAL_PARTITIONS, schema, key };
}

/** Indexes definitions by name, keeping each one's precise type. */
function byName<T extends { name: string }>(definitions: readonly T[]): { [D in T as D['name']]: D } {
  return Object.freeze(Object.fromEntries(definitions.map((d) => [d.name, d]))) as {
    [D in T as D['name']]: D;
  };
}

export const SOURCE_TOPIC_DEFINITIONS = byName([
  sourceTopic(SOURCE_RECORDS.msdyn_actual),
  sourceTopic(SOURCE_RECORDS.msdyn_transactionconnection),
  sourceTopic(SOURCE_RECORDS.expense),
  sourceTopic(SOURCE_RECORDS.vendor_invoice_line),
  sourceTopic(SOURCE_RECORDS.dual_write_map),
  sourceTopic(SOURCE_RECORDS.setup),
]);
export type SourceTopic = keyof typeof SOURCE_TOPIC_DEFINITIONS;

export const CANONICAL_TOPIC_DEFINITIONS = byName([
  canonicalTopic(SOURCE_RECORDS.msdyn_actual, CanonicalActualEventSchema),
  canonicalTopic(SOURCE_RECORDS.msdyn_transactionconnection, CanonicalTransactionConnectionEventSchema),
  canonicalTopic(SOURCE_RECORDS.expense, CanonicalExpenseEventSchema),
  canonicalTopic(SOURCE_RECORDS.vendor_invoice_line, CanonicalVendorInvoiceLineEventSchema),
  canonicalTopic(SOURCE_RECORDS.dual_write_map, CanonicalDualWriteMapEventSchema),
  canonicalTopic(SOURCE_RECORDS.setup, CanonicalSetupEventSchema),
]);
export type CanonicalTopic = keyof typeof CANONICAL_TOPIC_DEFINITIONS;

export const INTERNAL_TOPIC_DEFINITIONS = byName([
  // One dead letter per original message: a re-published one replaces, not duplicates.
  internalTopic('ingestion.dead-letter.v1', DeadLetterEventSchema, (e) =>
    [e.sourceTopic, e.partition, e.offset].join(':'),
  ),
  // Keyed like the canonical actual, so all lines and log entries of one actual stay in order.
  internalTopic('journal.lines.v1', JournalLineEventSchema, (e) => e.actualId),
  internalTopic('journal.logs.v1', JournalLogEntrySchema, (e) => e.actualId),
  internalTopic('journal.commands.v1', JournalCommandSchema, () => JOURNAL_COMMANDS_KEY),
  // DESIGN §4: key = discrepancyId.
  internalTopic('recon.discrepancies.v1', DiscrepancyEventSchema, (e) => e.discrepancyId),
  internalTopic(
    'recon.document-status.v1',
    DocumentStatusEventSchema,
    (e) => `${e.documentType}:${e.recordId}`,
  ),
]);
export type InternalTopic = keyof typeof INTERNAL_TOPIC_DEFINITIONS;

/** The whole registry, by topic name. */
export const TOPICS = Object.freeze({
  ...SOURCE_TOPIC_DEFINITIONS,
  ...CANONICAL_TOPIC_DEFINITIONS,
  ...INTERNAL_TOPIC_DEFINITIONS,
});
export type TopicName = keyof typeof TOPICS;

const namesOf = <T extends string>(definitions: Record<T, unknown>): readonly T[] =>
  Object.freeze(Object.keys(definitions) as T[]);

export const SOURCE_TOPICS = namesOf(SOURCE_TOPIC_DEFINITIONS);
export const CANONICAL_TOPICS = namesOf(CANONICAL_TOPIC_DEFINITIONS);
export const INTERNAL_TOPICS = namesOf(INTERNAL_TOPIC_DEFINITIONS);
export const TOPIC_NAMES = namesOf(TOPICS);

export const DEAD_LETTER_TOPIC = 'ingestion.dead-letter.v1' satisfies InternalTopic;
export const JOURNAL_LINES_TOPIC = 'journal.lines.v1' satisfies InternalTopic;
export const JOURNAL_LOGS_TOPIC = 'journal.logs.v1' satisfies InternalTopic;
export const JOURNAL_COMMANDS_TOPIC = 'journal.commands.v1' satisfies InternalTopic;
export const DISCREPANCIES_TOPIC = 'recon.discrepancies.v1' satisfies InternalTopic;
export const DOCUMENT_STATUS_TOPIC = 'recon.document-status.v1' satisfies InternalTopic;

/**
 * Every topic with its partition count, for creating them. A fresh mutable
 * array of fresh objects, because the Kafka admin helpers take `T[]`.
 */
export const ALL_TOPICS: { name: TopicName; partitions: number }[] = TOPIC_NAMES.map((name) => ({
  name,
  partitions: TOPICS[name].partitions,
}));

/** The parsed message type of a topic. */
export type EventOf<T extends TopicName> = z.output<(typeof TOPICS)[T]['schema']>;
export type SourceEnvelopeOf<T extends SourceTopic> = EventOf<T>;

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function isTopicName(name: string): name is TopicName {
  return has(TOPICS, name);
}

export function isSourceTopic(name: string): name is SourceTopic {
  return has(SOURCE_TOPIC_DEFINITIONS, name);
}

export function canonicalTopicFor<T extends SourceTopic>(
  topic: T,
): (typeof SOURCE_TOPIC_DEFINITIONS)[T]['canonicalTopic'] {
  return SOURCE_TOPIC_DEFINITIONS[topic].canonicalTopic;
}

export function sourceTopicForEntity(entity: SourceEntity): SourceTopic {
  return SOURCE_RECORDS[entity].sourceTopic;
}
