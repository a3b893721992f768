import { randomUUID } from 'node:crypto';
import { SOURCE_RECORDS } from '@po-sync/contracts';

/** Builders of valid source events (DESIGN.md §3) for tests and the demo traffic. */
export interface SourceEvent {
  eventId: string;
  entity: string;
  operation: 'upsert' | 'delete';
  occurredAt: string;
  mapVersion: string;
  data: Record<string, unknown>;
}

export function envelope(
  entity: string,
  data: Record<string, unknown>,
  overrides: Partial<SourceEvent> = {},
): SourceEvent {
  return {
    eventId: randomUUID(),
    entity,
    operation: 'upsert',
    occurredAt: new Date().toISOString(),
    mapVersion: '1.0.0.20',
    data,
    ...overrides,
  };
}

export function actualData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    actualId: `ACT-${randomUUID()}`,
    legalEntity: 'USMF',
    projectId: 'PRJ-1',
    transactionType: 'Cost',
    transactionClass: 'Expense',
    quantity: '1',
    unitPrice: '100.00',
    amount: '100.00',
    currency: 'USD',
    documentDate: '2026-11-02',
    accountingDate: '2026-11-02',
    sourceDocumentType: 'expense',
    sourceDocumentId: `EXP-${randomUUID().slice(0, 8)}`,
    skipSync: false,
    voucher: null,
    createdOn: '2026-11-02T10:00:00Z',
    ...overrides,
  };
}

export const actualEvent = (
  overrides: Record<string, unknown> = {},
  envelopeOverrides: Partial<SourceEvent> = {},
) => envelope('msdyn_actual', actualData(overrides), envelopeOverrides);

export const connectionEvent = (data: {
  connectionId?: string;
  transaction1Id: string;
  transaction1Role: string;
  transaction1Type: string;
  transaction2Id: string;
  transaction2Role: string;
  transaction2Type: string;
}) =>
  envelope(
    'msdyn_transactionconnection',
    { connectionId: `CON-${randomUUID()}`, createdOn: '2026-11-02T10:00:00Z', ...data },
    { mapVersion: '1.0.0.1' },
  );

export const setupEvent = (data: Record<string, unknown>) =>
  envelope('setup', data, { mapVersion: '1.0.0.1' });

/** A legal entity with its accounting currency, a project and an open ledger period covering 2026. */
export function standardSetup(
  legalEntity = 'USMF',
  accountingCurrency = 'USD',
  projectId = 'PRJ-1',
): SourceEvent[] {
  return [
    setupEvent({ kind: 'legalEntity', legalEntity, accountingCurrency }),
    setupEvent({ kind: 'project', projectId, legalEntity, name: `Project ${projectId}` }),
    setupEvent({ kind: 'ledgerPeriod', legalEntity, start: '2026-01-01', end: '2026-12-31', status: 'Open' }),
  ];
}

export const toMessages = (events: SourceEvent[], keyOf: (e: SourceEvent) => string) =>
  events.map((e) => ({ key: keyOf(e), value: JSON.stringify(e) }));

/** The record id the contracts derive from a source event's data. */
export function recordIdOf(event: SourceEvent): string {
  const definition = SOURCE_RECORDS[event.entity as keyof typeof SOURCE_RECORDS];
  return (definition.recordId as (data: unknown) => string)(event.data);
}

/** The canonical event ingestion would publish for `event`, and its topic: lets a service be tested alone. */
export function asCanonical(event: SourceEvent): { topic: string; key: string; value: string } {
  const definition = SOURCE_RECORDS[event.entity as keyof typeof SOURCE_RECORDS];
  const recordId = recordIdOf(event);
  return {
    topic: definition.canonicalTopic,
    key: recordId,
    value: JSON.stringify({
      schemaVersion: 1,
      eventId: randomUUID(),
      sourceEventId: event.eventId,
      sourceTopic: definition.sourceTopic,
      entity: event.entity,
      recordId,
      operation: event.operation,
      occurredAt: event.occurredAt,
      mapVersion: event.mapVersion,
      ingestedAt: new Date().toISOString(),
      data: event.data,
    }),
  };
}

/** An expense posted in Finance now (so its grace period starts now). */
export function expenseEvent(
  overrides: Record<string, unknown> = {},
  envelopeOverrides: Partial<SourceEvent> = {},
): SourceEvent {
  const now = new Date().toISOString();
  return envelope(
    'expense',
    {
      expenseId: `EXP-${randomUUID().slice(0, 13)}`,
      expenseReportId: `ER-${randomUUID().slice(0, 8)}`,
      legalEntity: 'USMF',
      projectId: 'PRJ-1',
      category: 'Travel',
      amount: '100.00',
      currency: 'USD',
      transactionDate: '2026-11-02',
      status: 'Posted',
      voucher: `EXV-${randomUUID().slice(0, 8)}`,
      postedAt: now,
      ...overrides,
    },
    { mapVersion: '1.0.0.5', ...envelopeOverrides },
  );
}

export const mapEvent = (mapName: string, version: string, state = 'Running') =>
  envelope('dual_write_map', { mapName, version, state }, { mapVersion: version });
