import { Module } from '@nestjs/common';
import { DiscrepanciesController } from './discrepancies/discrepancies.controller';
import { DiscrepanciesRepository } from './discrepancies/discrepancies.repository';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { GridsController } from './grids/grids.controller';
import { GridsRepository } from './grids/grids.repository';
import { JournalsController } from './journals/journals.controller';
import { JournalsRepository } from './journals/journals.repository';
import { LogsController } from './logs/logs.controller';
import { LogsRepository } from './logs/logs.repository';
import { DocumentRowsRepository } from './projection/document-rows.repository';
import { ProjectionConsumer } from './projection/projection.consumer';
import { ProjectionRepository } from './projection/projection.repository';
import { ProjectionService } from './projection/projection.service';
import { SummaryController } from './summary/summary.controller';
import { SummaryRepository } from './summary/summary.repository';

@Module({
  controllers: [
    SummaryController,
    GridsController,
    DiscrepanciesController,
    JournalsController,
    LogsController,
    DocumentsController,
  ],
  providers: [
    DocumentRowsRepository,
    ProjectionRepository,
    ProjectionService,
    ProjectionConsumer,
    SummaryRepository,
    GridsRepository,
    DiscrepanciesRepository,
    JournalsRepository,
    LogsRepository,
    DocumentsRepository,
    DocumentsService,
  ],
})
export class QueryModule {}
