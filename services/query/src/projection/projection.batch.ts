import { type EventOf, mapNameForEntity } from '@po-sync/contracts';

/**
 * The topics the read model is projected from. The canonical ones are an addition to DESIGN §2's
 * table: journal lines and discrepancies name an actual but never its document or date, so the
 * actuals link a document to its actuals' lines (and date an out-of-sync actual); the canonical
 * documents, connections and maps complete the sync view's timeline and the map versions seen.
 */
export const PROJECTED_TOPICS = [
  'recon.document-status.v1',
  'recon.discrepancies.v1',
  'journal.lines.v1',
  'journal.logs.v1',
  'ingestion.dead-letter.v1',
  'ingestion.actuals.v1',
  'ingestion.transaction-connections.v1',
  'ingestion.expenses.v1',
  'ingestion.vendor-invoice-lines.v1',
  'ingestion.dual-write-maps.v1',
] as const;
export type ProjectedTopic = (typeof PROJECTED_TOPICS)[number];

export type ProjectedEvent = { [T in ProjectedTopic]: { topic: T; event: EventOf<T> } }[ProjectedTopic];

export type DocumentStatusRow = Omit<EventOf<'recon.document-status.v1'>, 'eventId' | 'documentDate'> & {
  documentDate: string | null;
};
export type DiscrepancyRow = Omit<EventOf<'recon.discrepancies.v1'>, 'eventId'>;
export type JournalLineRow = Omit<EventOf<'journal.lines.v1'>, 'eventId'>;
export type JournalLogRow = Omit<EventOf<'journal.logs.v1'>, 'eventId'>;
export type DeadLetterRow = EventOf<'ingestion.dead-letter.v1'>;

export interface JournalRow {
  journalId: string;
  lineKind: string;
  legalEntity: string;
  status: string;
  updatedAt: string;
}

export interface ActualRow {
  actualId: string;
  legalEntity: string;
  projectId: string;
  transactionType: string;
  transactionClass: string;
  amount: string;
  currency: string;
  documentDate: string;
  accountingDate: string;
  sourceDocumentType: string | null;
  sourceDocumentId: string | null;
  skipSync: boolean;
  voucher: string | null;
  createdOn: string;
  mapVersion: string;
  occurredAt: string;
}

export interface ActualDeleteRow {
  actualId: string;
  occurredAt: string;
}

export interface MapVersionSeenRow {
  mapName: string;
  version: string;
  firstSeenAt: string;
  lastSeenAt: string;
  events: number;
}

export interface MapStateRow {
  mapName: string;
  version: string;
  state: string;
  occurredAt: string;
}

export interface TimelineRow {
  eventId: string;
  subjectType: string;
  subjectId: string;
  topic: string;
  occurredAt: string;
  payload: unknown;
}

/** What one consumed batch changes, each keyed row reduced to the newest in the batch. */
export interface ProjectionBatch {
  documents: DocumentStatusRow[];
  discrepancies: DiscrepancyRow[];
  lines: JournalLineRow[];
  journals: JournalRow[];
  logs: JournalLogRow[];
  deadLetters: DeadLetterRow[];
  actuals: ActualRow[];
  actualDeletes: ActualDeleteRow[];
  mapVersions: MapVersionSeenRow[];
  mapStates: MapStateRow[];
  timeline: TimelineRow[];
}

const instant = (s: string): number => Date.parse(s);
/** A date or an instant as its calendar date (the date as the source stated it). */
export const dateOf = (s: string): string => s.slice(0, 10);

/** Keeps, per key, the row `newer` prefers; ties go to the later one in the batch (log order). */
function keepNewest<T>(map: Map<string, T>, key: string, row: T, newer: (a: T, b: T) => boolean): void {
  const current = map.get(key);
  if (current === undefined || newer(row, current)) map.set(key, row);
}

const DOCUMENT_TYPE_OF_ENTITY = { expense: 'expense', vendor_invoice_line: 'vendorInvoiceLine' } as const;

/**
 * Reduces the fresh events of a batch (already deduplicated on eventId) to the rows to write.
 * The database guards apply "newest wins" again against what is stored; this only makes each key
 * appear once, which a multi-row upsert requires.
 */
