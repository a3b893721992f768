import { z } from 'zod';
import { fastCheck, MISMATCH } from './fast-check';
import { CANONICAL_SCHEMA_VERSION } from './canonical.v1';
import { JOURNAL_COMMANDS_KEY, SOURCE_TOPIC_DEFINITIONS, TOPICS } from './topics';
import * as f from './testing/fixtures';

/*
 * The fast check must never accept what zod rejects, and what it accepts must be exactly zod's
 * output (values, transforms, key order). Compared on valid events of every topic and on thousands
 * of broken copies of them.
 */

const records: Record<string, { entity: string; data: object; key: object }> = {
  'dataverse.actuals.v1': { entity: 'msdyn_actual', data: f.actual(), key: { actualId: 'a-1001' } },
  'dataverse.transaction-connections.v1': {
    entity: 'msdyn_transactionconnection',
    data: f.transactionConnection(),
    key: { connectionId: 'c-1' },
  },
  'finance.expenses.v1': { entity: 'expense', data: f.expense(), key: { expenseId: 'EXP-42' } },
  'finance.vendor-invoices.v1': {
    entity: 'vendor_invoice_line',
    data: f.vendorInvoiceLine(),
    key: { invoiceId: 'VI-9', lineNumber: 2 },
  },
  'finance.dual-write-maps.v1': {
    entity: 'dual_write_map',
    data: f.dualWriteMap(),
    key: { mapName: 'msdyn_actuals' },
  },
  'finance.setup.v1': { entity: 'setup', data: f.setupExchangeRate(), key: f.setupExchangeRate() },
};

const setups = [f.setupLegalEntity(), f.setupProject(), f.setupLedgerPeriod(), f.setupExchangeRate()];

const journalLine = { ...f.draftJournalLine(), ...f.POSTED_LINE };

const internal: [string, object][] = [
  ['journal.lines.v1', journalLine],
  [
    'journal.lines.v1',
    {
      ...journalLine,
      status: 'Draft',
      journalStatus: 'Draft',
      accountingAmount: null,
      accountingCurrency: null,
      exchangeRate: null,
      voucher: null,
      postedAt: null,
      sequence: 1,
    },
  ],
  [
    'journal.logs.v1',
    {
      eventId: f.EVENT_ID,
      entryId: 'log-1',
      log: 'integrationJournal',
      runId: 'run-1',
      actualId: 'a-1001',
      legalEntity: 'USPM',
      code: 'JOURNAL.PROJECT_UNKNOWN',
      message: 'Project PRJ-001 does not exist.',
      retryCount: 0,
      lastRetriedAt: null,
      resolvedByLaterRun: false,
      occurredAt: '2025-03-31T14:00:05Z',
    },
  ],
  ...(
    [
      { command: 'importFromStaging', actualIds: ['a-1', 'a-2'] },
      { command: 'postDraftJournals', journalIds: ['USPM-000043'] },
      { command: 'resetLineToDraft', lineId: 'L-1' },
      { command: 'resyncActuals', actuals: [f.actual()] },
      { command: 'resyncTransactionConnections', connections: [f.transactionConnection()] },
    ] as object[]
  ).map((c): [string, object] => [
    'journal.commands.v1',
    { commandId: f.EVENT_ID, requestedBy: 'ops-alice', requestedAt: '2025-03-31T16:00:00Z', ...c },
  ]),
  ['recon.discrepancies.v1', f.discrepancy()],
  ['recon.document-status.v1', f.documentStatus()],
  ['ingestion.dead-letter.v1', f.deadLetter()],
];

/** Every schema of the registry with valid inputs for it. */
function cases(): { name: string; schema: z.ZodTypeAny; samples: object[] }[] {
  const out: { name: string; schema: z.ZodTypeAny; samples: object[] }[] = [];
  for (const [topic, { entity, data, key }] of Object.entries(records)) {
    const definition = SOURCE_TOPIC_DEFINITIONS[topic as keyof typeof SOURCE_TOPIC_DEFINITIONS];
    const upserts = (entity === 'setup' ? setups : [data]).map((d) => f.envelope(entity, d));
    const deletes = (entity === 'setup' ? setups : [key]).map((d) => f.envelope(entity, d, 'delete'));
    const envelopes = definition.envelopes as Record<string, z.ZodTypeAny>;
    out.push({ name: `${topic} upsert`, schema: envelopes.upsert as z.ZodTypeAny, samples: upserts });
    out.push({ name: `${topic} delete`, schema: envelopes.delete as z.ZodTypeAny, samples: deletes });
    out.push({
      name: `${topic} header`,
      schema: envelopes.header as z.ZodTypeAny,
      samples: [...upserts, ...deletes],
    });
    out.push({ name: topic, schema: definition.schema as z.ZodTypeAny, samples: [...upserts, ...deletes] });
    const canonical = [...upserts, ...deletes].map((e) => ({
      schemaVersion: CANONICAL_SCHEMA_VERSION,
      eventId: f.OTHER_ID,
      sourceEventId: f.EVENT_ID,
      sourceTopic: topic,
      entity,
      recordId: (definition.recordId as (d: unknown) => string)(e.data),
      operation: e.operation,
      occurredAt: e.occurredAt,
      mapVersion: e.mapVersion,
      ingestedAt: '2025-03-31T14:05:02.001Z',
      data: e.data,
    }));
    const canonicalTopic = TOPICS[definition.canonicalTopic];
    out.push({
      name: definition.canonicalTopic,
      schema: canonicalTopic.schema as z.ZodTypeAny,
      samples: canonical,
    });
  }
  for (const [topic, sample] of internal) {
    const schema = TOPICS[topic as keyof typeof TOPICS].schema as z.ZodTypeAny;
    const existing = out.find((c) => c.name === topic);
    if (existing) existing.samples.push(sample);
    else out.push({ name: topic, schema, samples: [sample] });
  }
  expect(JOURNAL_COMMANDS_KEY).toBeTruthy();
  return out;
}

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  'x',
  'USD',
  'usd',
  '12.5',
  '1e3',
  '-0',
  '12.500',
  0,
  1,
  -1,
  1.5,
  2 ** 60,
  NaN,
  true,
  false,
  [],
  {},
  ['a'],
  { a: 1 },
  '0B7E5C52-7D0E-4A0B-9F8E-2F4A3C1D9E61',
  '2025-02-29',
  '2024-02-29',
  '2025-03-31T14:05:00Z',
  '2025-03-31T14:05:00',
  'Posted',
  'upsert',
  'delete',
  'Cost',
  'a:b',
  ' a',
  '\u0007',
];

