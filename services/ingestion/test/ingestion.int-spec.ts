import { randomUUID } from 'node:crypto';
import { loadConfig } from '@po-sync/config';
import { createLogger, type ServiceApp } from '@po-sync/observability';
import { createTestDatabase, produceRaw, TopicRecorder, uniqueTopicPrefix, waitFor } from '@po-sync/testing';
import { Client } from 'pg';
import { startIngestion } from '../src/app.module';
import { ingestionConfigSchema } from '../src/ingestion.config';

const actual = (overrides: Record<string, unknown> = {}) => ({
  actualId: `ACT-${randomUUID()}`,
  legalEntity: 'USMF',
  projectId: 'PRJ-001',
  transactionType: 'Cost',
  transactionClass: 'Expense',
  quantity: '1',
  unitPrice: '125.40',
  amount: '125.40',
  currency: 'USD',
  documentDate: '2026-11-02',
  accountingDate: '2026-11-02',
  sourceDocumentType: 'expense',
  sourceDocumentId: 'EXP-1',
  skipSync: false,
  voucher: null,
  createdOn: '2026-11-02T10:00:00Z',
  ...overrides,
});

const envelope = (data: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  entity: 'msdyn_actual',
  operation: 'upsert',
  occurredAt: '2026-11-02T10:00:00Z',
  mapVersion: '1.0.0.20',
  data,
  ...overrides,
});

interface CanonicalMessage {
  eventId: string;
  sourceEventId: string;
  recordId: string;
  data: { amount: string; voucher: string | null };
}

