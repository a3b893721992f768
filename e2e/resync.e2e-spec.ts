import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { actualEvent, standardSetup, waitFor } from '@po-sync/testing';
import { SystemHarness } from './system-harness';

const OPERATOR = 'operator-token-for-the-e2e-suite';
const VIEWER = 'viewer-token-for-the-e2e-suite';
const sha = (token: string) => createHash('sha256').update(token).digest('hex');

/** The operator API repairs out-of-sync actuals through the journal, and reconciliation sees them resolved. */
describe('resync end to end (real Kafka, PostgreSQL, Redis)', () => {
  const system = new SystemHarness(
    {
      RECON_GRACE_PERIOD: '1s',
      JOURNAL_IMPORT_INTERVAL: '0',
      JOURNAL_POST_INTERVAL: '0',
      RECON_TIMER_INTERVAL: '100ms',
      // The fixtures' actuals were created on 2026-11-02: an unlimited look-back keeps them out of
      // sync whatever the day the suite runs (with the default month they left it on 2026-12-03).
      OUT_OF_SYNC_LOOKBACK: '0',
      API_TOKENS: `operator:ops-alice:${sha(OPERATOR)},viewer:viewer-bob:${sha(VIEWER)}`,
    },
    ['ingestion', 'journal', 'reconciliation', 'resync'],
  );
  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${system.url('resync')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    await system.start();
    await system.produce(standardSetup('USMF', 'USD', 'PRJ-1'));
  });

  afterAll(() => system.stop());

  it('refuses no token (401), a viewer (403) and a malformed body (400, saying what to fix)', async () => {
    expect((await call('POST', '/v1/resync-jobs', null, { scope: 'out-of-sync-actuals' })).status).toBe(401);
    const forbidden = await call('POST', '/v1/resync-jobs', VIEWER, { scope: 'out-of-sync-actuals' });
    expect(forbidden.status).toBe(403);
    const bad = await call('POST', '/v1/resync-jobs', OPERATOR, { scope: 'everything', dryRun: 'yes' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { statusCode: number; error: string; message: string };
    expect(body.statusCode).toBe(400);
    expect(body.message).toContain('scope');
    expect(body.message).toContain('out-of-sync-actuals');
    expect(body.message).toContain('dryRun');
  });

  it('repairs out-of-sync actuals: the job completes and every discrepancy is resolved, a pending-posting one is skipped with its reason', async () => {
    const lost = Array.from({ length: 5 }, () => actualEvent());
    const pending = actualEvent();
    const pendingId = pending.data.actualId as string;
    await system.produce([...lost, pending]);
    // The pending one gets a draft line; the lost ones none (imports are off).
    await waitFor(
      () => system.discrepancies({ recordId: pendingId, type: 'OUT_OF_SYNC_ACTUAL', status: 'open' })[0],
      { timeoutMs: 20_000 },
    );
    await system.command({ command: 'importFromStaging', actualIds: [pendingId] });
    for (const a of lost) {
      await waitFor(
        () =>
          system.discrepancies({
            recordId: a.data.actualId as string,
            type: 'OUT_OF_SYNC_ACTUAL',
            status: 'open',
          })[0],
        {
          what: 'out of sync',
          timeoutMs: 20_000,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the resync service sees the draft line

    const accepted = await call('POST', '/v1/resync-jobs', OPERATOR, { scope: 'out-of-sync-actuals' });
    expect(accepted.status).toBe(202);
    const job = (await accepted.json()) as {
      jobId: string;
      status: string;
      selected: number;
      skipped: { id: string; reason: string }[];
    };
    expect(job.selected).toBeGreaterThanOrEqual(5);
    const skipped = job.skipped.find((s) => s.id === pendingId);
    expect(skipped?.reason).toMatch(/pending posting/);

    const done = await waitFor(
      async () => {
        const res = await call('GET', `/v1/resync-jobs/${job.jobId}`, OPERATOR);
        const body = (await res.json()) as {
          status: string;
          sent: number;
          items: { recordId: string; outcome: string }[];
        };
        return body.status === 'completed' ? body : undefined;
      },
      { what: 'the job to complete' },
    );
    expect(done.sent).toBe(job.selected);
    for (const a of lost) {
      await waitFor(
        () =>
          system.discrepancies({
            recordId: a.data.actualId as string,
            type: 'OUT_OF_SYNC_ACTUAL',
            status: 'resolved',
          })[0],
        {
          what: `resolved ${String(a.data.actualId)}`,
          timeoutMs: 20_000,
        },
      );
    }

    const audit = (await (await call('GET', '/v1/audit', OPERATOR)).json()) as {
      entries: { actor: string; action: string; recordCount: number; outcome: string }[];
    };
    expect(
      audit.entries.some(
        (e) => e.actor === 'ops-alice' && e.action === 'resync-job.create' && e.outcome === 'accepted',
      ),
    ).toBe(true);
  });

  it('answers 409 to a second job on a scope while the first runs', async () => {
    const many = Array.from({ length: 300 }, () => actualEvent());
    await system.produce(many);
    const ids = many.map((a) => a.data.actualId as string);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [first, second] = await Promise.all([
      call('POST', '/v1/resync-jobs', OPERATOR, { scope: 'actuals', ids }),
      call('POST', '/v1/resync-jobs', OPERATOR, { scope: 'actuals', ids }),
    ]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const conflict = (await (first.status === 409 ? first : second).json()) as { message: string };
    expect(conflict.message).toMatch(/already running/);
  });

  it('resumes a job that a crash left running, from its pending items', async () => {
    const many = Array.from({ length: 1000 }, () => actualEvent());
    await system.produce(many);
    const ids = many.map((a) => a.data.actualId as string);
    await waitFor(
      async () => {
        const res = await call('POST', '/v1/resync-jobs', OPERATOR, { scope: 'actuals', ids, dryRun: true });
        return ((await res.json()) as { selected: number }).selected === 1000;
      },
      { what: 'the resync service to know the 1000 actuals' },
    );
    // The state a crash leaves: the job 'running', 400 items sent, 600 still pending.
    await system.stopService('resync');
    const db = new Client({ connectionString: system.databaseUrl('resync') });
    await db.connect();
    const jobId = randomUUID();
    await db.query(
      `INSERT INTO resync_job (job_id, scope, params, dry_run, status, requested_by, selected, skipped, sent, started_at)
       VALUES ($1, 'actuals', '{}', false, 'running', 'ops-alice', 1000, 0, 400, now())`,
      [jobId],
    );
    await db.query(
      `INSERT INTO resync_job_item (job_id, record_id, outcome) SELECT $1, id, CASE WHEN n <= 400 THEN 'sent' ELSE 'pending' END
       FROM unnest($2::text[]) WITH ORDINALITY AS u(id, n)`,
      [jobId, ids],
    );
    await db.end();

    await system.startService('resync');
    const done = await waitFor(
      async () => {
        const res = await call('GET', `/v1/resync-jobs/${jobId}?limit=1`, OPERATOR);
        const body = (await res.json()) as { status: string; sent: number; selected: number };
        return body.status === 'completed' ? body : undefined;
      },
      { what: 'the interrupted job to complete', timeoutMs: 60_000 },
    );
    expect(done.sent).toBe(1000);
  });

  it('serves its OpenAPI document at /docs', async () => {
    const docs = await fetch(`${system.url('resync')}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
