import { Inject, Injectable } from '@nestjs/common';
import {
  canonicalTopicFor,
  DEAD_LETTER_TOPIC,
  mapNameForEntity,
  parseSourceMessage,
  type SourceEntity,
  type SourceTopic,
} from '@po-sync/contracts';
import {
  type ConsumedMessage,
  deadLetterKey,
  KafkaConnection,
  type OutgoingMessage,
  toDeadLetter,
} from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { type AcceptedEvent, latestPerRecord, toCanonicalEvent } from './canonical-event';
import { MapSightingMemo } from './map-sighting-memo';
import { type MapSighting, type RawEventRow, SourceEventsRepository } from './source-events.repository';

/**
 * Validates a batch of source events, keeps every byte, applies each record's newest change once,
 * and publishes the canonical events and dead letters inside the same database transaction:
 * if publishing fails nothing is committed and the batch is redelivered.
 */
@Injectable()
export class SourceEventsService {
  private readonly mapVersionsRecorded = new MapSightingMemo(MAP_VERSION_REFRESH_MS);

  constructor(
    private readonly repository: SourceEventsRepository,
    private readonly kafka: KafkaConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async ingest(
    messages: ConsumedMessage[],
  ): Promise<{ applied: number; duplicates: number; deadLettered: number }> {
    const receivedAt = new Date();
    const accepted: AcceptedEvent[] = [];
    const deadLetters: OutgoingMessage[] = [];
    const raw: RawEventRow[] = [];

    for (const message of messages) {
      const result = parseSourceMessage(message.topic as SourceTopic, message.value);
      raw.push({
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: Object.fromEntries(
          Object.entries(message.headers).flatMap(([k, v]) => (v ? [[k, v.toString('base64')]] : [])),
        ),
        eventId: result.ok ? result.envelope.eventId : null,
        valid: result.ok,
        receivedAt,
      });
      if (result.ok) {
        accepted.push({
          sourceTopic: message.topic,
          offset: message.offset,
          recordId: result.recordId,
          envelope: result.envelope,
        });
      } else {
        const record = toDeadLetter('ingestion', message, result.reason, result.issues);
        deadLetters.push({ key: deadLetterKey(message), value: record });
        this.logger.warn(
          {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            reason: result.reason,
          },
          'dead-lettered an invalid source event',
        );
      }
    }

    let versionsWritten: MapSighting[] = [];
    const outcome = await this.repository.inTransaction(async (writer) => {
      await writer.appendRawEvents(raw);
      const fresh = await writer.claimNewEventIds([...new Set(accepted.map((e) => e.envelope.eventId))]);
      const newEvents = accepted.filter((e) => fresh.has(e.envelope.eventId));
      const latest = latestPerRecord(newEvents);
      const applied = await writer.upsertCanonical(
        latest.map((e) => ({
          entity: e.envelope.entity,
          recordId: e.recordId,
          operation: e.envelope.operation,
          occurredAt: e.envelope.occurredAt,
          mapVersion: e.envelope.mapVersion,
          eventId: e.envelope.eventId,
          data: e.envelope.data,
        })),
      );
      const ingestedAt = receivedAt.toISOString();
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const event of latest) {
        if (!applied.has(event.envelope.eventId)) continue;
        const topic = canonicalTopicFor(event.sourceTopic as SourceTopic);
        const list = byTopic.get(topic) ?? [];
        list.push({ key: event.recordId, value: toCanonicalEvent(event, ingestedAt) });
        byTopic.set(topic, list);
      }
      // The publish waits on the broker and the map statements on the database: side by side.
      // Both are settled before the transaction ends, so no statement runs after a rollback.
      const sightings = newEvents.flatMap((e) => mapSighting(e));
      versionsWritten = this.mapVersionsRecorded.due(sightings, receivedAt.getTime());
      const outcomes = await Promise.allSettled([
        writer.recordMapVersions(versionsWritten).then(() => writer.recordCarriedRecords(sightings)),
        this.kafka.publisher.publishMany([
          ...[...byTopic].map(([topic, list]) => ({ topic, messages: list })),
          { topic: DEAD_LETTER_TOPIC, messages: deadLetters },
        ]),
      ]);
      for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
      const published = [...byTopic.values()].reduce((n, list) => n + list.length, 0);
      return {
        applied: published,
        duplicates: accepted.length - newEvents.length,
        deadLettered: deadLetters.length,
      };
    });
    this.mapVersionsRecorded.recorded(versionsWritten, receivedAt.getTime());
    return outcome;
  }
}

/** How far behind a map version's `last_seen_at` may be (MapSightingMemo). */
const MAP_VERSION_REFRESH_MS = 10_000;

/** Which dual-write map (and version) carried the event; setup data travels on no map. */
function mapSighting(event: AcceptedEvent): MapSighting[] {
  const { entity, operation, mapVersion, occurredAt } = event.envelope;
  if (entity === 'dual_write_map') {
    const data = event.envelope.data as { mapName: string; version?: string; state?: string };
    if (!data.version) return []; // a delete names only the map
    return [
      {
        mapName: data.mapName,
        version: data.version,
        entity,
        recordId: event.recordId,
        state: operation === 'upsert' ? (data.state ?? null) : null,
        occurredAt,
      },
    ];
  }
  const mapName = mapNameForEntity(entity as SourceEntity);
  return mapName
    ? [{ mapName, version: mapVersion, entity, recordId: event.recordId, state: null, occurredAt }]
    : [];
}
