import { testKafka, TopicRecorder, uniqueTopicPrefix, waitFor } from '@po-sync/testing';
import { Partitioners } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { BatchConsumer } from '../src/batch-consumer';
import type { ConsumedMessage } from '../src/consumed-message';
import { ProcessingError } from '../src/errors';
import { ensureTopics } from '../src/kafka-client';
import { KafkaPublisher } from '../src/publisher';

const TOPICS = ['bc.first.v1', 'bc.second.v1'];
const DEAD_LETTERS = 'bc.dead-letter.v1';
const KEYS = 8;
const PER_KEY = 6;

describe('BatchConsumer on the real Kafka', () => {
  const prefix = uniqueTopicPrefix('batch-consumer');
  const kafka = testKafka('batch-consumer-test');
  const publisher = new KafkaPublisher(kafka, new Registry(), prefix);
  let consumer: BatchConsumer | undefined;
  let recorder: TopicRecorder | undefined;

  beforeAll(async () => {
    await ensureTopics(kafka, [
      ...TOPICS.map((t) => ({ name: `${prefix}${t}`, partitions: 3 })),
      { name: `${prefix}${DEAD_LETTERS}`, partitions: 1 },
    ]);
    await publisher.connect();
    recorder = await new TopicRecorder([`${prefix}${DEAD_LETTERS}`]).start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await recorder?.stop();
    await publisher.disconnect();
  });

  it('joins the partitions of a fetch in two lanes, keeps each key in order, dead-letters a poison message and commits every offset', async () => {
    // The backlog is there before the consumer joins, so its first fetch returns every partition.
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    for (const topic of TOPICS) {
      const messages = [];
      for (let seq = 0; seq < PER_KEY; seq++)
        for (let k = 0; k < KEYS; k++) messages.push({ key: `key-${k}`, value: `${k}:${seq}` });
      messages.splice(20, 0, { key: 'key-3', value: 'poison' });
      await producer.send({ topic: `${prefix}${topic}`, acks: -1, messages });
    }
    await producer.disconnect();

    const calls: ConsumedMessage[][] = [];
    const handled: ConsumedMessage[] = [];
    let failedOnce = false;
    consumer = new BatchConsumer({
      kafka,
      service: 'test',
      groupId: 'batch-consumer-test',
      topics: TOPICS,
      topicPrefix: prefix,
      publisher,
      deadLetterTopic: DEAD_LETTERS,
      logger: pino({ level: 'silent' }),
      metrics: new Registry(),
      maxBackoffMs: 200,
      concurrentCalls: 2,
      handler: async (messages) => {
        calls.push(messages);
        if (!failedOnce) {
          failedOnce = true;
          throw new ProcessingError('TEST.UNAVAILABLE', 'database unavailable', true);
        }
        if (messages.some((m) => m.value?.toString() === 'poison'))
          throw new ProcessingError('TEST.POISON', 'cannot use this one', false);
        handled.push(...messages);
      },
    });
    await consumer.start();

    const expected = TOPICS.length * KEYS * PER_KEY;
    await waitFor(() => handled.length >= expected && recorder!.messages.length >= 2, {
      what: 'every message handled and both poison messages dead-lettered',
    });

    expect(calls.some((c) => new Set(c.map((m) => `${m.topic}:${m.partition}`)).size > 1)).toBe(true);
    for (const topic of TOPICS) {
      for (let k = 0; k < KEYS; k++) {
        const values = handled
          .filter((m) => m.topic === topic && m.key?.toString() === `key-${k}`)
          .map((m) => m.value?.toString());
        expect(values).toEqual(Array.from({ length: PER_KEY }, (_, seq) => `${k}:${seq}`));
      }
    }
    const deadLetters = recorder!.messages.map((m) =>
      m.json<{ sourceTopic: string; value: string; reason: string }>(),
    );
    expect(deadLetters.map((d) => d.sourceTopic).sort()).toEqual([...TOPICS].sort());
    for (const d of deadLetters) {
      expect(Buffer.from(d.value, 'base64').toString()).toBe('poison');
      expect(d.reason).toBe('cannot use this one');
    }

    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const committed = await admin.fetchOffsets({
            groupId: `${prefix}batch-consumer-test`,
            topics: TOPICS.map((t) => `${prefix}${t}`),
          });
          for (const { topic, partitions } of committed) {
            const ends = await admin.fetchTopicOffsets(topic);
            for (const end of ends) {
              const at = partitions.find((p) => p.partition === end.partition);
              if (at?.offset !== end.high) return false;
            }
          }
          return true;
        },
        { what: 'offsets committed up to the end of every partition' },
      );
    } finally {
      await admin.disconnect();
    }
  });
});
