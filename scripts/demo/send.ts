import type { Producer } from 'kafkajs';
import type { PlannedMessage } from './traffic-plan';

/**
 * One acks=all produce request for planned messages, grouped by topic; `prefix` is put before
 * topics planned without one (the bench's mix). Messages of one key keep their planned order.
 */
export async function sendPlanned(
  producer: Producer,
  messages: PlannedMessage[],
  prefix = '',
): Promise<void> {
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const m of messages) {
    const list = byTopic.get(m.topic) ?? [];
    list.push({ key: m.key, value: m.value });
    byTopic.set(m.topic, list);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, list]) => ({ topic: `${prefix}${topic}`, messages: list })),
  });
}
