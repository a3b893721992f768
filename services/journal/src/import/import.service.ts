import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import {
  JOURNAL_LINES_TOPIC,
  JOURNAL_LOGS_TOPIC,
  type JournalLineEvent,
  type JournalLogEntry,
} from '@po-sync/contracts';
import { withTransaction } from '@po-sync/db';
import { KafkaConnection } from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { DataSource, type QueryRunner } from 'typeorm';
import { assignToJournals, decideImport, type LineKind, MAX_AUTOMATIC_RETRIES, nextRetryAt } from '../domain';
import type { JournalConfig } from '../journal.config';
import { toLineEvent } from '../lines/line-events';
import { SetupSnapshotRepository } from '../staging/setup-snapshot.repository';
import {
  type NewLogEntry,
  TroubleshootingLogRepository,
} from '../troubleshooting-log/troubleshooting-log.repository';
import {
  type DueActual,
  type ImportFailureRow,
  ImportRepository,
  type ImportScope,
  type NewLineRow,
} from './import.repository';

const CHUNK = 2000;

export interface ImportRunResult {
  runId: string;
  linesCreated: number;
  skipped: number;
  failed: number;
}

const journalId = (kind: LineKind, legalEntity: string, periodKey: string) =>
  `${legalEntity}-${kind === 'journal' ? 'PIJ' : 'IPR'}-${periodKey}-${randomUUID().slice(0, 8)}`;

