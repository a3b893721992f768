import { Inject, Injectable } from '@nestjs/common';
import {
  type CanonicalActualEvent,
  type CanonicalDualWriteMapEvent,
  type CanonicalExpenseEvent,
  type CanonicalTransactionConnectionEvent,
  type CanonicalVendorInvoiceLineEvent,
  CanonicalActualEventSchema,
  CanonicalDualWriteMapEventSchema,
  CanonicalExpenseEventSchema,
  CanonicalTransactionConnectionEventSchema,
  CanonicalVendorInvoiceLineEventSchema,
  type JournalLineEvent,
  JournalLineEventSchema,
  mapNameForEntity,
  parseEvent,
} from '@po-sync/contracts';
import { claimNewEventIds, withTransaction } from '@po-sync/db';
import { type ConsumedMessage, KafkaConnection } from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { RecordKey } from '../evaluation/evaluation.repository';
import { EvaluationService } from '../evaluation/evaluation.service';
import { OutboxRelay } from '../outbox/outbox.relay';
import { mapSightingSteps } from './map-sightings';
import {
  type ActualRow,
  type ConnectionRow,
  type DocumentRow,
  type LineRow,
  type MapRow,
  StateRepository,
} from './state.repository';

const SCHEMAS = {
  'ingestion.expenses.v1': CanonicalExpenseEventSchema,
  'ingestion.vendor-invoice-lines.v1': CanonicalVendorInvoiceLineEventSchema,
  'ingestion.actuals.v1': CanonicalActualEventSchema,
  'ingestion.transaction-connections.v1': CanonicalTransactionConnectionEventSchema,
  'ingestion.dual-write-maps.v1': CanonicalDualWriteMapEventSchema,
  'journal.lines.v1': JournalLineEventSchema,
} as const;
export const STATE_TOPICS = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

interface Batch {
  eventIds: string[];
  documents: DocumentRow[];
  actuals: ActualRow[];
  connections: ConnectionRow[];
  lines: LineRow[];
  maps: MapRow[];
}

const day = (text: string) => text.slice(0, 10);

/**
 * Keeps both sides' state of every record and has the changed records evaluated in the same
 * transaction, so a discrepancy transition is stored (and queued for publishing) exactly when the
 * state that causes it is. A replayed event is recognised by its id and changes nothing.
 */
@Injectable()
export class StateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: StateRepository,
    private readonly evaluation: EvaluationService,
    private readonly relay: OutboxRelay,
    private readonly kafka: KafkaConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async apply(messages: ConsumedMessage[]): Promise<void> {
    const batch: Batch = { eventIds: [], documents: [], actuals: [], connections: [], lines: [], maps: [] };
    const invalid: {
      message: ConsumedMessage;
      reason: string;
      issues: { path: string; message: string }[];
    }[] = [];
    for (const message of messages) {
      const parsed = parseEvent(SCHEMAS[message.topic as keyof typeof SCHEMAS], message.value);
      if (!parsed.ok) invalid.push({ message, reason: parsed.reason, issues: parsed.issues });
      else collect(batch, parsed.event);
    }
    await withTransaction(this.dataSource, async (runner) => {
      const fresh = await claimNewEventIds(runner, batch.eventIds);
      const isFresh = (r: { eventId?: string }) => r.eventId === undefined || fresh.has(r.eventId);
      const keys: RecordKey[] = [];
      const docs = await this.repository.upsertDocuments(
        runner,
        newest(batch.documents.filter(isFresh), (d) => `${d.documentType}:${d.recordId}`),
      );
      keys.push(...docs.map((d) => ({ kind: 'document' as const, id: d.recordId })));
      const actuals = await this.repository.upsertActuals(
        runner,
        newest(batch.actuals.filter(isFresh), (a) => a.actualId),
      );
      for (const a of actuals) {
        keys.push(
          { kind: 'actual', id: a.actualId },
          ...a.documentIds.map((id) => ({ kind: 'document' as const, id })),
        );
      }
      const connected = await this.repository.upsertConnections(
        runner,
        newest(batch.connections.filter(isFresh), (c) => c.connectionId),
      );
      keys.push(...connected.map((id) => ({ kind: 'actual' as const, id })));
      const lineActuals = await this.repository.upsertLines(
        runner,
        highestSequence(batch.lines.filter(isFresh)),
      );
      keys.push(...lineActuals.map((id) => ({ kind: 'actual' as const, id })));
      // The lines' documents are read under the lines' actuals' locks: a transaction committing
      // one of those actuals holds its lock until it commits, so either its actual is seen here
      // or its own evaluation comes after this one and sees the line. Every actual of the batch is
      // locked now, the documents and maps later: all in the name order evaluate() takes.
      await this.evaluation.lock(
        runner,
        keys.filter((k) => k.kind === 'actual'),
      );
      const lineDocuments = await this.repository.documentIdsOfActuals(runner, lineActuals);
      keys.push(...lineDocuments.map((id) => ({ kind: 'document' as const, id })));
      const mapSteps = mapSightingSteps(batch.maps.filter(isFresh));
      // Every map the steps may change is locked here, in name order with the other records, and
      // only then written: the steps' evaluations below never wait for a lock, so they cannot
      // deadlock while this transaction holds the outbox (OutboxRepository.append).
      const mapNames = new Set(mapSteps.flat().map((m) => m.mapName));
      keys.push(...[...mapNames].map((id) => ({ kind: 'map' as const, id })));
      await this.evaluation.evaluate(runner, keys);
      for (const step of mapSteps) {
        const maps = await this.repository.upsertMaps(runner, step);
        await this.evaluation.evaluate(
          runner,
          maps.map((id) => ({ kind: 'map' as const, id })),
        );
      }
      await this.kafka.publishDeadLetters(invalid);
    });
    this.relay.nudge();
    if (invalid.length > 0) this.logger.error({ count: invalid.length }, 'dead-lettered invalid events');
  }
}

