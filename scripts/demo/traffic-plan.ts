/**
 * The demo traffic as a pure, deterministic plan: both sides of dual-write (Finance posts expenses
 * and vendor invoices, Dataverse creates the actuals and transaction connections for them) over
 * several legal entities, projects and currencies, with faults injected at rates or exact counts.
 * Everything that varies (ids, event ids, amounts, which document gets which fault) comes from one
 * seeded generator, so a seed and the same clock readings reproduce a run byte for byte.
 *
 * The plan says what it sent, and traffic-expectations.ts says what po-sync must report for it.
 * No I/O here: the CLI (traffic.ts) and the end-to-end test (e2e/demo-traffic.e2e-spec.ts) send it.
 */
import { REQUIRED_MAP_VERSIONS, type RequiredMapName } from '@po-sync/contracts';

/**
 * The faults the traffic can carry. `leftInDraft` is not in the messages: the traffic cannot leave
 * a journal unposted, Finance's posting does. It marks the documents whose cost line whoever plays
 * Finance's posting must hold back (the end-to-end test posts every other journal); in the running
 * stack it arises from the posting schedule (JOURNAL_POST_INTERVAL longer than RECON_GRACE_PERIOD).
 */
export const FAULT_KINDS = [
  'neverSynced',
  'lostActual',
  'wrongAmount',
  'leftInDraft',
  'oldMap',
  'duplicate',
  'outOfOrder',
  'malformed',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that take the whole actual away: no other fault can apply to the same document. */
const WITHOUT_ACTUAL: ReadonlySet<FaultKind> = new Set(['neverSynced', 'lostActual']);

export interface PlannedMessage {
  /** With the plan's topic prefix. */
  topic: string;
  key: string;
  /** Exactly the bytes to send (malformed ones are not JSON, or not valid JSON for the contract). */
  value: string;
}

export interface PlannedDocument {
  index: number;
  documentType: 'expense' | 'vendorInvoiceLine';
  recordId: string;
  legalEntity: string;
  projectId: string;
  /** In cents, so expectations never go through floats. */
  cents: number;
  currency: string;
  faults: FaultKind[];
  /** The cost actual as po-sync sees it; null when it never reaches po-sync. */
  costActual: { actualId: string; cents: number } | null;
  salesActualIds: string[];
  /** The raw values of its malformed messages. */
  malformed: string[];
}

export interface TrafficOptions {
  seed: number;
  /** Topic prefix, as KAFKA_TOPIC_PREFIX of the services that read the traffic. */
  prefix?: string;
  /** Probability per document of each fault (the CLI's flags); ignored for documents given exact faults. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Share of documents whose cost is billed: unbilled and billed sales with their connections. */
  salesRate?: number;
}

export const ENTITIES = [
  { legalEntity: 'USMF', currency: 'USD', projects: ['PRJ-US-100', 'PRJ-US-200'] },
  { legalEntity: 'DEMF', currency: 'EUR', projects: ['PRJ-DE-100'] },
  { legalEntity: 'GBSI', currency: 'GBP', projects: ['PRJ-GB-100', 'PRJ-GB-200'] },
] as const;
const CATEGORIES = ['Travel', 'Hotel', 'Meals', 'Mileage', 'Subcontractor', 'Hardware'];
/** Below every requirement of DESIGN.md §3, as an environment that missed an upgrade runs. */
const OLD_ACTUALS_MAP = '1.0.0.12';

/** A small deterministic generator (mulberry32-like): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 0x100000000;
  };
}

export const money = (cents: number) => (cents / 100).toFixed(2);
const day = (instant: Date) => instant.toISOString().slice(0, 10);

type Entity = 'msdyn_actual' | 'msdyn_transactionconnection' | 'expense' | 'vendor_invoice_line';

/** The map that carried the latest applied record of each map, for MAP_VERSION_BELOW_REQUIRED. */
export interface MapSighting {
  version: string;
  occurredAt: number;
}

export class TrafficGenerator {
  readonly documents: PlannedDocument[] = [];
  /** Counts per kind of what was sent, for the CLI's report. */
  readonly injected: Record<string, number> = { documents: 0, actuals: 0, billedSales: 0 };
  /** Latest applied sighting per map: later sightings replace earlier ones in reconciliation. */
  readonly mapSightings = new Map<RequiredMapName, MapSighting>();
  private readonly random: () => number;
  private readonly prefix: string;
  private clock = 0;

  constructor(private readonly options: TrafficOptions) {
    this.random = seededRandom(options.seed);
    this.prefix = options.prefix ?? '';
    for (const kind of FAULT_KINDS) this.injected[kind] = 0;
  }

  /** Legal entities, projects, ledger periods around `now`, and the dual-write maps at their required versions. */
  setup(now: Date): PlannedMessage[] {
    const year = now.getUTCFullYear();
    const setup = (key: string, data: Record<string, unknown>) =>
      this.message('finance.setup.v1', key, this.envelope('setup', data, '1.0.0.1', now));
    const messages: PlannedMessage[] = [];
    for (const e of ENTITIES) {
      messages.push(
        setup(`legalEntity:${e.legalEntity}`, {
          kind: 'legalEntity',
          legalEntity: e.legalEntity,
          accountingCurrency: e.currency,
        }),
        setup(`ledgerPeriod:${e.legalEntity}`, {
          kind: 'ledgerPeriod',
          legalEntity: e.legalEntity,
          start: `${year - 1}-01-01`,
          end: `${year + 1}-12-31`,
          status: 'Open',
        }),
        ...e.projects.map((projectId) =>
          setup(`project:${projectId}`, {
            kind: 'project',
            projectId,
            legalEntity: e.legalEntity,
            name: projectId,
          }),
        ),
      );
    }
    for (const [mapName, version] of Object.entries(REQUIRED_MAP_VERSIONS) as [RequiredMapName, string][]) {
      const event = this.envelope('dual_write_map', { mapName, version, state: 'Running' }, version, now);
      this.sighting(mapName, version, event.occurredAt);
      messages.push(this.message('finance.dual-write-maps.v1', mapName, event));
    }
    return messages;
  }

  /** Picks each document's faults by rate (or takes `faults` as given), then plays the document. */
  document(now: Date, faults?: readonly FaultKind[]): PlannedMessage[] {
    return this.play(now, faults ? [...faults] : this.drawFaults());
  }

  /**
   * `count` documents with exactly `counts` faults spread over them by the seeded generator: a
   * fault without actual goes to a document of its own, the others may share one.
   */
  batch(now: () => Date, count: number, counts: Partial<Record<FaultKind, number>>): PlannedMessage[] {
    const faults = assignFaults(this.random, count, counts);
    return faults.flatMap((f) => this.play(now(), f));
  }

  private drawFaults(): FaultKind[] {
    const rates = this.options.rates ?? {};
    const rate = (kind: FaultKind) => rates[kind] ?? 0;
    for (const kind of WITHOUT_ACTUAL) if (this.random() < rate(kind)) return [kind];
    return FAULT_KINDS.filter((kind) => !WITHOUT_ACTUAL.has(kind) && this.random() < rate(kind));
  }

  private play(now: Date, faults: FaultKind[]): PlannedMessage[] {
    const has = (kind: FaultKind) => faults.includes(kind);
    const e = this.pick(ENTITIES);
    const projectId = this.pick(e.projects);
    const cents = 500 + Math.floor(this.random() * 200_000);
    const isExpense = this.random() < 0.7;
    const postedAt = now.toISOString();
    const messages: PlannedMessage[] = [];
    let recordId: string;
    const common = {
      legalEntity: e.legalEntity,
      projectId,
      category: this.pick(CATEGORIES),
      amount: money(cents),
      currency: e.currency,
      status: 'Posted',
      postedAt,
    };
    if (isExpense) {
      recordId = `EXP-${this.hex(12)}`;
      const data = {
        expenseId: recordId,
        expenseReportId: `ER-${this.hex(8)}`,
        ...common,
        transactionDate: day(now),
        voucher: `EXV-${this.hex(8)}`,
      };
      messages.push(this.source('expense', recordId, data, '1.0.0.5', now));
    } else {
      const invoiceId = `VI-${this.hex(10)}`;
      recordId = `${invoiceId}:1`;
      const data = {
        invoiceId,
        lineNumber: 1,
        vendorId: `V-${Math.floor(this.random() * 50)}`,
        ...common,
        invoiceDate: day(now),
        voucher: `VIV-${this.hex(8)}`,
      };
      messages.push(this.source('vendor_invoice_line', recordId, data, '1.0.0.8', now));
    }
    const doc: PlannedDocument = {
      index: this.documents.length,
      documentType: isExpense ? 'expense' : 'vendorInvoiceLine',
      recordId,
      legalEntity: e.legalEntity,
      projectId,
      cents,
      currency: e.currency,
      faults,
      costActual: null,
      salesActualIds: [],
      malformed: [],
    };
    this.documents.push(doc);
    this.injected.documents! += 1;
    for (const kind of faults) this.injected[kind]! += 1;
    // Never synced: Dataverse never hears of it. Lost: Dataverse makes the actual, which never
    // comes back out of dual-write, so neither po-sync nor Finance ever sees it.
    if (has('neverSynced') || has('lostActual')) return messages;

    const actualCents = has('wrongAmount')
      ? cents - 1 - Math.floor(this.random() * Math.min(5000, cents - 1))
      : cents;
    const mapVersion = has('oldMap') ? OLD_ACTUALS_MAP : REQUIRED_MAP_VERSIONS.msdyn_actuals;
    const actualId = `ACT-${this.hex(16)}`;
    const actualData = (id: string, type: string, amountCents: number) => ({
      actualId: id,
      legalEntity: e.legalEntity,
      projectId,
      transactionType: type,
      transactionClass: 'Expense',
      quantity: '1',
      unitPrice: money(amountCents),
      amount: money(amountCents),
      currency: e.currency,
      documentDate: day(now),
      accountingDate: day(now),
      sourceDocumentType: doc.documentType,
      sourceDocumentId: recordId,
      skipSync: false,
      voucher: null,
      createdOn: now.toISOString(),
    });
    const costData = actualData(actualId, 'Cost', actualCents);
    const cost = this.envelope('msdyn_actual', costData, mapVersion, now);
    doc.costActual = { actualId, cents: actualCents };
    this.injected.actuals! += 1;
    messages.push(this.message('dataverse.actuals.v1', actualId, cost));
    this.sighting('msdyn_actuals', mapVersion, cost.occurredAt);
    if (has('duplicate')) messages.push(this.message('dataverse.actuals.v1', actualId, cost));
    if (has('outOfOrder')) {
      // An older change of the same actual arrives after the newer one: it must not overwrite it.
      const stale = { ...costData, amount: '0.01', unitPrice: '0.01' };
      const older = new Date(now.getTime() - 60_000);
      messages.push(
        this.message(
          'dataverse.actuals.v1',
          actualId,
          this.envelope('msdyn_actual', stale, mapVersion, older, false),
        ),
      );
    }
    if (this.random() < (this.options.salesRate ?? 0.1)) {
      // The sales side: unbilled sales on the cost, later billed, each with the connection its import needs.
      const salesCents = actualCents + Math.floor(actualCents / 4);
      const unbilledId = `ACT-${this.hex(16)}`;
      const billedId = `ACT-${this.hex(16)}`;
      doc.salesActualIds.push(unbilledId, billedId);
      this.injected.billedSales! += 1;
      for (const [id, type, other, otherType] of [
        [unbilledId, 'UnbilledSales', actualId, 'Cost'],
        [billedId, 'BilledSales', unbilledId, 'UnbilledSales'],
      ] as const) {
        const sale = this.envelope('msdyn_actual', actualData(id, type, salesCents), mapVersion, now);
        this.sighting('msdyn_actuals', mapVersion, sale.occurredAt);
        messages.push(this.message('dataverse.actuals.v1', id, sale));
        const connectionId = `CON-${this.hex(16)}`;
        const connection = {
          connectionId,
          transaction1Id: id,
          transaction1Role: type,
          transaction1Type: type,
          transaction2Id: other,
          transaction2Role: otherType,
          transaction2Type: otherType,
          createdOn: now.toISOString(),
        };
        messages.push(this.source('msdyn_transactionconnection', connectionId, connection, '1.0.0.1', now));
      }
    }
    if (has('malformed')) {
      // Not JSON, or a float amount: both must reach the dead-letter topic with their bytes.
      const raw =
        this.random() < 0.5
          ? `{"eventId": "${this.uuid()}", "entity": "msdyn_actual", "data": {"actualId": "${actualId}"`
          : JSON.stringify({
              ...this.envelope('msdyn_actual', costData, mapVersion, now, false),
              data: { ...costData, amount: actualCents / 100 },
            });
      doc.malformed.push(raw);
      messages.push({ topic: `${this.prefix}dataverse.actuals.v1`, key: actualId, value: raw });
    }
    return messages;
  }

  private source(
    entity: Entity,
    key: string,
    data: Record<string, unknown>,
    mapVersion: string,
    now: Date,
  ): PlannedMessage {
    const topic = {
      msdyn_actual: 'dataverse.actuals.v1',
      msdyn_transactionconnection: 'dataverse.transaction-connections.v1',
      expense: 'finance.expenses.v1',
      vendor_invoice_line: 'finance.vendor-invoices.v1',
    }[entity];
    const mapName = {
      msdyn_actual: 'msdyn_actuals',
      msdyn_transactionconnection: 'msdyn_transactionconnections',
      expense: 'msdyn_expenses',
      vendor_invoice_line: 'msdyn_projectvendorinvoicelines',
    }[entity] as RequiredMapName;
    const event = this.envelope(entity, data, mapVersion, now);
    this.sighting(mapName, mapVersion, event.occurredAt);
    return this.message(topic, key, event);
  }

  /**
   * Every applied change gets its own instant, strictly after the previous one: reconciliation
   * keeps the latest map sighting by time, and a tie would leave the winner to arrival order.
   * `advance` false: the instant is taken as given (a stale change, a message that is rejected).
   */
  private envelope(
    entity: string,
    data: Record<string, unknown>,
    mapVersion: string,
    at: Date,
    advance = true,
  ) {
    let instant = at.getTime();
    if (advance) {
      this.clock = Math.max(this.clock + 1, instant);
      instant = this.clock;
    }
    return {
      eventId: this.uuid(),
      entity,
      operation: 'upsert',
      occurredAt: new Date(instant).toISOString(),
      mapVersion,
      data,
    };
  }

  private sighting(mapName: RequiredMapName, version: string, occurredAt: string): void {
    const at = Date.parse(occurredAt);
    const current = this.mapSightings.get(mapName);
    if (!current || current.occurredAt <= at) this.mapSightings.set(mapName, { version, occurredAt: at });
  }

  private message(topic: string, key: string, value: unknown): PlannedMessage {
    return { topic: `${this.prefix}${topic}`, key, value: JSON.stringify(value) };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.random() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length).toUpperCase();
  }

  /** A version-4-shaped UUID from the seeded generator (the contract checks the shape only). */
  private uuid(): string {
    const h = this.hex(32).toLowerCase();
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/**
 * Exactly `counts[kind]` documents of `documents` get each fault. Faults without an actual take
 * documents of their own first; the others are spread over the remaining documents independently.
 */
export function assignFaults(
  random: () => number,
  documents: number,
  counts: Partial<Record<FaultKind, number>>,
): FaultKind[][] {
  const faults: FaultKind[][] = Array.from({ length: documents }, () => []);
  const shuffled = (indices: number[]) => {
    const copy = [...indices];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  let free = shuffled(Array.from({ length: documents }, (_, i) => i));
  for (const kind of FAULT_KINDS) {
    const count = counts[kind] ?? 0;
    if (!WITHOUT_ACTUAL.has(kind)) continue;
    if (count > free.length)
      throw new RangeError(`${count} ${kind} faults do not fit in ${documents} documents`);
    for (const index of free.slice(0, count)) faults[index]!.push(kind);
    free = free.slice(count);
  }
  for (const kind of FAULT_KINDS) {
    const count = counts[kind] ?? 0;
    if (WITHOUT_ACTUAL.has(kind) || count === 0) continue;
    if (count > free.length)
      throw new RangeError(`${count} ${kind} faults do not fit in ${free.length} documents with actuals`);
    for (const index of shuffled(free).slice(0, count)) faults[index]!.push(kind);
  }
  return faults;
}
