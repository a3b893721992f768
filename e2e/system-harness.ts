import { randomUUID } from 'node:crypto';
import { loadConfig } from '@po-sync/config';
import { JOURNAL_COMMANDS_KEY } from '@po-sync/contracts';
import { createLogger, type ServiceApp } from '@po-sync/observability';
import {
  createTestDatabase,
  produceRaw,
  recordIdOf,
  type SourceEvent,
  TopicRecorder,
  uniqueTopicPrefix,
} from '@po-sync/testing';
import { Client } from 'pg';
import { startIngestion } from '../services/ingestion/src/app.module';
import { ingestionConfigSchema } from '../services/ingestion/src/ingestion.config';
import { startJournal } from '../services/journal/src/app.module';
import { journalConfigSchema } from '../services/journal/src/journal.config';
import { startQuery } from '../services/query/src/app.module';
import { queryConfigSchema } from '../services/query/src/query.config';
import { startReconciliation } from '../services/reconciliation/src/app.module';
import { reconciliationConfigSchema } from '../services/reconciliation/src/reconciliation.config';
import { startResync } from '../services/resync/src/app.module';
import { resyncConfigSchema } from '../services/resync/src/resync.config';

const SOURCE_TOPIC: Record<string, string> = {
  msdyn_actual: 'dataverse.actuals.v1',
  msdyn_transactionconnection: 'dataverse.transaction-connections.v1',
  expense: 'finance.expenses.v1',
  vendor_invoice_line: 'finance.vendor-invoices.v1',
  dual_write_map: 'finance.dual-write-maps.v1',
  setup: 'finance.setup.v1',
};

export type ServiceName = 'ingestion' | 'journal' | 'reconciliation' | 'resync' | 'query';

export interface DiscrepancyMessage {
  eventId: string;
  discrepancyId: string;
  status: 'open' | 'updated' | 'resolved';
  type: string;
  documentType: string;
  recordId: string;
  amount: string;
  currency: string;
  causes: string[];
  remedy: string;
}

/** Ingestion, journal and reconciliation in this process, on the real broker and databases. */
export class SystemHarness {
  readonly prefix = uniqueTopicPrefix('e2e');
  readonly logger = createLogger('e2e', 'warn');
  recorder!: TopicRecorder;
  reconDb!: Client;
  private apps = new Map<string, ServiceApp>();
  private urls = new Map<string, string>();
  private drops: (() => Promise<void>)[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly services: ServiceName[] = ['ingestion', 'journal', 'reconciliation'],
  ) {}

  async start(): Promise<void> {
    for (const name of this.services) {
      const db = await createTestDatabase(name);
      this.urls.set(name, db.url);
      this.drops.push(db.drop);
    }
    for (const name of this.services) await this.startService(name);
    this.recorder = await new TopicRecorder([
      `${this.prefix}recon.discrepancies.v1`,
      `${this.prefix}recon.document-status.v1`,
    ]).start();
    this.reconDb = new Client({ connectionString: this.urls.get('reconciliation') });
    await this.reconDb.connect();
  }

  topic(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** `instance` lets a second copy of a service join the same consumer group and database. */
  async startService(name: ServiceName, instance: string = name): Promise<void> {
    const env = {
      ...process.env,
      ...this.env,
      DATABASE_URL: this.urls.get(name),
      KAFKA_TOPIC_PREFIX: this.prefix,
      HTTP_PORT: '0',
    };
    const app =
      name === 'ingestion'
        ? await startIngestion(loadConfig(ingestionConfigSchema, env), this.logger)
        : name === 'journal'
          ? await startJournal(loadConfig(journalConfigSchema, env), this.logger)
          : name === 'reconciliation'
            ? await startReconciliation(loadConfig(reconciliationConfigSchema, env), this.logger)
            : name === 'query'
              ? await startQuery(loadConfig(queryConfigSchema, env), this.logger)
              : await startResync(loadConfig(resyncConfigSchema, env), this.logger);
    this.apps.set(instance, app);
  }

  /** A service's database, for tests that set up a situation the APIs cannot (a crash mid-job). */
  databaseUrl(service: ServiceName): string {
    const url = this.urls.get(service);
    if (!url) throw new Error(`${service} has no database in this harness`);
    return url;
  }

  /** The base URL of a running service's HTTP API. */
  url(instance: string): string {
    const app = this.apps.get(instance);
    if (!app) throw new Error(`${instance} is not running`);
    return `http://127.0.0.1:${app.port}`;
  }

  async stopService(name: string): Promise<void> {
    await this.apps.get(name)?.app.close();
    this.apps.delete(name);
  }

  async stop(): Promise<void> {
    await this.recorder?.stop();
    for (const name of [...this.apps.keys()].reverse()) await this.stopService(name);
    await this.reconDb?.end();
    for (const drop of this.drops) await drop();
  }

  async produce(events: SourceEvent[]): Promise<void> {
    for (const event of events) {
      await produceRaw(this.topic(SOURCE_TOPIC[event.entity] ?? ''), [
        { key: recordIdOf(event), value: JSON.stringify(event) },
      ]);
    }
  }

  async command(command: Record<string, unknown>): Promise<void> {
    await produceRaw(this.topic('journal.commands.v1'), [
      {
        key: JOURNAL_COMMANDS_KEY,
        value: JSON.stringify({
          commandId: randomUUID(),
          requestedBy: 'e2e',
          requestedAt: new Date().toISOString(),
          ...command,
        }),
      },
    ]);
  }

  discrepancies(filter: Partial<DiscrepancyMessage> = {}): DiscrepancyMessage[] {
    return this.recorder
      .on(this.topic('recon.discrepancies.v1'))
      .map((m) => m.json<DiscrepancyMessage>())
      .filter((d) => Object.entries(filter).every(([k, v]) => d[k as keyof DiscrepancyMessage] === v));
  }
}