type StateEvent =
  | CanonicalExpenseEvent
  | CanonicalVendorInvoiceLineEvent
  | CanonicalActualEvent
  | CanonicalTransactionConnectionEvent
  | CanonicalDualWriteMapEvent
  | JournalLineEvent;

function collect(batch: Batch, event: StateEvent): void {
  batch.eventIds.push(event.eventId);
  if (!('entity' in event)) {
    batch.lines.push({
      eventId: event.eventId,
      actualId: event.actualId,
      lineId: event.lineId,
      journalId: event.journalId,
      status: event.status,
      amount: event.amount,
      currency: event.currency,
      voucher: event.voucher,
      postedAt: event.postedAt,
      lastRetriedAt: null,
      sequence: event.sequence,
      occurredAt: event.occurredAt,
    });
    return;
  }
  const mapName = mapNameForEntity(event.entity);
  if (mapName)
    batch.maps.push({
      eventId: event.eventId,
      mapName,
      version: event.mapVersion,
      state: null,
      seenAt: event.occurredAt,
    });
  // A delete names only the key; the record keeps its last state (deletions are not reconciled yet).
  if (event.operation === 'delete') return;
  const base = { eventId: event.eventId, occurredAt: event.occurredAt };
  switch (event.entity) {
    case 'expense':
    case 'vendor_invoice_line': {
      const d = event.data;
      batch.documents.push({
        ...base,
        documentType: event.entity === 'expense' ? 'expense' : 'vendorInvoiceLine',
        recordId: event.recordId,
        legalEntity: d.legalEntity,
        projectId: d.projectId,
        category: d.category,
        amount: d.amount,
        currency: d.currency,
        documentDate: day('transactionDate' in d ? d.transactionDate : d.invoiceDate),
        status: d.status,
        voucher: d.voucher ?? null,
        postedAt: d.postedAt ?? null,
        deleted: false,
      });
      return;
    }
    case 'msdyn_actual': {
      const d = event.data;
      batch.actuals.push({
        ...base,
        actualId: d.actualId,
        legalEntity: d.legalEntity,
        projectId: d.projectId,
        transactionType: d.transactionType,
        amount: d.amount,
        currency: d.currency,
        accountingDate: day(d.accountingDate),
        sourceDocumentType: d.sourceDocumentType ?? null,
        sourceDocumentId: d.sourceDocumentId ?? null,
        skipSync: d.skipSync,
        voucher: d.voucher ?? null,
        createdOn: d.createdOn,
        deleted: false,
      });
      return;
    }
    case 'msdyn_transactionconnection':
      batch.connections.push({ ...base, ...event.data });
      return;
    case 'dual_write_map':
      batch.maps.push({
        eventId: event.eventId,
        mapName: event.data.mapName,
        version: event.data.version,
        state: event.data.state,
        seenAt: event.occurredAt,
      });
      return;
  }
}

/** One statement may touch a row once: keep each record's newest change of the batch. */
function newest<T extends { occurredAt: string }>(rows: T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const current = byKey.get(key(row));
    if (!current || Date.parse(current.occurredAt) <= Date.parse(row.occurredAt)) byKey.set(key(row), row);
  }
  return [...byKey.values()];
}

function highestSequence(rows: LineRow[]): LineRow[] {
  const byActual = new Map<string, LineRow>();
  for (const row of rows) {
    const current = byActual.get(row.actualId);
    if (!current || current.sequence < row.sequence) byActual.set(row.actualId, row);
  }
  return [...byActual.values()];
}