export function buildProjectionBatch(events: readonly ProjectedEvent[]): ProjectionBatch {
  const documents = new Map<string, DocumentStatusRow>();
  const discrepancies = new Map<string, DiscrepancyRow>();
  const lines = new Map<string, JournalLineRow>();
  const journals = new Map<string, JournalRow>();
  const logs = new Map<string, JournalLogRow>();
  const deadLetters = new Map<string, DeadLetterRow>();
  const actuals = new Map<string, ActualRow | ActualDeleteRow>();
  const mapVersions = new Map<string, MapVersionSeenRow>();
  const mapStates = new Map<string, MapStateRow>();
  const timeline: TimelineRow[] = [];
  const appendTimeline = (
    eventId: string,
    topic: string,
    occurredAt: string,
    payload: unknown,
    ...subjects: [string, string][]
  ) => {
    for (const [subjectType, subjectId] of subjects)
      timeline.push({ eventId, subjectType, subjectId, topic, occurredAt, payload });
  };
  const seeMap = (entity: string, version: string, at: string) => {
    const mapName = mapNameForEntity(entity as Parameters<typeof mapNameForEntity>[0]);
    if (!mapName) return;
    const key = `${mapName}\u0000${version}`;
    const seen = mapVersions.get(key);
    if (!seen) mapVersions.set(key, { mapName, version, firstSeenAt: at, lastSeenAt: at, events: 1 });
    else {
      seen.events += 1;
      if (instant(at) < instant(seen.firstSeenAt)) seen.firstSeenAt = at;
      if (instant(at) > instant(seen.lastSeenAt)) seen.lastSeenAt = at;
    }
  };

  for (const { topic, event } of events) {
    switch (topic) {
      case 'recon.document-status.v1': {
        const { eventId, documentDate, ...rest } = event;
        const row = { ...rest, documentDate: documentDate === null ? null : dateOf(documentDate) };
        keepNewest(documents, `${row.documentType}:${row.recordId}`, row, (a, b) => a.version > b.version);
        appendTimeline(eventId, topic, event.updatedAt, event, [event.documentType, event.recordId]);
        break;
      }
      case 'recon.discrepancies.v1': {
        const { eventId, ...row } = event;
        keepNewest(
          discrepancies,
          row.discrepancyId,
          row,
          (a, b) => instant(a.detectedAt) >= instant(b.detectedAt),
        );
        appendTimeline(eventId, topic, event.detectedAt, event, [event.documentType, event.recordId]);
        break;
      }
      case 'journal.lines.v1': {
        const { eventId, ...row } = event;
        keepNewest(lines, row.lineId, row, (a, b) => a.sequence > b.sequence);
        keepNewest(
          journals,
          row.journalId,
          {
            journalId: row.journalId,
            lineKind: row.lineKind,
            legalEntity: row.legalEntity,
            status: row.journalStatus,
            updatedAt: row.occurredAt,
          },
          (a, b) => instant(a.updatedAt) >= instant(b.updatedAt),
        );
        appendTimeline(eventId, topic, event.occurredAt, event, ['actual', event.actualId]);
        break;
      }
      case 'journal.logs.v1': {
        const { eventId, ...row } = event;
        // Entries never change except to become resolved (and be retried): a resolved one wins.
        keepNewest(logs, row.entryId, row, (a, b) => a.resolvedByLaterRun || !b.resolvedByLaterRun);
        appendTimeline(eventId, topic, event.occurredAt, event, ['actual', event.actualId]);
        break;
      }
      case 'ingestion.dead-letter.v1':
        keepNewest(
          deadLetters,
          [event.service, event.sourceTopic, event.partition, event.offset].join('\u0000'),
          event,
          (a, b) => instant(a.receivedAt) >= instant(b.receivedAt),
        );
        break;
      case 'ingestion.actuals.v1': {
        seeMap(event.entity, event.mapVersion, event.occurredAt);
        const occurredAt = event.occurredAt;
        const row: ActualRow | ActualDeleteRow =
          event.operation === 'delete'
            ? { actualId: event.data.actualId, occurredAt }
            : {
                actualId: event.data.actualId,
                legalEntity: event.data.legalEntity,
                projectId: event.data.projectId,
                transactionType: event.data.transactionType,
                transactionClass: event.data.transactionClass,
                amount: event.data.amount,
                currency: event.data.currency,
                documentDate: dateOf(event.data.documentDate),
                accountingDate: dateOf(event.data.accountingDate),
                sourceDocumentType: event.data.sourceDocumentType ?? null,
                sourceDocumentId: event.data.sourceDocumentId ?? null,
                skipSync: event.data.skipSync,
                voucher: event.data.voucher ?? null,
                createdOn: event.data.createdOn,
                mapVersion: event.mapVersion,
                occurredAt,
              };
        keepNewest(actuals, row.actualId, row, (a, b) => instant(a.occurredAt) >= instant(b.occurredAt));
        appendTimeline(event.eventId, topic, occurredAt, event, ['actual', event.recordId]);
        break;
      }
      case 'ingestion.transaction-connections.v1': {
        seeMap(event.entity, event.mapVersion, event.occurredAt);
        const subjects: [string, string][] = [['transactionConnection', event.recordId]];
        if (event.operation === 'upsert')
          subjects.push(['actual', event.data.transaction1Id], ['actual', event.data.transaction2Id]);
        appendTimeline(event.eventId, topic, event.occurredAt, event, ...subjects);
        break;
      }
      case 'ingestion.expenses.v1':
      case 'ingestion.vendor-invoice-lines.v1':
        seeMap(event.entity, event.mapVersion, event.occurredAt);
        appendTimeline(event.eventId, topic, event.occurredAt, event, [
          DOCUMENT_TYPE_OF_ENTITY[event.entity],
          event.recordId,
        ]);
        break;
      case 'ingestion.dual-write-maps.v1':
        if (event.operation === 'upsert') {
          const row = { ...event.data, occurredAt: event.occurredAt };
          keepNewest(mapStates, row.mapName, row, (a, b) => instant(a.occurredAt) >= instant(b.occurredAt));
        }
        appendTimeline(event.eventId, topic, event.occurredAt, event, ['dualWriteMap', event.recordId]);
        break;
    }
  }

  const actualRows = [...actuals.values()];
  return {
    documents: [...documents.values()],
    discrepancies: [...discrepancies.values()],
    lines: [...lines.values()],
    journals: [...journals.values()],
    logs: [...logs.values()],
    deadLetters: [...deadLetters.values()],
    actuals: actualRows.filter((a): a is ActualRow => 'legalEntity' in a),
    actualDeletes: actualRows.filter((a) => !('legalEntity' in a)),
    mapVersions: [...mapVersions.values()],
    mapStates: [...mapStates.values()],
    timeline,
  };
}