describe('ingestion service on the real Kafka, PostgreSQL and Redis', () => {
  const prefix = uniqueTopicPrefix('ingest');
  const logger = createLogger('ingestion-test', 'warn');
  let database: { url: string; drop: () => Promise<void> };
  let service: ServiceApp;
  let recorder: TopicRecorder;
  let db: Client;
  const base = () => `http://127.0.0.1:${service.port}`;

  beforeAll(async () => {
    database = await createTestDatabase('ingestion');
    const config = loadConfig(ingestionConfigSchema, {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    });
    service = await startIngestion(config, logger);
    recorder = await new TopicRecorder([
      `${prefix}ingestion.actuals.v1`,
      `${prefix}ingestion.dead-letter.v1`,
    ]).start();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await recorder?.stop();
    await service?.app.close();
    await db?.end();
    await database?.drop();
  });

  it('is ready only when Kafka, PostgreSQL and Redis answer, and exposes metrics', async () => {
    const ready = await fetch(`${base()}/health/ready`);
    const body = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(ready.status).toBe(200);
    expect(body.checks).toMatchObject({
      kafka: { status: 'up' },
      postgres: { status: 'up' },
      redis: { status: 'up' },
    });
    expect((await fetch(`${base()}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toContain('process_cpu_seconds_total');
  });

  it('publishes a valid actual as a canonical event and stores the raw bytes and the record', async () => {
    const data = actual();
    const event = envelope(data);
    await produceRaw(`${prefix}dataverse.actuals.v1`, [{ key: data.actualId, value: JSON.stringify(event) }]);

    const canonical = await waitFor(
      () => recorder.on(`${prefix}ingestion.actuals.v1`).find((m) => m.key === data.actualId),
      { what: 'the canonical actual' },
    );
    expect(canonical.json<CanonicalMessage>()).toMatchObject({
      sourceEventId: event.eventId,
      recordId: data.actualId,
      data: { amount: '125.40', voucher: null },
    });
    const stored = await db.query(
      `SELECT data->>'amount' AS amount FROM canonical_record WHERE record_id = $1`,
      [data.actualId],
    );
    expect(stored.rows).toEqual([{ amount: '125.40' }]);
    const raw = await db.query(`SELECT value FROM raw_event WHERE event_id = $1`, [event.eventId]);
    expect((raw.rows[0] as { value: Buffer }).value.toString()).toBe(JSON.stringify(event));
  });

  it('dead-letters malformed messages with their bytes and a reason, and goes on consuming', async () => {
    const floatAmount = envelope({ ...actual(), amount: 125.4 });
    const notJson = Buffer.from('{"eventId": oops');
    const after = actual();
    await produceRaw(`${prefix}dataverse.actuals.v1`, [
      { key: 'bad-1', value: JSON.stringify(floatAmount) },
      { key: 'bad-2', value: notJson },
      { key: after.actualId, value: JSON.stringify(envelope(after)) },
    ]);

    type DeadLetter = { reason: string; key: string; value: string; sourceTopic: string; offset: string };
    const originalKey = (letter: DeadLetter) => Buffer.from(letter.key, 'base64').toString();
    const letters = await waitFor(
      () => {
        const found = recorder
          .on(`${prefix}ingestion.dead-letter.v1`)
          .map((m) => m.json<DeadLetter>())
          .filter((letter) => ['bad-1', 'bad-2'].includes(originalKey(letter)));
        return found.length === 2 ? found : undefined;
      },
      { what: 'two dead letters' },
    );
    const byKey = Object.fromEntries(letters.map((letter) => [originalKey(letter), letter]));
    expect(byKey['bad-1']!.reason).toMatch(/amount/);
    expect(byKey['bad-1']!.reason).toMatch(/decimal string/);
    expect(byKey['bad-2']!.reason).toMatch(/JSON/);
    expect(Buffer.from(byKey['bad-2']!.value, 'base64').equals(notJson)).toBe(true);
    expect(byKey['bad-2']!.sourceTopic).toBe('dataverse.actuals.v1');
    await waitFor(() => recorder.on(`${prefix}ingestion.actuals.v1`).some((m) => m.key === after.actualId), {
      what: 'the valid actual after the bad ones',
    });
    const invalidRows = await db.query(`SELECT count(*)::int AS n FROM raw_event WHERE NOT valid`);
    expect(invalidRows.rows[0]).toEqual({ n: 2 });
  });

  it('applies a duplicate once and never lets an older change overwrite a newer one', async () => {
    const original = actual();
    const newer = envelope({ ...original, voucher: 'V-0001' }, { occurredAt: '2026-11-03T10:00:00Z' });
    const older = envelope(
      { ...original, amount: '999.00', unitPrice: '999.00' },
      { occurredAt: '2026-11-02T09:00:00Z' },
    );
    await produceRaw(`${prefix}dataverse.actuals.v1`, [
      { key: original.actualId, value: JSON.stringify(newer) },
      { key: original.actualId, value: JSON.stringify(newer) },
    ]);
    await waitFor(() =>
      recorder.on(`${prefix}ingestion.actuals.v1`).some((m) => m.key === original.actualId),
    );
    await produceRaw(`${prefix}dataverse.actuals.v1`, [
      { key: original.actualId, value: JSON.stringify(older) },
      { key: original.actualId, value: JSON.stringify(newer) },
    ]);
    // A sentinel behind them on the same partition proves they were consumed.
    const sentinel = envelope(original, { occurredAt: '2026-11-04T10:00:00Z' });
    await produceRaw(`${prefix}dataverse.actuals.v1`, [
      { key: original.actualId, value: JSON.stringify(sentinel) },
    ]);
    await waitFor(
      () =>
        recorder
          .on(`${prefix}ingestion.actuals.v1`)
          .some((m) => m.json<CanonicalMessage>().sourceEventId === sentinel.eventId),
      { what: 'the sentinel' },
    );

    const published = recorder
      .on(`${prefix}ingestion.actuals.v1`)
      .filter((m) => m.key === original.actualId)
      .map((m) => m.json<CanonicalMessage>().sourceEventId);
    expect(published).toEqual([newer.eventId, sentinel.eventId]);
    const rawCount = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM raw_event WHERE key = $1`,
      [Buffer.from(original.actualId)],
    );
    expect(rawCount.rows[0]).toEqual({ n: 5 });
  });
});
