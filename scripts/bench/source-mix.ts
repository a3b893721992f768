import { randomUUID } from 'node:crypto';
import { envelope, recordIdOf, setupEvent, type SourceEvent } from '@po-sync/testing';
import { SOURCE_RECORDS } from '@po-sync/contracts';

/**
 * The source traffic the end-to-end bench and the machine-limit runs share, so the limits are
 * measured on the same records: both sides of dual-write as the demo traffic plays them, without
 * its faults (every document must be able to reconcile, which is the end-to-end completion
 * signal). Per document: the expense (70%) or vendor invoice line (30%) posted in Finance, its
 * cost actual from Dataverse, and for one in ten the sales side (unbilled and billed sales and
 * their two transaction connections). Seeded, so two runs with the same size carry the same
 * amounts, ids' lengths and therefore the same record sizes.
 */
export interface SourceMessage {
  /** Unprefixed source topic. */
  topic: string;
  key: string;
  value: string;
}

export interface SourceMix {
  /** Legal entities, projects, open periods and dual-write maps: sent first, not counted. */
  setup: SourceMessage[];
  /** How many of `setup` the journal stores (its setup_record rows): the maps are not setup. */
  journalSetupRows: number;
  events: SourceMessage[];
  /** `${documentType}:${recordId}` of each document, the key of its recon.document-status.v1 row. */
  documents: string[];
}

const ENTITIES = [
  { legalEntity: 'USMF', currency: 'USD', projects: ['PRJ-US-100', 'PRJ-US-200'] },
  { legalEntity: 'DEMF', currency: 'EUR', projects: ['PRJ-DE-100'] },
  { legalEntity: 'GBSI', currency: 'GBP', projects: ['PRJ-GB-100', 'PRJ-GB-200'] },
] as const;
const CATEGORIES = ['Travel', 'Hotel', 'Meals', 'Mileage', 'Subcontractor', 'Hardware'];
const MAPS = [
  ['msdyn_actuals', '1.0.0.20'],
  ['msdyn_transactionconnections', '1.0.0.1'],
  ['msdyn_expenses', '1.0.0.5'],
  ['msdyn_projectvendorinvoicelines', '1.0.0.8'],
] as const;

const message = (event: SourceEvent): SourceMessage => ({
  topic: SOURCE_RECORDS[event.entity as keyof typeof SOURCE_RECORDS].sourceTopic,
  key: recordIdOf(event),
  value: JSON.stringify(event),
});

function setup(): SourceMessage[] {
  const year = new Date().getUTCFullYear();
  const events: SourceEvent[] = [];
  for (const e of ENTITIES) {
    events.push(
      setupEvent({ kind: 'legalEntity', legalEntity: e.legalEntity, accountingCurrency: e.currency }),
      // Open around today, since documents and actuals carry today's date.
      setupEvent({
        kind: 'ledgerPeriod',
        legalEntity: e.legalEntity,
        start: `${year - 1}-01-01`,
        end: `${year + 1}-12-31`,
        status: 'Open',
      }),
      ...e.projects.map((projectId) =>
        setupEvent({ kind: 'project', projectId, legalEntity: e.legalEntity, name: projectId }),
      ),
    );
  }
  for (const [mapName, version] of MAPS)
    events.push(envelope('dual_write_map', { mapName, version, state: 'Running' }, { mapVersion: version }));
  return events.map(message);
}

