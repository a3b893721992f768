import { Inject, Injectable } from '@nestjs/common';
import {
  CanonicalActualEventSchema,
  CanonicalSetupEventSchema,
  CanonicalTransactionConnectionEventSchema,
  parseEvent,
} from '@po-sync/contracts';
import { claimNewEventIds, withTransaction } from '@po-sync/db';
import { type ConsumedMessage, KafkaConnection } from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  type ConnectionRow,
  type SetupRow,
  type StagedActualRow,
  StagingRepository,
} from './staging.repository';

const SCHEMAS = {
  'ingestion.actuals.v1': CanonicalActualEventSchema,
  'ingestion.transaction-connections.v1': CanonicalTransactionConnectionEventSchema,
  'ingestion.setup.v1': CanonicalSetupEventSchema,
} as const;
export const STAGING_TOPICS = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

const day = (date: string) => date.slice(0, 10);

/** Finance's side of dual-write: actuals land in staging, connections and setup beside them. */
@Injectable()
export class StagingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: StagingRepository,
    private readonly kafka: KafkaConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async stage(messages: ConsumedMessage[]): Promise<void> {
    const actuals: (StagedActualRow & { eventId: string })[] = [];
    const connections: (ConnectionRow & { eventId: string })[] = [];
    const setup: (SetupRow & { eventId: string })[] = [];
    const invalid: {
      message: ConsumedMessage;
      reason: string;
      issues: { path: string; message: string }[];
    }[] = [];

    for (const message of messages) {
      const topic = message.topic as keyof typeof SCHEMAS;
      const parsed = parseEvent(SCHEMAS[topic], message.value);
      if (!parsed.ok) {
        invalid.push({ message, reason: parsed.reason, issues: parsed.issues });
        continue;
      }
      const event = parsed.event;
      if (event.entity === 'msdyn_actual' && event.operation === 'upsert') {
        const d = event.data;
        actuals.push({
          eventId: event.eventId,
          actualId: d.actualId,
          legalEntity: d.legalEntity,
          projectId: d.projectId,
          transactionType: d.transactionType,
          transactionClass: d.transactionClass,
          quantity: d.quantity,
          unitPrice: d.unitPrice,
          amount: d.amount,
          currency: d.currency,
          documentDate: day(d.documentDate),
          accountingDate: day(d.accountingDate),
          skipSync: d.skipSync,
          occurredAt: event.occurredAt,
        });
      } else if (event.entity === 'msdyn_transactionconnection' && event.operation === 'upsert') {
        connections.push({ eventId: event.eventId, ...event.data, occurredAt: event.occurredAt });
      } else if (event.entity === 'setup') {
        setup.push({
          eventId: event.eventId,
          kind: event.data.kind,
          recordId: event.recordId,
          data: event.data,
          deleted: event.operation === 'delete',
          occurredAt: event.occurredAt,
        });
      }
      // Deleting an actual or a connection in Dataverse does not withdraw what Finance staged.
    }

    await withTransaction(this.dataSource, async (runner) => {
      const fresh = await claimNewEventIds(
        runner,
        [...actuals, ...connections, ...setup].map((r) => r.eventId),
      );
      const isFresh = (r: { eventId: string }) => fresh.has(r.eventId);
      await this.repository.upsertActuals(
        runner,
        latest(actuals.filter(isFresh), (r) => r.actualId),
      );
      const newConnections = latest(connections.filter(isFresh), (r) => r.connectionId);
      await this.repository.upsertConnections(runner, newConnections);
      await this.repository.wakeActualsConnectedTo(
        runner,
        newConnections.flatMap((c) => [c.transaction1Id, c.transaction2Id]),
      );
      const newSetup = latest(setup.filter(isFresh), (r) => `${r.kind}\u0000${r.recordId}`);
      await this.repository.upsertSetup(runner, newSetup);
      if (newSetup.length > 0) await this.repository.wakeFailedImports(runner);
      await this.kafka.publishDeadLetters(invalid);
    });
    if (invalid.length > 0)
      this.logger.error({ count: invalid.length }, 'dead-lettered invalid canonical events');
  }
}

/** One statement may touch a row once: keep each record's newest change of the batch. */
function latest<T extends { occurredAt: string }>(rows: T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const current = byKey.get(key(row));
    if (!current || Date.parse(current.occurredAt) <= Date.parse(row.occurredAt)) byKey.set(key(row), row);
  }
  return [...byKey.values()];
}
