import { createHash } from 'node:crypto';
import { testKafka, TopicRecorder, waitFor } from '@po-sync/testing';
import { Partitioners } from 'kafkajs';
import { Client } from 'pg';
import {
  type ExpectedDiscrepancy,
  expectedDiscrepancies,
  heldBackActualIds,
} from '../scripts/demo/traffic-expectations';
import { sendPlanned } from '../scripts/demo/send';
import { type FaultKind, type PlannedMessage, TrafficGenerator } from '../scripts/demo/traffic-plan';
import { type DiscrepancyMessage, SystemHarness } from './system-harness';

const OPERATOR = 'operator-token-for-the-demo-traffic-suite';
const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const GRACE_MS = 4000;
const DOCUMENTS = 300;
const FAULTS: Partial<Record<FaultKind, number>> = {
  neverSynced: 12,
  lostActual: 8,
  wrongAmount: 10,
  leftInDraft: 10,
  oldMap: 6,
  duplicate: 15,
  outOfOrder: 10,
  malformed: 8,
};

const keyOf = (d: {
  type: string;
  documentType: string;
  recordId: string;
  amount: string;
  currency: string;
}) => `${d.type} ${d.documentType} ${d.recordId} ${d.amount} ${d.currency}`;

interface LineEvent {
  actualId: string;
  journalId: string;
  status: string;
  sequence: number;
}

/**
 * The demo generator's traffic, with known faults, through ingestion, journal, reconciliation and
 * resync on the real broker: exactly the injected faults are reported with their amounts, the
 * malformed messages are dead-lettered with their bytes, and the operator API repairs what po-sync
 * can repair while the rest stays open.
 *
 * The test plays Finance's accountant: import runs on the journal's schedule, posting does not;
 * every journal is posted by command as soon as its line appears, except the ones the plan leaves
 * in draft. JOURNAL_MAX_LINES 1 gives each line a journal of its own, so holding one back holds
 * back that line alone.
 */
