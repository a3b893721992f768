import { DISCREPANCIES_TOPIC, DOCUMENT_STATUS_TOPIC, TOPICS } from '@po-sync/contracts';
import { openDatabase, Redis, withTransaction } from '@po-sync/db';
import { KafkaConnection } from '@po-sync/kafka';
import {
  createTestDatabase,
  TEST_REDIS_URL,
  testKafkaBrokers,
  TopicRecorder,
  uniqueTopicPrefix,
  waitFor,
} from '@po-sync/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { reconciliationMigrations } from '../src/migrations';
import { OutboxRelay } from '../src/outbox/outbox.relay';
import { OutboxRepository } from '../src/outbox/outbox.repository';
import type { ReconciliationConfig } from '../src/reconciliation.config';

/**
 * The relay remembers one position. A relay that published and then died before moving it must not
 * have the next relay publish the same rows again: the next one reads where each partition ends.
 */
describe('outbox relay (real Kafka, PostgreSQL, Redis)', () => {
  const prefix = uniqueTopicPrefix('outbox-relay');
  const logger = pino({ level: 'silent' });
  let db: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  let outbox: OutboxRepository;
  let kafka: KafkaConnection;
  let redis: Redis;
  let recorder: TopicRecorder;
  const relays: OutboxRelay[] = [];

  const config = { KAFKA_TOPIC_PREFIX: prefix, RECON_RELAY_INTERVAL: 3_600_000 } as ReconciliationConfig;
  const newRelay = () => {
    const relay = new OutboxRelay(outbox, kafka, redis, config, logger);
    relay.onApplicationBootstrap();
    relays.push(relay);
    return relay;
  };
  const append = (keys: string[]) =>
    withTransaction(dataSource, (runner) =>
      outbox.append(
        runner,
        keys.map((key, i) => ({
          topic: i % 2 === 0 ? DOCUMENT_STATUS_TOPIC : DISCREPANCIES_TOPIC,
          key,
          payload: { key, note: 'ünïcode & "quotes"' },
        })),
      ),
    );
  const position = async () =>
    (await dataSource.query<{ seq: string }[]>(`SELECT seq::text AS seq FROM outbox_relay_position`))[0]!.seq;
  const published = () =>
    recorder.messages.map((m) => ({ key: m.key, value: m.json<{ key: string; note: string }>() }));

  beforeAll(async () => {
    db = await createTestDatabase('reconciliation_relay');
    dataSource = await openDatabase({
      url: db.url,
      entities: [],
      migrations: reconciliationMigrations,
      poolSize: 4,
    });
    outbox = new OutboxRepository(dataSource);
    kafka = new KafkaConnection(
      {
        brokers: testKafkaBrokers(),
        service: 'reconciliation-relay-test',
        topicPrefix: prefix,
        topics: [DISCREPANCIES_TOPIC, DOCUMENT_STATUS_TOPIC].map((name) => ({
          name,
          partitions: TOPICS[name as keyof typeof TOPICS].partitions,
        })),
      },
      logger,
      new Registry(),
    );
    await kafka.connect();
    redis = new Redis(TEST_REDIS_URL);
    recorder = await new TopicRecorder([
      `${prefix}${DOCUMENT_STATUS_TOPIC}`,
      `${prefix}${DISCREPANCIES_TOPIC}`,
    ]).start();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.onApplicationShutdown();
    await recorder?.stop();
    await kafka?.onApplicationShutdown();
    redis?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('publishes each row once across a relay that died after publishing, before moving its position', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `R-${i}`);
    await append(keys);

    const dying = newRelay();
    const moved = jest.spyOn(outbox, 'markPublishedUpTo').mockRejectedValueOnce(new Error('killed'));
    await dying.tick();
    expect(moved).toHaveBeenCalledTimes(1);
    await waitFor(async () => recorder.messages.length === 12, { what: 'the first 12 messages' });
    expect(await position()).toBe('0');
    await dying.onApplicationShutdown(); // releases its Redis lock, as its expiry would

    // The next relay finds the 12 rows past the position, all already on their partitions.
    const next = newRelay();
    await next.tick();
    expect(await position()).toBe('12');
    await append(['R-12', 'R-13', 'R-14']);
    await next.tick();
    await waitFor(async () => recorder.messages.length >= 15, { what: 'the three new messages' });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would arrive by now

    expect(
      published()
        .map((m) => m.key)
        .sort(),
    ).toEqual([...keys, 'R-12', 'R-13', 'R-14'].sort());
    // The payload goes out as the text it was stored as.
    expect(published()[0]!.value).toEqual({ key: published()[0]!.key, note: 'ünïcode & "quotes"' });
    expect(await position()).toBe('15');
    // Within each partition, in sequence order.
    const seqs = new Map<string, number[]>();
    for (const m of recorder.messages) {
      const key = `${m.topic}:${m.partition}`;
      seqs.set(key, [...(seqs.get(key) ?? []), Number(m.key!.slice(2))]);
    }
    for (const list of seqs.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
  });
});
