import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { JOURNAL_LINES_TOPIC, JOURNAL_LOGS_TOPIC } from '@po-sync/contracts';
import { withTransaction } from '@po-sync/db';
import { KafkaConnection } from '@po-sync/kafka';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { DataSource, type QueryRunner } from 'typeorm';
import {
  accountingAmount,
  checkPostable,
  findExchangeRate,
  formatVoucher,
  MAX_AUTOMATIC_RETRIES,
  nextRetryAt,
  type SetupSnapshot,
} from '../domain';
import type { JournalConfig } from '../journal.config';
import { toLineEvent } from '../lines/line-events';
import { SetupSnapshotRepository } from '../staging/setup-snapshot.repository';
import {
  type NewLogEntry,
  TroubleshootingLogRepository,
} from '../troubleshooting-log/troubleshooting-log.repository';
import {
  type FailedLine,
  type PostedLine,
  type PostableLineRow,
  PostingRepository,
  type PostingScope,
} from './posting.repository';

export interface PostingRunResult {
  runId: string;
  journals: number;
  linesPosted: number;
  linesFailed: number;
  /** Billed-sales actuals whose unbilled-sales line got posted: due for import now. */
  billedSalesWoken: number;
}

/**
 * Posting: each journal in its own transaction; every postable line gets the next voucher of its
 * legal entity and its amount in the accounting currency. A voucher is assigned once: posted lines
 * are never selected again, so a repeated command cannot issue a second one.
 */
@Injectable()
export class PostingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PostingRepository,
    private readonly setupSnapshots: SetupSnapshotRepository,
    private readonly logs: TroubleshootingLogRepository,
    private readonly kafka: KafkaConnection,
    @Inject(SERVICE_CONFIG) private readonly config: JournalConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(scope: PostingScope): Promise<PostingRunResult> {
    const runId = randomUUID();
    const result: PostingRunResult = {
      runId,
      journals: 0,
      linesPosted: 0,
      linesFailed: 0,
      billedSalesWoken: 0,
    };
    const journalIds = await withTransaction(this.dataSource, (runner) =>
      this.repository.journalsToPost(runner, scope, new Date()),
    );
    for (const journalId of journalIds) {
      const outcome = await withTransaction(this.dataSource, (runner) =>
        this.postJournal(runner, journalId, scope, runId),
      );
      if (!outcome) continue;
      // Its own transaction, after the posting committed: import locks staged actuals before
      // journals, so touching staged actuals while holding a journal would invert that order.
      const woken = await withTransaction(this.dataSource, (runner) =>
        this.repository.wakeBilledSalesWaitingOn(runner, outcome.postedUnbilledSales),
      );
      result.journals += 1;
      result.linesPosted += outcome.posted;
      result.linesFailed += outcome.failed;
      result.billedSalesWoken += woken;
    }
    if (result.journals > 0) this.logger.info({ ...result, scope: scope.kind }, 'posting finished');
    return result;
  }

  private async postJournal(runner: QueryRunner, journalId: string, scope: PostingScope, runId: string) {
    const now = new Date();
    const lines = await this.repository.lockJournalLines(runner, journalId, scope, now);
    if (!lines || lines.length === 0) return null;
    const setup = await this.setupSnapshots.load(runner);

    const postable: PostableLineRow[] = [];
    const failed: FailedLine[] = [];
    const logEntries: NewLogEntry[] = [];
    for (const line of lines) {
      const issue = checkPostable(
        {
          legalEntity: line.legal_entity,
          accountingDate: line.accounting_date,
          currency: line.currency,
          actualId: line.actual_id,
        },
        setup,
      );
      if (!issue) {
        postable.push(line);
        continue;
      }
      const retryCount = line.retry_count + 1;
      const retryAt =
        issue.retryable && retryCount <= MAX_AUTOMATIC_RETRIES
          ? nextRetryAt(retryCount - 1, now, this.config.JOURNAL_RETRY_BASE)
          : null;
      failed.push({
        lineId: line.line_id,
        status: retryAt ? 'Error' : 'Unrecoverable',
        code: issue.code,
        retryCount,
        nextRetryAt: retryAt,
      });
      logEntries.push({
        log: line.line_kind === 'journal' ? 'integrationJournal' : 'invoiceProposal',
        runId,
        actualId: line.actual_id,
        legalEntity: line.legal_entity,
        code: issue.code,
        message: retryAt
          ? issue.message
          : `${issue.message} Automatic retries are over: fix the cause, then post the journal.`,
        retryCount,
        lastRetriedAt: now,
      });
    }

    const posted = await this.assignVouchers(runner, postable, setup);
    await this.repository.markPosted(runner, posted, now);
    await this.repository.markFailed(runner, failed, now);
    await this.repository.settleJournal(runner, journalId, now);
    const postedActualIds = postable.map((l) => l.actual_id);
    const appended = await this.logs.append(runner, logEntries, now);
    const resolved = await this.logs.markResolved(runner, postedActualIds);
    const changed = await this.repository.linesOf(runner, [
      ...posted.map((p) => p.lineId),
      ...failed.map((f) => f.lineId),
    ]);

    await this.kafka.publisher.publishMany([
      {
        topic: JOURNAL_LINES_TOPIC,
        messages: changed.map((row) => ({ key: row.actual_id, value: toLineEvent(row, now) })),
      },
      {
        topic: JOURNAL_LOGS_TOPIC,
        messages: [...appended, ...resolved].map((e) => ({ key: e.actualId, value: e })),
      },
    ]);
    const postedUnbilledSales = postable
      .filter((l) => l.transaction_type === 'UnbilledSales')
      .map((l) => l.actual_id);
    return { posted: posted.length, failed: failed.length, postedUnbilledSales };
  }

  private async assignVouchers(
    runner: QueryRunner,
    lines: PostableLineRow[],
    setup: SetupSnapshot,
  ): Promise<PostedLine[]> {
    const byEntity = new Map<string, PostableLineRow[]>();
    for (const line of lines)
      byEntity.set(line.legal_entity, [...(byEntity.get(line.legal_entity) ?? []), line]);
    const posted: PostedLine[] = [];
    for (const [legalEntity, ofEntity] of [...byEntity].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const first = await this.repository.reserveVouchers(runner, legalEntity, ofEntity.length);
      const accountingCurrency = setup.legalEntities.get(legalEntity)?.accountingCurrency ?? '';
      ofEntity.forEach((line, index) => {
        // checkPostable has already proven the rate exists when the currencies differ.
        const rate = findExchangeRate(setup, line.currency, accountingCurrency, line.accounting_date) ?? '1';
        posted.push({
          lineId: line.line_id,
          voucher: formatVoucher(legalEntity, first + BigInt(index)),
          accountingAmount: accountingAmount(line.amount, line.currency, accountingCurrency, rate),
          accountingCurrency,
          exchangeRate: rate,
        });
      });
    }
    return posted;
  }
}
