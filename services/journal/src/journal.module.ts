import { Module } from '@nestjs/common';
import { CommandsConsumer } from './commands/commands.consumer';
import { CommandsService } from './commands/commands.service';
import { ImportRepository } from './import/import.repository';
import { ImportService } from './import/import.service';
import { PostingRepository } from './posting/posting.repository';
import { PostingService } from './posting/posting.service';
import { JournalRunLock } from './scheduler/journal-run.lock';
import { SchedulerService } from './scheduler/scheduler.service';
import { SetupSnapshotRepository } from './staging/setup-snapshot.repository';
import { StagingModule } from './staging/staging.module';
import { TroubleshootingLogModule } from './troubleshooting-log/troubleshooting-log.module';

/** Finance's integration journal: import from staging, posting, commands and their schedule. */
@Module({
  imports: [StagingModule, TroubleshootingLogModule],
  providers: [
    SetupSnapshotRepository,
    ImportRepository,
    ImportService,
    PostingRepository,
    PostingService,
    JournalRunLock,
    CommandsService,
    CommandsConsumer,
    SchedulerService,
  ],
})
export class JournalModule {}
