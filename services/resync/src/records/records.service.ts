import { Injectable } from '@nestjs/common';
import {
  CanonicalActualEventSchema,
  CanonicalTransactionConnectionEventSchema,
  DiscrepancyEventSchema,
  JournalLineEventSchema,
  parseEvent,
} from '@po-sync/contracts';
import { claimNewEventIds, withTransaction } from '@po-sync/db';
import { type ConsumedMessage, KafkaConnection } from '@po-sync/kafka';
import { DataSource } from 'typeorm';
import {
  type DiscrepancyRow,
  type LineStatusRow,
  RecordsRepository,
  type StoredActualRow,
  type StoredConnectionRow,
} from './records.repository';

const SCHEMAS = {
  'ingestion.actuals.v1': CanonicalActualEventSchema,
  'ingestion.transaction-connections.v1': CanonicalTransactionConnectionEventSchema,
  'journal.lines.v1': JournalLineEventSchema,
  'recon.discrepancies.v1': DiscrepancyEventSchema,
} as const;
export const RECORD_TOPICS = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

/** Keeps the resync service's own copy of what it may need to re-send and what it must skip. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RecordsRepository,
    private readonly kafka: KafkaConnection,
  ) {}

  async apply(messages: ConsumedMessage[]): Promise<void> {
    const ids: string[] = [];
    const actuals = new Map<string, StoredActualRow & { eventId: string }>();
    const connections = new Map<string, StoredConnectionRow & { eventId: string }>();
    const lines = new Map<string, LineStatusRow & { eventId: string }>();
    const discrepancies = new Map<string, DiscrepancyRow & { eventId: string }>();
    const invalid: {
      message: ConsumedMessage;
      reason: string;
      issues: { path: string; message: string }[];
    }[] = [];
    const later = (a: string, b: string) => Date.parse(a) >= Date.parse(b);

    for (const message of messages) {
      const parsed = parseEvent(SCHEMAS[message.topic as keyof typeof SCHEMAS], message.value);
      if (!parsed.ok) {
        invalid.push({ message, reason: parsed.reason, issues: parsed.issues });
        continue;
      }
      const event = parsed.event;
      ids.push(event.eventId);
      if ('entity' in event) {
        if (event.operation !== 'upsert') continue;
        if (event.entity === 'msdyn_actual') {
          const d = event.data;
          const row = {
            eventId: event.eventId,
            actualId: d.actualId,
            legalEntity: d.legalEntity,
            accountingDate: d.accountingDate.slice(0, 10),
            sourceDocumentId: d.sourceDocumentId ?? null,
            data: d,
            occurredAt: event.occurredAt,
          };
          const current = actuals.get(d.actualId);
          if (!current || later(row.occurredAt, current.occurredAt)) actuals.set(d.actualId, row);
        } else {
          const d = event.data;
          const row = { eventId: event.eventId, ...d, data: d, occurredAt: event.occurredAt };
          const current = connections.get(d.connectionId);
          if (!current || later(row.occurredAt, current.occurredAt)) connections.set(d.connectionId, row);
        }
      } else if ('lineId' in event) {
        const current = lines.get(event.actualId);
        if (!current || current.sequence < event.sequence) {
          lines.set(event.actualId, {
            eventId: event.eventId,
            actualId: event.actualId,
            lineId: event.lineId,
            journalId: event.journalId,
            status: event.status,
            sequence: event.sequence,
          });
        }
      } else {
        const current = discrepancies.get(event.discrepancyId);
        if (!current || later(event.detectedAt, current.detectedAt)) {
          discrepancies.set(event.discrepancyId, {
            eventId: event.eventId,
            discrepancyId: event.discrepancyId,
            type: event.type,
            documentType: event.documentType,
            recordId: event.recordId,
            legalEntity: event.legalEntity,
            status: event.status,
            detectedAt: event.detectedAt,
          });
        }
      }
    }

    await withTransaction(this.dataSource, async (runner) => {
      const fresh = await claimNewEventIds(runner, ids);
      const keep = <T extends { eventId: string }>(rows: Map<string, T>) =>
        [...rows.values()].filter((r) => fresh.has(r.eventId));
      await this.repository.upsertActuals(runner, keep(actuals));
      await this.repository.upsertConnections(runner, keep(connections));
      await this.repository.upsertLines(runner, keep(lines));
      await this.repository.upsertDiscrepancies(runner, keep(discrepancies));
      await this.kafka.publishDeadLetters(invalid);
    });
  }
}
