import { createHash } from 'node:crypto';

/** The fields of a valid source event this module needs; mirrors the envelope of DESIGN.md §3. */
export interface AcceptedEvent {
  sourceTopic: string;
  offset: string;
  recordId: string;
  envelope: {
    eventId: string;
    entity: string;
    operation: 'upsert' | 'delete';
    occurredAt: string;
    mapVersion: string;
    data: Record<string, unknown>;
  };
}

/**
 * Keeps, per record, only the newest change of a batch (by occurredAt at the source, then by offset),
 * and only the first delivery of an eventId: one statement can upsert each row only once.
 */
export function latestPerRecord(events: AcceptedEvent[]): AcceptedEvent[] {
  const seenEventIds = new Set<string>();
  const latest = new Map<string, AcceptedEvent>();
  for (const event of events) {
    if (seenEventIds.has(event.envelope.eventId)) continue;
    seenEventIds.add(event.envelope.eventId);
    const key = `${event.envelope.entity}\u0000${event.recordId}`;
    const current = latest.get(key);
    if (!current || isNewer(event, current)) latest.set(key, event);
  }
  return [...latest.values()];
}

function isNewer(candidate: AcceptedEvent, current: AcceptedEvent): boolean {
  const a = Date.parse(candidate.envelope.occurredAt);
  const b = Date.parse(current.envelope.occurredAt);
  if (a !== b) return a > b;
  return BigInt(candidate.offset) > BigInt(current.offset);
}

/**
 * The canonical event id is derived from the source event id (a name-based UUID), so a canonical
 * event published twice after a crash carries the same id and consumers recognise the duplicate.
 */
export function canonicalEventId(sourceEventId: string): string {
  const hash = createHash('sha1').update(`po-sync.canonical:${sourceEventId}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function toCanonicalEvent(event: AcceptedEvent, ingestedAt: string) {
  return {
    schemaVersion: 1 as const,
    eventId: canonicalEventId(event.envelope.eventId),
    sourceEventId: event.envelope.eventId,
    sourceTopic: event.sourceTopic,
    entity: event.envelope.entity,
    recordId: event.recordId,
    operation: event.envelope.operation,
    occurredAt: event.envelope.occurredAt,
    mapVersion: event.envelope.mapVersion,
    ingestedAt,
    data: event.envelope.data,
  };
}
