/**
 * Demo traffic: plays both sides of dual-write — Finance posts expenses and vendor invoices,
 * Dataverse creates the actuals (cost, unbilled and billed sales with their transaction
 * connections) — over several legal entities, projects and currencies, with faults injected at
 * configurable rates. Prints what it injected, so the discrepancies po-sync reports can be checked.
 *
 *   node -r ./scripts/register.js scripts/demo/traffic.ts [--rate 20] [--duration 0] [--seed 42]
 *     [--never-synced 0.05] [--lost-actual 0.03] [--wrong-amount 0.03] [--old-map 0.01]
 *     [--duplicate 0.05] [--out-of-order 0.03] [--malformed 0.01] [--prefix ""]
 *
 * --duration 0 runs until Ctrl-C. Journals left in draft come from the journal's own schedule.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const num = (name: string, fallback: number) => (args.has(name) ? Number(args.get(name)) : fallback);

const RATE = num('rate', 20);
const DURATION_S = num('duration', 0);
const PREFIX = args.get('prefix') ?? '';
const FAULTS = {
  neverSynced: num('never-synced', 0.05),
  lostActual: num('lost-actual', 0.03),
  wrongAmount: num('wrong-amount', 0.03),
  oldMap: num('old-map', 0.01),
  duplicate: num('duplicate', 0.05),
  outOfOrder: num('out-of-order', 0.03),
  malformed: num('malformed', 0.01),
};

// A small deterministic generator, so a seed reproduces a run.
let seed = num('seed', 42) >>> 0;
const random = () => {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
  return seed / 0x100000000;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const ENTITIES = [
  { legalEntity: 'USMF', currency: 'USD', projects: ['PRJ-US-100', 'PRJ-US-200'] },
  { legalEntity: 'DEMF', currency: 'EUR', projects: ['PRJ-DE-100'] },
  { legalEntity: 'GBSI', currency: 'GBP', projects: ['PRJ-GB-100', 'PRJ-GB-200'] },
] as const;
const CATEGORIES = ['Travel', 'Hotel', 'Meals', 'Mileage', 'Subcontractor', 'Hardware'];

const injected: Record<string, number> = {
  expenses: 0,
  vendorInvoiceLines: 0,
  actuals: 0,
  neverSynced: 0,
  lostActual: 0,
  wrongAmount: 0,
  oldMap: 0,
  duplicate: 0,
  outOfOrder: 0,
  malformed: 0,
  billedSales: 0,
};

interface Out {
  topic: string;
  key: string;
  value: string;
}

const envelope = (
  entity: string,
  data: Record<string, unknown>,
  mapVersion: string,
  occurredAt = new Date(),
) => ({
  eventId: randomUUID(),
  entity,
  operation: 'upsert',
  occurredAt: occurredAt.toISOString(),
  mapVersion,
  data,
});
const out = (topic: string, key: string, value: unknown): Out => ({
  topic: `${PREFIX}${topic}`,
  key,
  value: JSON.stringify(value),
});
const money = (cents: number) => (cents / 100).toFixed(2);
const today = () => new Date().toISOString().slice(0, 10);

function setup(): Out[] {
  const events: Out[] = [];
  for (const e of ENTITIES) {
    events.push(
      out(
        'finance.setup.v1',
        `legalEntity:${e.legalEntity}`,
        envelope(
          'setup',
          { kind: 'legalEntity', legalEntity: e.legalEntity, accountingCurrency: e.currency },
          '1.0.0.1',
        ),
      ),
    );
    events.push(
      out(
        'finance.setup.v1',
        `ledgerPeriod:${e.legalEntity}`,
        envelope(
          'setup',
          {
            kind: 'ledgerPeriod',
            legalEntity: e.legalEntity,
            start: '2025-01-01',
            end: '2027-12-31',
            status: 'Open',
          },
          '1.0.0.1',
        ),
      ),
    );
    for (const projectId of e.projects) {
      events.push(
        out(
          'finance.setup.v1',
          `project:${projectId}`,
          envelope(
            'setup',
            { kind: 'project', projectId, legalEntity: e.legalEntity, name: projectId },
            '1.0.0.1',
          ),
        ),
      );
    }
  }
  for (const [name, version] of [
    ['msdyn_actuals', '1.0.0.20'],
    ['msdyn_transactionconnections', '1.0.0.1'],
    ['msdyn_expenses', '1.0.0.5'],
    ['msdyn_projectvendorinvoicelines', '1.0.0.8'],
  ] as const) {
    events.push(
      out(
        'finance.dual-write-maps.v1',
        name,
        envelope('dual_write_map', { mapName: name, version, state: 'Running' }, version),
      ),
    );
  }
  return events;
}

/** One business document posted in Finance, and what Dataverse makes of it (or fails to). */
function document(): Out[] {
  const events: Out[] = [];
  const e = pick(ENTITIES);
  const projectId = pick(e.projects);
  const cents = 500 + Math.floor(random() * 200_000);
  const isExpense = random() < 0.7;
  const postedAt = new Date();
  let documentId: string;
  if (isExpense) {
    documentId = `EXP-${randomUUID().slice(0, 13)}`;
    injected.expenses! += 1;
    events.push(
      out(
        'finance.expenses.v1',
        documentId,
        envelope(
          'expense',
          {
            expenseId: documentId,
            expenseReportId: `ER-${randomUUID().slice(0, 8)}`,
            legalEntity: e.legalEntity,
            projectId,
            category: pick(CATEGORIES),
            amount: money(cents),
            currency: e.currency,
            transactionDate: today(),
            status: 'Posted',
            voucher: `EXV-${randomUUID().slice(0, 8)}`,
            postedAt: postedAt.toISOString(),
          },
          '1.0.0.5',
        ),
      ),
    );
  } else {
    const invoiceId = `VI-${randomUUID().slice(0, 10)}`;
    documentId = `${invoiceId}:1`;
    injected.vendorInvoiceLines! += 1;
    events.push(
      out(
        'finance.vendor-invoices.v1',
        documentId,
        envelope(
          'vendor_invoice_line',
          {
            invoiceId,
            lineNumber: 1,
            vendorId: `V-${Math.floor(random() * 50)}`,
            legalEntity: e.legalEntity,
            projectId,
            category: pick(CATEGORIES),
            amount: money(cents),
            currency: e.currency,
            invoiceDate: today(),
            status: 'Posted',
            voucher: `VIV-${randomUUID().slice(0, 8)}`,
            postedAt: postedAt.toISOString(),
          },
          '1.0.0.8',
        ),
      ),
    );
  }

  if (random() < FAULTS.neverSynced) {
    injected.neverSynced! += 1; // never reaches Dataverse: no actual at all
    return events;
  }
  const actualCents = random() < FAULTS.wrongAmount ? ((injected.wrongAmount! += 1), cents - 100) : cents;
  const oldMap = random() < FAULTS.oldMap;
  if (oldMap) injected.oldMap! += 1;
  const actualId = `ACT-${randomUUID()}`;
  const actual = envelope(
    'msdyn_actual',
    {
      actualId,
      legalEntity: e.legalEntity,
      projectId,
      transactionType: 'Cost',
      transactionClass: 'Expense',
      quantity: '1',
      unitPrice: money(actualCents),
      amount: money(actualCents),
      currency: e.currency,
      documentDate: today(),
      accountingDate: today(),
      sourceDocumentType: isExpense ? 'expense' : 'vendorInvoiceLine',
      sourceDocumentId: documentId,
      skipSync: false,
      voucher: null,
      createdOn: new Date().toISOString(),
    },
    oldMap ? '1.0.0.12' : '1.0.0.20',
  );
  if (random() < FAULTS.lostActual) {
    injected.lostActual! += 1; // created in Dataverse, lost before Finance (never published)
    return events;
  }
  injected.actuals! += 1;
  events.push(out('dataverse.actuals.v1', actualId, actual));
  if (random() < FAULTS.duplicate) {
    injected.duplicate! += 1;
    events.push(out('dataverse.actuals.v1', actualId, actual));
  }
  if (random() < FAULTS.outOfOrder) {
    injected.outOfOrder! += 1; // an older change of the same actual arrives after the newer one
    events.push(
      out('dataverse.actuals.v1', actualId, {
        ...actual,
        eventId: randomUUID(),
        occurredAt: new Date(postedAt.getTime() - 60_000).toISOString(),
        data: { ...actual.data, amount: '0.01', unitPrice: '0.01' },
      }),
    );
  }
  if (random() < 0.1) {
    // The sales side: unbilled sales on the cost, later billed, each with its connection.
    injected.billedSales! += 1;
    const unbilledId = `ACT-${randomUUID()}`;
    const billedId = `ACT-${randomUUID()}`;
    const sale = (id: string, type: string) =>
      envelope(
        'msdyn_actual',
        {
          ...actual.data,
          actualId: id,
          transactionType: type,
          sourceDocumentType: null,
          sourceDocumentId: null,
        },
        '1.0.0.20',
      );
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
        '1.0.0.1',
      );
    events.push(out('dataverse.actuals.v1', unbilledId, sale(unbilledId, 'UnbilledSales')));
    events.push(
      out(
        'dataverse.transaction-connections.v1',
        unbilledId,
        connection(unbilledId, 'UnbilledSales', actualId, 'Cost'),
      ),
    );
    events.push(out('dataverse.actuals.v1', billedId, sale(billedId, 'BilledSales')));
    events.push(
      out(
        'dataverse.transaction-connections.v1',
        billedId,
        connection(billedId, 'BilledSales', unbilledId, 'UnbilledSales'),
      ),
    );
  }
  if (random() < FAULTS.malformed) {
    injected.malformed! += 1; // not JSON, or a float amount: both must reach the dead-letter topic
    const raw =
      random() < 0.5
        ? '{"eventId": "not-json'
        : JSON.stringify({ ...actual, eventId: randomUUID(), data: { ...actual.data, amount: 12.5 } });
    events.push({ topic: `${PREFIX}dataverse.actuals.v1`, key: 'malformed', value: raw });
  }
  return events;
}

async function main(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'po-sync-demo-traffic',
    brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','),
    logLevel: logLevel.ERROR,
  });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const send = async (events: Out[]) => {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const e of events)
      byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), { key: e.key, value: e.value }]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  };
  await send(setup());
  console.log(
    `[traffic] setup sent: ${ENTITIES.length} legal entities, projects, open periods, dual-write maps; ${RATE} documents/s`,
  );
  let stop = false;
  const finish = () => (stop = true);
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
  const started = Date.now();
  let lastReport = started;
  while (!stop && (DURATION_S === 0 || Date.now() - started < DURATION_S * 1000)) {
    const tick = Date.now();
    const count = Math.max(1, Math.round(RATE / 10));
    await send(Array.from({ length: count }, document).flat());
    if (Date.now() - lastReport > 10_000) {
      console.log(`[traffic] injected so far: ${JSON.stringify(injected)}`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - tick))));
  }
  await producer.disconnect();
  console.log(`[traffic] done. injected: ${JSON.stringify(injected)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
