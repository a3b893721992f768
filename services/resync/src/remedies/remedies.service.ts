import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import type { Caller } from '@po-sync/auth';
import { JobsService } from '../jobs/jobs.service';

/** The workspace's two remedies for missing journal lines, as journal commands (DESIGN.md §5). */
@Injectable()
export class RemediesService {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditRepository,
  ) {}

  async importFromStaging(actualIds: string[] | undefined, caller: Caller): Promise<{ commandId: string }> {
    const commandId = await this.jobs.publishCommand(
      { command: 'importFromStaging', actualIds },
      caller.name,
    );
    await this.audit.record({
      actor: caller.name,
      role: caller.role,
      action: 'remedy.import-from-staging',
      target: actualIds ? 'given actuals' : 'all staged actuals',
      recordCount: actualIds?.length ?? 0,
      outcome: 'sent',
      details: { commandId },
    });
    return { commandId };
  }

  async postDraftJournals(journalIds: string[] | undefined, caller: Caller): Promise<{ commandId: string }> {
    const commandId = await this.jobs.publishCommand(
      { command: 'postDraftJournals', journalIds },
      caller.name,
    );
    await this.audit.record({
      actor: caller.name,
      role: caller.role,
      action: 'remedy.post-draft-journals',
      target: journalIds ? 'given journals' : 'all draft journals',
      recordCount: journalIds?.length ?? 0,
      outcome: 'sent',
      details: { commandId },
    });
    return { commandId };
  }
}