/**
 * Import from staging: one journal line per cost / unbilled-sales actual, one invoice-proposal line
 * per billed-sales actual whose unbilled-sales line is posted. Each chunk is one transaction whose
 * events are published before it commits: a crash redoes the chunk, and the unique actual id on
 * journal_line means a redone chunk can never add a second line.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ImportRepository,
    private readonly setupSnapshots: SetupSnapshotRepository,
    private readonly logs: TroubleshootingLogRepository,
    private readonly kafka: KafkaConnection,
    @Inject(SERVICE_CONFIG) private readonly config: JournalConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(scope: ImportScope): Promise<ImportRunResult> {
    const runId = randomUUID();
    const started = new Date();
    const total: ImportRunResult = { runId, linesCreated: 0, skipped: 0, failed: 0 };
    for (;;) {
      const chunk = await withTransaction(this.dataSource, (runner) =>
        this.importChunk(runner, scope, runId, started),
      );
      total.linesCreated += chunk.linesCreated;
      total.skipped += chunk.skipped;
      total.failed += chunk.failed;
      if (chunk.selected < CHUNK) break;
    }
    if (total.linesCreated + total.failed + total.skipped > 0) {
      this.logger.info({ ...total, scope: scope.kind }, 'import from staging finished');
    }
    return total;
  }

  private async importChunk(
    runner: QueryRunner,
    scope: ImportScope,
    runId: string,
    runStartedAt: Date,
  ): Promise<Omit<ImportRunResult, 'runId'> & { selected: number }> {
    const now = new Date();
    // A command's "all" pass must not loop over actuals it already failed in this run.
    const due = await this.repository.lockDueActuals(
      runner,
      scope,
      scope.kind === 'command' ? runStartedAt : now,
      CHUNK,
    );
    if (due.length === 0) return { linesCreated: 0, skipped: 0, failed: 0, selected: 0 };

    const setup = await this.setupSnapshots.load(runner);
    const connections = await this.repository.connectionsOf(
      runner,
      due.map((a) => a.actualId),
    );
    const connectedIds = connections.flatMap((c) => [c.transaction1Id, c.transaction2Id]);
    const posted = await this.repository.postedActualIds(runner, connectedIds);

    const lines: { actual: DueActual; kind: LineKind }[] = [];
    const skipped: string[] = [];
    const failures: ImportFailureRow[] = [];
    const logEntries: NewLogEntry[] = [];
    for (const actual of due) {
      const mine = connections.filter(
        (c) => c.transaction1Id === actual.actualId || c.transaction2Id === actual.actualId,
      );
      const decision = decideImport(actual, {
        setup,
        connections: mine,
        postedUnbilledSalesActualIds: posted,
      });
      switch (decision.outcome) {
        case 'line':
          lines.push({ actual, kind: decision.kind });
          break;
        case 'skip':
          skipped.push(actual.actualId);
          break;
        case 'wait':
        case 'reject': {
          const retryCount = actual.retryCount + 1;
          const retryAt =
            decision.issue.retryable && retryCount <= MAX_AUTOMATIC_RETRIES
              ? nextRetryAt(retryCount - 1, now, this.config.JOURNAL_RETRY_BASE)
              : null;
          failures.push({
            actualId: actual.actualId,
            status: decision.outcome === 'wait' ? 'waiting' : decision.issue.status,
            code: decision.issue.code,
            retryCount,
            nextRetryAt: retryAt,
          });
          logEntries.push({
            log: actual.transactionType === 'BilledSales' ? 'invoiceProposal' : 'integrationJournal',
            runId,
            actualId: actual.actualId,
            legalEntity: setup.legalEntities.has(actual.legalEntity) ? actual.legalEntity : null,
            code: decision.issue.code,
            message: retryAt
              ? decision.issue.message
              : `${decision.issue.message} Automatic retries are over: fix the cause, then run Import from staging.`,
            retryCount,
            lastRetriedAt: now,
          });
          break;
        }
        default:
          break;
      }
    }

    const lineRows = await this.createLines(runner, lines);
    await this.repository.markImported(
      runner,
      lines.map((l) => l.actual.actualId),
      'imported',
      now,
    );
    await this.repository.markImported(runner, skipped, 'skipped', now);
    await this.repository.markFailed(runner, failures, now);
    const appended = await this.logs.append(runner, logEntries, now);
    const resolved = await this.logs.markResolved(
      runner,
      lines.map((l) => l.actual.actualId),
    );

    await this.publish(
      lineRows.map((row) => toLineEvent(row, now)),
      [...appended, ...resolved],
    );
    return {
      linesCreated: lineRows.length,
      skipped: skipped.length,
      failed: failures.length,
      selected: due.length,
    };
  }

  private async createLines(runner: QueryRunner, lines: { actual: DueActual; kind: LineKind }[]) {
    const newJournals: { journalId: string; kind: LineKind; legalEntity: string; periodKey: string }[] = [];
    const rows: NewLineRow[] = [];
    for (const kind of ['journal', 'invoiceProposal'] as const) {
      const ofKind = lines.filter((l) => l.kind === kind);
      if (ofKind.length === 0) continue;
      const open = await this.repository.lockOpenDraftJournals(
        runner,
        kind,
        [...new Set(ofKind.map((l) => l.actual.legalEntity))],
        this.config.JOURNAL_MAX_LINES,
      );
      const byLineId = new Map(ofKind.map((l) => [lineIdOf(l.actual.actualId), l.actual]));
      const grouping = assignToJournals(
        ofKind.map((l) => ({
          lineId: lineIdOf(l.actual.actualId),
          legalEntity: l.actual.legalEntity,
          accountingDate: l.actual.accountingDate,
        })),
        open,
        this.config.JOURNAL_MAX_LINES,
        this.config.JOURNAL_PERIOD_UNIT,
        (legalEntity, periodKey) => journalId(kind, legalEntity, periodKey),
      );
      newJournals.push(...grouping.newJournals.map((j) => ({ ...j, kind })));
      for (const assignment of grouping.assignments) {
        const actual = byLineId.get(assignment.lineId);
        if (!actual) continue;
        rows.push({
          lineId: assignment.lineId,
          journalId: assignment.journalId,
          actualId: actual.actualId,
          lineKind: kind,
          legalEntity: actual.legalEntity,
          projectId: actual.projectId,
          transactionType: actual.transactionType,
          transactionClass: actual.transactionClass,
          amount: actual.amount,
          currency: actual.currency,
          accountingDate: actual.accountingDate,
        });
      }
    }
    await this.repository.insertJournals(runner, newJournals);
    return this.repository.insertLines(runner, rows);
  }

  private async publish(lines: JournalLineEvent[], logs: JournalLogEntry[]): Promise<void> {
    await this.kafka.publisher.publishMany([
      { topic: JOURNAL_LINES_TOPIC, messages: lines.map((l) => ({ key: l.actualId, value: l })) },
      { topic: JOURNAL_LOGS_TOPIC, messages: logs.map((e) => ({ key: e.actualId, value: e })) },
    ]);
  }
}

/** The line id is derived from the actual id: the same actual can only ever name the same line. */
export const lineIdOf = (actualId: string) => `JL-${actualId}`;
