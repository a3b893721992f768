import { Injectable } from '@nestjs/common';
import type { Caller } from '@po-sync/auth';
import { AuditRepository } from '../audit/audit.repository';
import { JobsService } from '../jobs/jobs.service';

/** The workspace's two remedies for missing journal lines, as journal commands (DESIGN.md §5). */
@Injectable()
export class RemediesService {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditRepository,
  ) {}

  importFromStaging(actualIds: string[] | undefined, caller: Caller): Promise<{ commandId: string }> {
    return this.send(
      { command: 'importFromStaging', actualIds },
      { action: 'remedy.import-from-staging', target: actualIds ? 'given actuals' : 'all staged actuals' },
      actualIds,
      caller,
    );
  }

  postDraftJournals(journalIds: string[] | undefined, caller: Caller): Promise<{ commandId: string }> {
    return this.send(
      { command: 'postDraftJournals', journalIds },
      { action: 'remedy.post-draft-journals', target: journalIds ? 'given journals' : 'all draft journals' },
      journalIds,
      caller,
    );
  }

  /** Sends the command, then audits who asked for what and how many records it named. */
  private async send(
    command: Record<string, unknown>,
    audit: { action: string; target: string },
    ids: string[] | undefined,
    caller: Caller,
  ): Promise<{ commandId: string }> {
    const commandId = await this.jobs.publishCommand(command, caller.name);
    await this.audit.record({
      actor: caller.name,
      role: caller.role,
      ...audit,
      recordCount: ids?.length ?? 0,
      outcome: 'sent',
      details: { commandId },
    });
    return { commandId };
  }
}
