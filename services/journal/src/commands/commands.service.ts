import { Inject, Injectable } from '@nestjs/common';
import {
  JOURNAL_LINES_TOPIC,
  type JournalCommand,
  type ResetLineToDraftCommand,
  type ResyncActualsCommand,
  type ResyncTransactionConnectionsCommand,
} from '@po-sync/contracts';
import { withTransaction } from '@po-sync/db';
import { KafkaConnection } from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { JournalStateError, transition, type LineStatus } from '../domain';
import { ImportService } from '../import/import.service';
import { toLineEvent } from '../lines/line-events';
import { PostingRepository } from '../posting/posting.repository';
import { PostingService } from '../posting/posting.service';
import { StagingRepository } from '../staging/staging.repository';
import { JournalRunLock } from '../scheduler/journal-run.lock';

/**
 * Operator commands (journal.commands.v1). Each is idempotent by construction — one line per actual,
 * one voucher per line — and its id is recorded only after it has run, so a command interrupted by
 * a crash is redelivered and completed rather than lost.
 */
@Injectable()
export class CommandsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: ImportService,
    private readonly posting: PostingService,
    private readonly postingRepository: PostingRepository,
    private readonly staging: StagingRepository,
    private readonly runLock: JournalRunLock,
    private readonly kafka: KafkaConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: JournalCommand): Promise<void> {
    if (await this.alreadyDone(command.commandId)) return;
    const log = this.logger.child({
      commandId: command.commandId,
      command: command.command,
      requestedBy: command.requestedBy,
    });
    switch (command.command) {
      case 'importFromStaging':
        log.info(
          await this.runLock.import(() =>
            this.imports.run({ kind: 'command', actualIds: command.actualIds }),
          ),
          'command done',
        );
        break;
      case 'postDraftJournals':
        log.info(
          await this.runLock.posting(() =>
            this.posting.run({ kind: 'command', journalIds: command.journalIds }),
          ),
          'command done',
        );
        break;
      case 'resetLineToDraft':
        await this.resetLine(command);
        break;
      case 'resyncActuals':
        await this.resyncActuals(command);
        break;
      case 'resyncTransactionConnections':
        await this.resyncConnections(command);
        break;
      default:
        break;
    }
    await this.dataSource.query(`INSERT INTO processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      command.commandId,
    ]);
  }

  private async alreadyDone(commandId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM processed_event WHERE event_id = $1`, [
      commandId,
    ]);
    return rows.length > 0;
  }

  private async resetLine(command: ResetLineToDraftCommand): Promise<void> {
    await withTransaction(this.dataSource, async (runner) => {
      const rows = (await runner.query(`SELECT status FROM journal_line WHERE line_id = $1 FOR UPDATE`, [
        command.lineId,
      ])) as {
        status: LineStatus;
      }[];
      const current = rows[0];
      if (!current) {
        this.logger.warn({ lineId: command.lineId }, 'reset to draft: no such journal line');
        return;
      }
      if (current.status === 'Draft') return;
      try {
        transition(current.status, 'resetToDraft');
      } catch (error) {
        if (error instanceof JournalStateError) {
          this.logger.warn({ lineId: command.lineId, status: current.status }, error.message);
          return;
        }
        throw error;
      }
      await runner.query(
        `UPDATE journal_line SET status = 'Draft', retry_count = 0, next_retry_at = NULL, sequence = sequence + 1 WHERE line_id = $1`,
        [command.lineId],
      );
      await runner.query(
        `UPDATE journal SET status = 'Draft' WHERE journal_id = (SELECT journal_id FROM journal_line WHERE line_id = $1) AND status = 'Error'`,
        [command.lineId],
      );
      const [row] = await this.postingRepository.linesOf(runner, [command.lineId]);
      if (row)
        await this.kafka.publisher.publish(JOURNAL_LINES_TOPIC, [
          { key: row.actual_id, value: toLineEvent(row, new Date()) },
        ]);
    });
  }

  /** Dual-write's "resync": the stored actuals are staged again, then imported at once. */
  private async resyncActuals(command: ResyncActualsCommand): Promise<void> {
    await withTransaction(this.dataSource, (runner) =>
      this.staging.upsertActuals(
        runner,
        command.actuals.map((a) => ({
          actualId: a.actualId,
          legalEntity: a.legalEntity,
          projectId: a.projectId,
          transactionType: a.transactionType,
          transactionClass: a.transactionClass,
          quantity: a.quantity,
          unitPrice: a.unitPrice,
          amount: a.amount,
          currency: a.currency,
          documentDate: a.documentDate.slice(0, 10),
          accountingDate: a.accountingDate.slice(0, 10),
          skipSync: a.skipSync,
          occurredAt: command.requestedAt,
        })),
      ),
    );
    await this.runLock.import(() =>
      this.imports.run({ kind: 'command', actualIds: command.actuals.map((a) => a.actualId) }),
    );
  }

  private async resyncConnections(command: ResyncTransactionConnectionsCommand): Promise<void> {
    const actualIds = command.connections.flatMap((c) => [c.transaction1Id, c.transaction2Id]);
    await withTransaction(this.dataSource, async (runner) => {
      await this.staging.upsertConnections(
        runner,
        command.connections.map((c) => ({ ...c, occurredAt: command.requestedAt })),
      );
      await this.staging.wakeActualsConnectedTo(runner, actualIds);
    });
    await this.runLock.import(() => this.imports.run({ kind: 'command', actualIds }));
  }
}
