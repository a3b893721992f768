/**
 * The machine's own limits on the records the end-to-end bench sends (source-mix.ts, same size,
 * same seed, hence the same count and record sizes), to read the services' figures against:
 *  1. Kafka's producer: org.apache.kafka.tools.ProducerPerformance from the broker's own jars,
 *     the N JSON payloads as its payload file, acks=all, unthrottled, into a fresh topic with the
 *     source topics' partition count;
 *  2. Kafka's consumer: org.apache.kafka.tools.ConsumerPerformance reading those N records back;
 *  3. PostgreSQL: COPY FROM STDIN (psql) of the same N records, as ingestion stores them (topic,
 *     partition, offset, key and value bytes, event id), into ingestion's own raw_event table
 *     (its migrations, on a fresh database).
 *
 *   node -r ./scripts/register.js scripts/bench/limits.bench.ts [N=100000]
 *
 * Kafka must be up (bash deploy/kafka/kafka.sh start); `psql` on the PATH.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SOURCE_PARTITIONS } from '@po-sync/contracts';
import { createDataSource } from '@po-sync/db';
import { createTestDatabase, uniqueTopicPrefix } from '@po-sync/testing';
import { Kafka, logLevel } from 'kafkajs';
import { ingestionMigrations } from '../../services/ingestion/src/migrations';
import { benchCommand, printResult, printTable, ROOT } from './bench-kit';
import { recordSizes, sourceMix, type SourceMessage } from './source-mix';

const run = promisify(execFile);
const REQUESTED = Number(process.argv[2] ?? 100_000);
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');

async function kafkaTool(mainClass: string, args: string[]): Promise<string> {
  const { stdout } = await run('bash', ['deploy/kafka/kafka.sh', 'run-class', mainClass, ...args], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

function number(text: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(text)?.[1];
  if (match === undefined) throw new Error(`could not read ${what} from:\n${text}`);
  return Number(match);
}

async function kafkaLimits(payloads: string, count: number) {
  const topic = `${uniqueTopicPrefix('bench-limits')}records`;
  const admin = new Kafka({ clientId: 'bench-limits', brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: SOURCE_PARTITIONS, replicationFactor: 1 }],
    });
    const produced = await kafkaTool('org.apache.kafka.tools.ProducerPerformance', [
      '--topic',
      topic,
      '--num-records',
      String(count),
      '--payload-file',
      payloads,
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${BROKERS.join(',')}`,
      'acks=all',
    ]);
    // "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, …"
    const summary = /^\d+ records sent.*$/m.exec(produced)?.[0] ?? produced;
    const producer = {
      recordsPerSec: number(summary, /([\d.]+) records\/sec/, 'producer records/s'),
      mbPerSec: number(summary, /\(([\d.]+) MB\/sec\)/, 'producer MB/s'),
      avgLatencyMs: number(summary, /([\d.]+) ms avg latency/, 'producer latency'),
    };
    const consumed = await kafkaTool('org.apache.kafka.tools.ConsumerPerformance', [
      '--bootstrap-server',
      BROKERS.join(','),
      '--topic',
      topic,
      '--messages',
      String(count),
      '--group',
      `${topic}-perf-consumer`,
      '--timeout',
      '60000',
    ]);
    // A header line, then: start, end, MB, MB.sec, nMsg, nMsg.sec, rebalance.ms, fetch.ms, fetch.MB.sec, fetch.nMsg.sec
    const fields =
      consumed
        .trim()
        .split('\n')
        .pop()
        ?.split(',')
        .map((f) => f.trim()) ?? [];
    if (fields.length < 10) throw new Error(`could not read ConsumerPerformance's output:\n${consumed}`);
    const consumer = {
      records: Number(fields[4]),
      recordsPerSec: Math.round(Number(fields[9])),
      mbPerSec: Number(fields[8]),
      withGroupJoinRecordsPerSec: Math.round(Number(fields[5])),
      groupJoinMs: Number(fields[6]),
    };
    return { producer, consumer };
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** raw_event rows in CSV: what ingestion writes for each record it receives. */
function rawEventCsv(events: SourceMessage[]): string {
  const receivedAt = new Date().toISOString();
  const hex = (text: string) => `\\x${Buffer.from(text).toString('hex')}`;
  return events
    .map((e, i) => {
      const eventId = (JSON.parse(e.value) as { eventId?: string }).eventId ?? randomUUID();
      return `${e.topic},${i % SOURCE_PARTITIONS},${i},${hex(e.key)},${hex(e.value)},{},${eventId},true,${receivedAt}`;
    })
    .join('\n');
}