/** Whole documents until at least `count` source events (a document's events are never split). */
export function sourceMix(count: number, seed = 42): SourceMix {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 0x100000000;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const today = new Date().toISOString().slice(0, 10);
  const setupMessages = setup();
  const events: SourceMessage[] = [];
  const documents: string[] = [];
  while (events.length < count) {
    const e = pick(ENTITIES);
    const projectId = pick(e.projects);
    const amount = ((500 + Math.floor(random() * 200_000)) / 100).toFixed(2);
    const postedAt = new Date().toISOString();
    const isExpense = random() < 0.7;
    const common = {
      legalEntity: e.legalEntity,
      projectId,
      category: pick(CATEGORIES),
      amount,
      currency: e.currency,
    };
    let document: SourceEvent;
    if (isExpense) {
      document = envelope(
        'expense',
        {
          expenseId: `EXP-${randomUUID().slice(0, 13)}`,
          expenseReportId: `ER-${randomUUID().slice(0, 8)}`,
          ...common,
          transactionDate: today,
          status: 'Posted',
          voucher: `EXV-${randomUUID().slice(0, 8)}`,
          postedAt,
        },
        { mapVersion: '1.0.0.5' },
      );
    } else {
      document = envelope(
        'vendor_invoice_line',
        {
          invoiceId: `VI-${randomUUID().slice(0, 10)}`,
          lineNumber: 1,
          vendorId: `V-${Math.floor(random() * 50)}`,
          ...common,
          invoiceDate: today,
          status: 'Posted',
          voucher: `VIV-${randomUUID().slice(0, 8)}`,
          postedAt,
        },
        { mapVersion: '1.0.0.8' },
      );
    }
    const documentId = recordIdOf(document);
    documents.push(`${isExpense ? 'expense' : 'vendorInvoiceLine'}:${documentId}`);
    const cost = {
      actualId: `ACT-${randomUUID()}`,
      legalEntity: e.legalEntity,
      projectId,
      transactionType: 'Cost',
      transactionClass: 'Expense',
      quantity: '1',
      unitPrice: amount,
      amount,
      currency: e.currency,
      documentDate: today,
      accountingDate: today,
      sourceDocumentType: isExpense ? 'expense' : 'vendorInvoiceLine',
      sourceDocumentId: documentId,
      skipSync: false,
      voucher: null,
      createdOn: new Date().toISOString(),
    };
    events.push(message(document), message(envelope('msdyn_actual', cost)));
    if (random() < 0.1) {
      const sale = (type: string) =>
        envelope('msdyn_actual', {
          ...cost,
          actualId: `ACT-${randomUUID()}`,
          transactionType: type,
          sourceDocumentType: null,
          sourceDocumentId: null,
        });
      const connection = (a: string, aType: string, b: string, bType: string) =>
        envelope(
          'msdyn_transactionconnection',
          {
            connectionId: `CON-${randomUUID()}`,
            transaction1Id: a,
            transaction1Role: aType,
            transaction1Type: aType,
            transaction2Id: b,
            transaction2Role: bType,
            transaction2Type: bType,
            createdOn: new Date().toISOString(),
          },
          { mapVersion: '1.0.0.1' },
        );
      const unbilled = sale('UnbilledSales');
      const billed = sale('BilledSales');
      const unbilledId = unbilled.data.actualId as string;
      events.push(
        message(unbilled),
        message(connection(unbilledId, 'UnbilledSales', cost.actualId, 'Cost')),
        message(billed),
        message(connection(billed.data.actualId as string, 'BilledSales', unbilledId, 'UnbilledSales')),
      );
    }
  }
  return {
    setup: setupMessages,
    journalSetupRows: setupMessages.filter((m) => m.topic === 'finance.setup.v1').length,
    events,
    documents,
  };
}

/** Sizes of the record values, in bytes, overall and per source topic. */
export function recordSizes(events: SourceMessage[]): {
  min: number;
  avg: number;
  max: number;
  byTopic: Record<string, { count: number; avg: number }>;
} {
  let min = Infinity;
  let max = 0;
  let total = 0;
  const byTopic: Record<string, { count: number; bytes: number }> = {};
  for (const e of events) {
    const bytes = Buffer.byteLength(e.value);
    min = Math.min(min, bytes);
    max = Math.max(max, bytes);
    total += bytes;
    const t = (byTopic[e.topic] ??= { count: 0, bytes: 0 });
    t.count += 1;
    t.bytes += bytes;
  }
  return {
    min,
    avg: Math.round(total / Math.max(1, events.length)),
    max,
    byTopic: Object.fromEntries(
      Object.entries(byTopic).map(([topic, t]) => [
        topic,
        { count: t.count, avg: Math.round(t.bytes / t.count) },
      ]),
    ),
  };
}
