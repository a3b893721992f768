import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** FNV-1a: a stable key → partition map that does not depend on a client library's partitioner. */
export function partitionForKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/**
 * Reads the last message of every non-empty partition of `topic` and returns the value of `header`
 * it carries, per partition (0 for an empty partition). Used by a single writer to learn exactly
 * what it had already published before a crash.
 */
export async function lastHeaderPerPartition(
  kafka: Kafka,
  topic: string,
  header: string,
  timeoutMs = 30_000,
): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const result = new Map<number, bigint>(offsets.map((o) => [o.partition, 0n]));
  const targets = new Map(
    offsets
      .filter((o) => BigInt(o.high) > BigInt(o.low))
      .map((o) => [o.partition, BigInt(o.high) - 1n] as const),
  );
  if (targets.size === 0) return result;

  const groupId = `po-sync-tail-probe-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const last = targets.get(partition);
        if (last === undefined) return;
        const value = message.headers?.[header];
        const seq = value ? BigInt(value.toString()) : 0n;
        if (seq > (result.get(partition) ?? 0n)) result.set(partition, seq);
        if (BigInt(message.offset) >= last) {
          targets.delete(partition);
          if (targets.size === 0) resolveDone();
        }
      },
    });
    for (const [partition, last] of targets) consumer.seek({ topic, partition, offset: last.toString() });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`could not read the tail of ${topic} within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    return result;
  } finally {
    await consumer.disconnect();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
  }
}