/** A deep copy made in this realm (structuredClone's objects fail a same-realm prototype check). */
const clone = (value: unknown): unknown =>
  value !== null && typeof value === 'object' ? (JSON.parse(JSON.stringify(value)) as unknown) : value;

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function mutate(sample: object, next: () => number): unknown {
  const copy = clone(sample) as Record<string, unknown>;
  const all = paths(copy);
  const mutations = 1 + Math.floor(next() * 3);
  for (let m = 0; m < mutations; m++) {
    const path = all[Math.floor(next() * all.length)] ?? [];
    if (path.length === 0) continue;
    let node: unknown = copy;
    for (const step of path.slice(0, -1))
      node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
    if (!node || typeof node !== 'object') continue;
    const parent = node as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    const choice = next();
    if (choice < 0.45) parent[last] = clone(REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]);
    else if (choice < 0.6) delete parent[last];
    else if (choice < 0.7 && typeof last === 'string') {
      // a case or separator variant of a known key, or a near miss of it
      const variant = next() < 0.5 ? last[0]?.toUpperCase() + last.slice(1) : `${last.slice(0, -1)}_`;
      parent[variant] = parent[last];
      if (next() < 0.5) delete parent[last];
    } else if (choice < 0.8) parent[`extra${Math.floor(next() * 3)}`] = next() < 0.5 ? 'x' : { nested: 1 };
    else if (choice < 0.9 && typeof parent[last] === 'string') parent[last] = parent[last].toUpperCase();
    else if (Array.isArray(parent[last])) (parent[last] as unknown[]).push('x');
    else parent[last] = [parent[last]];
  }
  return copy;
}

describe('fastCheck', () => {
  const all = cases();

  it.each(all.map((c) => [c.name, c] as const))(
    'compiles %s and accepts its valid events as zod does',
    (_name, c) => {
      const check = fastCheck(c.schema);
      expect(check).not.toBeNull();
      for (const sample of c.samples) {
        const expected = c.schema.safeParse(sample);
        const got = check?.(sample, { unknownKeys: false });
        if (expected.success) {
          expect(got).not.toBe(MISMATCH);
          expect(JSON.stringify(got)).toBe(JSON.stringify(expected.data));
          expect(got).toStrictEqual(expected.data);
        } else expect(got).toBe(MISMATCH);
      }
    },
  );

  it.each(all.map((c) => [c.name, c] as const))(
    'never accepts a broken %s that zod rejects, nor changes one it accepts',
    (name, c) => {
      const check = fastCheck(c.schema);
      const next = random([...name].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 7));
      let accepted = 0;
      for (const sample of c.samples) {
        for (let i = 0; i < 400; i++) {
          const input = mutate(sample, next);
          const got = check?.(input, { unknownKeys: false });
          let expected: z.SafeParseReturnType<unknown, unknown>;
          try {
            expected = c.schema.safeParse(input);
          } catch {
            // Some refinements throw on inputs zod already found invalid; never on ones it accepts.
            expect(got).toBe(MISMATCH);
            continue;
          }
          if (got === MISMATCH) continue;
          accepted += 1;
          expect({ input, success: expected.success }).toEqual({ input, success: true });
          if (expected.success) {
            expect(JSON.stringify(got)).toBe(JSON.stringify(expected.data));
            expect(got).toStrictEqual(expected.data);
          }
        }
      }
      // Some broken copies stay valid (an extra field, an optional one removed): the path is exercised.
      expect(accepted).toBeGreaterThan(0);
    },
  );

  it('reports unknown keys, so the caller runs the key-typo walk', () => {
    const schema = SOURCE_TOPIC_DEFINITIONS['dataverse.actuals.v1'].envelopes.upsert;
    const context = { unknownKeys: false };
    fastCheck(schema)?.(f.envelope('msdyn_actual', f.actual()), context);
    expect(context.unknownKeys).toBe(false);
    fastCheck(schema)?.(f.envelope('msdyn_actual', { ...f.actual(), Amount: '1' }), context);
    expect(context.unknownKeys).toBe(true);
  });

  it.each([
    ['a prototype key', JSON.parse('{"a":"x","__proto__":{"b":1}}') as unknown],
    [
      'a class instance',
      new (class {
        a = 'x';
      })(),
    ],
    ['a thenable', { a: 'x', then: () => undefined }],
  ])('steps aside for %s', (_case, input) => {
    const schema = z.object({ a: z.string() }).passthrough();
    expect(fastCheck(schema)?.(input, { unknownKeys: false })).toBe(MISMATCH);
  });

  it.each([
    ['a string transform zod applies itself', z.string().trim()],
    ['a preprocess', z.preprocess((v) => v, z.string())],
    ['a union', z.union([z.string(), z.number()])],
    ['a default', z.string().default('x')],
  ])('does not compile %s', (_case, schema) => {
    expect(fastCheck(schema as z.ZodTypeAny)).toBeNull();
  });
});
