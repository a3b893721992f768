import { Module } from '@nestjs/common';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { JobsController } from './jobs/jobs.controller';
import { JobsRepository } from './jobs/jobs.repository';
import { JobsService } from './jobs/jobs.service';
import { RecordsConsumer } from './records/records.consumer';
import { RecordsRepository } from './records/records.repository';
import { RecordsService } from './records/records.service';
import { RemediesController } from './remedies/remedies.controller';
import { RemediesService } from './remedies/remedies.service';

@Module({
  controllers: [JobsController, RemediesController, AuditController],
  providers: [
    RecordsRepository,
    RecordsService,
    RecordsConsumer,
    JobsRepository,
    JobsService,
    RemediesService,
    AuditRepository,
  ],
})
export class ResyncModule {}
