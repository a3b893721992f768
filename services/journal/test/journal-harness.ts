import { loadConfig } from '@po-sync/config';
import { JOURNAL_COMMANDS_KEY } from '@po-sync/contracts';
import { createLogger, type ServiceApp } from '@po-sync/observability';
import {
  asCanonical,
  createTestDatabase,
  produceRaw,
  type SourceEvent,
  TopicRecorder,
  uniqueTopicPrefix,
} from '@po-sync/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startJournal } from '../src/app.module';
import { journalConfigSchema } from '../src/journal.config';

/**
 * The journal service running in this process against the real broker and databases, with its own
 * topic prefix, fed canonical events as ingestion would publish them.
 */
export class JournalHarness {
  readonly prefix = uniqueTopicPrefix('journal');
  readonly logger = createLogger('journal-test', 'warn');
  recorder!: TopicRecorder;
  db!: Client;
  journal?: ServiceApp;
  private databases: { url: string; drop: () => Promise<void> }[] = [];
  private journalDbUrl = '';

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const journalDb = await createTestDatabase('journal');
    this.databases.push(journalDb);
    this.journalDbUrl = journalDb.url;
    await this.startJournal();
    this.recorder = await new TopicRecorder([
      `${this.prefix}journal.lines.v1`,
      `${this.prefix}journal.logs.v1`,
    ]).start();
    this.db = new Client({ connectionString: journalDb.url });
    await this.db.connect();
  }

  async startJournal(): Promise<void> {
    this.journal = await startJournal(
      loadConfig(journalConfigSchema, {
        ...process.env,
        DATABASE_URL: this.journalDbUrl,
        KAFKA_TOPIC_PREFIX: this.prefix,
        HTTP_PORT: '0',
        ...this.env,
      }),
      this.logger,
    );
  }

  async stopJournal(): Promise<void> {
    await this.journal?.app.close();
    this.journal = undefined;
  }

  async stop(): Promise<void> {
    await this.recorder?.stop();
    await this.stopJournal();
    await this.db?.end();
    for (const database of this.databases) await database.drop();
  }

  async produce(events: SourceEvent[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const event of events) {
      const { topic, key, value } = asCanonical(event);
      byTopic.set(`${this.prefix}${topic}`, [
        ...(byTopic.get(`${this.prefix}${topic}`) ?? []),
        { key, value },
      ]);
    }
    for (const [topic, messages] of byTopic) await produceRaw(topic, messages);
  }

  async command(command: Record<string, unknown>): Promise<string> {
    const commandId = randomUUID();
    await produceRaw(`${this.prefix}journal.commands.v1`, [
      {
        key: JOURNAL_COMMANDS_KEY,
        value: JSON.stringify({
          commandId,
          requestedBy: 'test-operator',
          requestedAt: new Date().toISOString(),
          ...command,
        }),
      },
    ]);
    return commandId;
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  lineEvents(actualId: string) {
    return this.recorder
      .on(`${this.prefix}journal.lines.v1`)
      .map((m) =>
        m.json<{
          actualId: string;
          status: string;
          voucher: string | null;
          sequence: number;
          lineKind: string;
          accountingAmount: string | null;
        }>(),
      )
      .filter((e) => e.actualId === actualId);
  }

  logEvents(actualId: string) {
    return this.recorder
      .on(`${this.prefix}journal.logs.v1`)
      .map((m) =>
        m.json<{
          actualId: string;
          code: string;
          message: string;
          retryCount: number;
          resolvedByLaterRun: boolean;
          entryId: string;
        }>(),
      )
      .filter((e) => e.actualId === actualId);
  }
}
