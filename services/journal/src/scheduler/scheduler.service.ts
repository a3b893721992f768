import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { LOGGER } from '@po-sync/observability';
import type { Logger } from 'pino';
import { ImportService } from '../import/import.service';
import type { JournalConfig } from '../journal.config';
import { PostingService } from '../posting/posting.service';
import { JournalRunLock } from './journal-run.lock';

/** Import from staging every JOURNAL_IMPORT_INTERVAL and posting every JOURNAL_POST_INTERVAL ("0" = off). */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];
  private running = new Set<string>();
  private stopped = false;

  constructor(
    private readonly imports: ImportService,
    private readonly posting: PostingService,
    private readonly runLock: JournalRunLock,
    @Inject(SERVICE_CONFIG) private readonly config: JournalConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.every('import', this.config.JOURNAL_IMPORT_INTERVAL, () =>
      this.runLock.tryImport(() => this.imports.run({ kind: 'scheduled' })),
    );
    this.every('posting', this.config.JOURNAL_POST_INTERVAL, async () => {
      const result = await this.runLock.tryPosting(() => this.posting.run({ kind: 'scheduled' }));
      // Posted unbilled sales release the billed sales waiting on them: import those now.
      if (result && result.billedSalesWoken > 0)
        await this.runLock.tryImport(() => this.imports.run({ kind: 'scheduled' }));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((t) => clearInterval(t));
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private every(name: string, intervalMs: number, run: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    const tick = async () => {
      if (this.stopped || this.running.has(name)) return;
      this.running.add(name);
      try {
        await run();
      } catch (error) {
        this.logger.error({ err: error, run: name }, 'scheduled run failed; the next tick retries');
      } finally {
        this.running.delete(name);
      }
    };
    this.timers.push(setInterval(() => void tick(), intervalMs));
  }
}