describe('demo traffic end to end (real Kafka, PostgreSQL, Redis)', () => {
  const system = new SystemHarness(
    {
      RECON_GRACE_PERIOD: `${GRACE_MS}ms`,
      OUT_OF_SYNC_LOOKBACK: '0',
      RECON_TIMER_INTERVAL: '100ms',
      JOURNAL_IMPORT_INTERVAL: '300ms',
      JOURNAL_POST_INTERVAL: '0',
      JOURNAL_MAX_LINES: '1',
      // Billed sales wait for their unbilled sales to be posted: a short base spends their five
      // automatic retries long before that, so the posting's wake-up alone has to bring them in.
      JOURNAL_RETRY_BASE: '500ms',
      API_TOKENS: `operator:ops-demo:${sha(OPERATOR)}`,
    },
    ['ingestion', 'journal', 'reconciliation', 'resync'],
  );
  let journal: TopicRecorder;
  let journalDb: Client;
  let accountant: NodeJS.Timeout | undefined;
  const generator = new TrafficGenerator({ seed: 20261102, prefix: system.prefix });
  let expected: ExpectedDiscrepancy[] = [];

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${system.url('resync')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** The latest event of each discrepancy: keyed by discrepancyId, so one partition keeps them in order. */
  const current = () => {
    const latest = new Map<string, DiscrepancyMessage>();
    for (const d of system.discrepancies()) latest.set(d.discrepancyId, d);
    return [...latest.values()];
  };
  const openKeys = () =>
    current()
      .filter((d) => d.status !== 'resolved')
      .map(keyOf)
      .sort();

  async function send(messages: PlannedMessage[]): Promise<void> {
    const producer = testKafka('demo-traffic-e2e').producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    await sendPlanned(producer, messages);
    await producer.disconnect();
  }

  /** Posts, by command, every draft journal whose line the plan does not hold back. */
  function startAccountant(heldBack: ReadonlySet<string>): void {
    const requested = new Map<string, number>();
    accountant = setInterval(() => {
      const lines = new Map<string, LineEvent>();
      for (const m of journal.on(system.topic('journal.lines.v1'))) {
        const line = m.json<LineEvent>();
        const seen = lines.get(line.actualId);
        if (!seen || seen.sequence < line.sequence) lines.set(line.actualId, line);
      }
      const now = Date.now();
      const journalIds = [...lines.values()]
        .filter((l) => l.status === 'Draft' && !heldBack.has(l.actualId))
        .map((l) => l.journalId)
        // A command may still be on its way: ask again only if the line is still a draft a while later.
        .filter((id) => now - (requested.get(id) ?? 0) > 3000);
      if (journalIds.length === 0) return;
      for (const id of journalIds) requested.set(id, now);
      void system.command({ command: 'postDraftJournals', journalIds }).catch(() => undefined);
    }, 250);
  }

  beforeAll(async () => {
    await system.start();
    journal = await new TopicRecorder([
      system.topic('journal.lines.v1'),
      system.topic('ingestion.dead-letter.v1'),
    ]).start();
    journalDb = new Client({ connectionString: system.databaseUrl('journal') });
    await journalDb.connect();
  });

  afterAll(async () => {
    clearInterval(accountant);
    await journalDb?.end();
    await journal?.stop();
    await system.stop();
  });

  it('reports exactly the injected faults, with their amounts, once the run has settled', async () => {
    let t = Date.now();
    const messages = [
      ...generator.setup(new Date(t)),
      ...generator.batch(() => new Date((t += 1)), DOCUMENTS, FAULTS),
    ];
    // The map finding follows the latest record a map carried: only a run that ends on the old map
    // leaves it open, so this one ends with a document carried by it, to see it reported.
    messages.push(...generator.document(new Date(t + 1), ['oldMap']));
    expected = expectedDiscrepancies(generator);
    startAccountant(heldBackActualIds(generator));
    const sentAt = Date.now();
    await send(messages);

    const want = expected.map(keyOf).sort();
    // Every grace period must have run out too, or a finding still to come could be missed.
    await waitFor(
      () => Date.now() > sentAt + 2 * GRACE_MS && JSON.stringify(openKeys()) === JSON.stringify(want),
      {
        what: 'the open discrepancies to match the injected faults',
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    ).catch(() => undefined);
    // On a mismatch, show each unexpected finding's published history beside reconciliation's own row.
    const lineEvents = journal.on(system.topic('journal.lines.v1')).map((m) => m.json<LineEvent>());
    const extra = await Promise.all(
      openKeys()
        .filter((k) => !want.includes(k))
        .map(async (key) => {
          const recordId = key.split(' ')[2]!;
          const doc = generator.documents.find(
            (d) =>
              d.recordId === recordId ||
              d.costActual?.actualId === recordId ||
              d.salesActualIds.includes(recordId),
          );
          const history = system
            .discrepancies({ recordId })
            .map((d) => `${d.type}/${d.status}@${(d as unknown as { detectedAt: string }).detectedAt}`);
          const { rows } = await system.reconDb.query<{ type: string; status: string }>(
            `SELECT type, status FROM discrepancy WHERE record_id = $1`,
            [recordId],
          );
          const lines = lineEvents
            .filter((l) => l.actualId === recordId)
            .map((l) => `${l.status}#${l.sequence}`);
          // The journal's side: whether import from staging took the actual, and why not.
          const staged = await journalDb.query<Record<string, unknown>>(
            `SELECT import_status, retry_count, next_retry_at, last_error_code, last_retried_at
             FROM staged_actual WHERE actual_id = $1`,
            [recordId],
          );
          return {
            key,
            faults: doc?.faults,
            history,
            stored: rows.map((r) => `${r.type}/${r.status}`),
            lines,
            staged: staged.rows,
          };
        }),
    );
    expect(extra).toEqual([]);
    expect(openKeys()).toEqual(want);

    // Each expected finding names the remedy the rules give it.
    const byKey = new Map(current().map((d) => [keyOf(d), d]));
    for (const e of expected)
      expect({ key: keyOf(e), remedy: byKey.get(keyOf(e))?.remedy }).toEqual({
        key: keyOf(e),
        remedy: e.remedy,
      });
    expect(
      byKey.get(keyOf(expected.find((e) => e.type === 'MAP_VERSION_BELOW_REQUIRED')!))?.causes.join(' '),
    ).toContain('1.0.0.12');
  });

  it('dead-letters every malformed message, and only those, with its original bytes and a reason', async () => {
    const malformed = generator.documents.flatMap((d) => d.malformed);
    expect(malformed).toHaveLength(FAULTS.malformed!);
    const deadLetters = await waitFor(
      () => {
        const all = journal
          .on(system.topic('ingestion.dead-letter.v1'))
          .map((m) => m.json<{ sourceTopic: string; value: string; reason: string; service: string }>());
        return all.length >= malformed.length ? all : undefined;
      },
      { what: 'the dead letters', timeoutMs: 20_000 },
    );
    expect(deadLetters.map((d) => Buffer.from(d.value, 'base64').toString('utf8')).sort()).toEqual(
      [...malformed].sort(),
    );
    for (const d of deadLetters) {
      expect(d).toMatchObject({ service: 'ingestion', sourceTopic: 'dataverse.actuals.v1' });
      expect(d.reason.length).toBeGreaterThan(10);
    }
  });

  it('repairs through the operator API what po-sync can repair; the rest stays open', async () => {
    const repairable = expected.filter((e) => e.repairedBy !== null);
    const unrepairable = expected.filter((e) => e.repairedBy === null);
    expect(repairable.length).toBeGreaterThan(0);
    const heldBack = [...heldBackActualIds(generator)].sort();

    // A resync leaves alone what waits for posting, and says why.
    const dryRun = await waitFor(
      async () => {
        const { body } = await call('POST', '/v1/resync-jobs', {
          scope: 'out-of-sync-actuals',
          dryRun: true,
        });
        const skipped = body.skipped as { id: string; reason: string }[];
        return skipped
          .map((s) => s.id)
          .sort()
          .join() === heldBack.join()
          ? body
          : undefined;
      },
      { what: 'the resync service to see the held-back lines', timeoutMs: 20_000 },
    );
    expect(dryRun.selected).toBe(0);
    for (const s of dryRun.skipped as { reason: string }[]) expect(s.reason).toMatch(/pending posting/);

    // Documents with no actual at all: nothing reached po-sync that it could send again.
    const withoutActual = unrepairable.filter((e) => e.type === 'MISSING_ACTUAL').map((e) => e.recordId);
    const documents = await call('POST', '/v1/resync-jobs', { scope: 'documents', ids: withoutActual });
    expect(documents.status).toBe(202);
    expect(documents.body.selected).toBe(0);

    const remedy = await call('POST', '/v1/remedies/post-draft-journals', {});
    expect(remedy.status).toBe(202);

    const resolvedKeys = () =>
      current()
        .filter((d) => d.status === 'resolved')
        .map(keyOf);
    await waitFor(() => repairable.every((e) => resolvedKeys().includes(keyOf(e))), {
      what: 'the repairable discrepancies to be resolved',
      timeoutMs: 30_000,
      intervalMs: 250,
    }).catch(() => undefined);
    expect(repairable.map(keyOf).filter((k) => !resolvedKeys().includes(k))).toEqual([]);
    expect(openKeys()).toEqual(unrepairable.map(keyOf).sort());
  });
});