async function postgresLimit(events: SourceMessage[], dir: string) {
  const database = await createTestDatabase('bench_limits');
  const db = createDataSource({ url: database.url, entities: [], migrations: ingestionMigrations });
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const file = join(dir, 'raw_event.csv');
    writeFileSync(file, rawEventCsv(events));
    const { stdout } = await run(
      'bash',
      [
        '-c',
        // psql's own timing of the COPY (data sent from its stdin), without its start-up and connection.
        `psql "$1" -X -q -v ON_ERROR_STOP=1 -c '\\timing on' -c "COPY raw_event (topic, partition, \\"offset\\", key, value, headers, event_id, valid, received_at) FROM STDIN WITH (FORMAT csv)" < "$2"`,
        'copy',
        database.url,
        file,
      ],
      { maxBuffer: 1024 * 1024 },
    );
    const ms = number(stdout, /Time: ([\d.]+) ms/, 'the COPY time');
    const [row] = await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM raw_event');
    if (row?.n !== events.length) throw new Error(`COPY stored ${row?.n} rows, not ${events.length}`);
    return { rows: events.length, ms, rowsPerSec: Math.round(events.length / (ms / 1000)) };
  } finally {
    await db.destroy().catch(() => undefined);
    await database.drop();
  }
}

async function main(): Promise<void> {
  const mix = sourceMix(REQUESTED);
  const N = mix.events.length;
  const sizes = recordSizes(mix.events);
  const dir = mkdtempSync(join(tmpdir(), 'po-sync-bench-'));
  try {
    // JSON has no raw newline, so the payloads are newline-delimited as ProducerPerformance expects.
    const payloads = join(dir, 'payloads.txt');
    writeFileSync(payloads, mix.events.map((e) => e.value).join('\n'));
    const kafka = await kafkaLimits(payloads, N);
    const postgres = await postgresLimit(mix.events, dir);
    const rows: [string, string][] = [
      [
        'records (the end-to-end mix)',
        `${N}, JSON values min ${sizes.min} B, avg ${sizes.avg} B, max ${sizes.max} B`,
      ],
      [
        `Kafka ProducerPerformance (acks=all, ${SOURCE_PARTITIONS} partitions, unthrottled)`,
        `${Math.round(kafka.producer.recordsPerSec)} records/s (${kafka.producer.mbPerSec} MB/s, avg latency ${kafka.producer.avgLatencyMs} ms)`,
      ],
      [
        'Kafka ConsumerPerformance (fetch rate, group join excluded)',
        `${kafka.consumer.recordsPerSec} records/s (${kafka.consumer.mbPerSec} MB/s; ${kafka.consumer.withGroupJoinRecordsPerSec} records/s with the ${kafka.consumer.groupJoinMs} ms group join)`,
      ],
      [
        "PostgreSQL COPY FROM STDIN into ingestion's raw_event",
        `${postgres.rowsPerSec} rows/s (${(postgres.ms / 1000).toFixed(2)} s)`,
      ],
    ];
    printTable(`Machine limits (${new Date().toISOString()}, N=${N})`, rows);
    printResult({
      bench: 'limits',
      command: benchCommand('limits.bench.ts', [REQUESTED]),
      figures: {
        records: N,
        avgRecordBytes: sizes.avg,
        kafkaProducerRecordsPerSec: Math.round(kafka.producer.recordsPerSec),
        kafkaProducerMbPerSec: kafka.producer.mbPerSec,
        kafkaProducerAvgLatencyMs: kafka.producer.avgLatencyMs,
        kafkaConsumerRecordsPerSec: kafka.consumer.recordsPerSec,
        kafkaConsumerMbPerSec: kafka.consumer.mbPerSec,
        kafkaConsumerRecordsPerSecWithJoin: kafka.consumer.withGroupJoinRecordsPerSec,
        postgresCopyRowsPerSec: postgres.rowsPerSec,
        postgresCopyMs: postgres.ms,
      },
      rows,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
