import { randomUUID } from 'node:crypto';

/** A message as the handlers see it: the contract's topic name (prefix removed) and the raw bytes. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | undefined>;
  timestamp: string;
}

export interface DeadLetterIssue {
  path: string;
  message: string;
}

/** Dead letters are keyed by where the message came from (the contract's choice). */
export const deadLetterKey = (message: ConsumedMessage) =>
  `${message.topic}:${message.partition}:${message.offset}`;

/** The dead-letter record of `ingestion.dead-letter.v1`: the original bytes, where they came from, and why. */
export function toDeadLetter(
  service: string,
  message: ConsumedMessage,
  reason: string,
  issues: DeadLetterIssue[] = [],
) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers))
    if (value) headers[name] = value.toString('base64');
  return {
    eventId: randomUUID(),
    service,
    sourceTopic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key ? message.key.toString('base64') : null,
    value: message.value ? message.value.toString('base64') : null,
    headers,
    reason,
    issues,
    receivedAt: new Date().toISOString(),
  };
}
