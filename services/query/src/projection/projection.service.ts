import { Injectable } from '@nestjs/common';
import { parseEvent, TOPICS } from '@po-sync/contracts';
import { claimNewEventIds, withTransaction } from '@po-sync/db';
import { type ConsumedMessage, KafkaConnection } from '@po-sync/kafka';
import { DataSource } from 'typeorm';
import { buildProjectionBatch, type ProjectedEvent, type ProjectedTopic } from './projection.batch';
import { ProjectionRepository } from './projection.repository';

interface Invalid {
  message: ConsumedMessage;
  reason: string;
  issues: { path: string; message: string }[];
}

/**
 * Projects a consumed batch into the read model in one transaction: the inbox claims the event ids
 * first, so only events never applied before are written, and the dead letters for what could not
 * be parsed are published before the transaction commits (and the offsets after it).
 */
@Injectable()
export class ProjectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProjectionRepository,
    private readonly kafka: KafkaConnection,
  ) {}

  async apply(messages: ConsumedMessage[]): Promise<void> {
    const events: ProjectedEvent[] = [];
    const invalid: Invalid[] = [];
    for (const message of messages) {
      const topic = message.topic as ProjectedTopic;
      const parsed = parseEvent(TOPICS[topic].schema, message.value);
      if (parsed.ok) events.push({ topic, event: parsed.event } as ProjectedEvent);
      else invalid.push({ message, reason: parsed.reason, issues: parsed.issues });
    }
    await withTransaction(this.dataSource, async (runner) => {
      const fresh = await claimNewEventIds(runner, [...new Set(events.map((e) => e.event.eventId))]);
      // The same event twice in one batch is applied once.
      const once = events.filter((e) => fresh.delete(e.event.eventId));
      await this.repository.apply(runner, buildProjectionBatch(once));
      await this.kafka.publishDeadLetters(invalid);
    });
  }
}
