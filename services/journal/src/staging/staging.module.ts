import { Module } from '@nestjs/common';
import { StagingConsumer } from './staging.consumer';
import { StagingRepository } from './staging.repository';
import { StagingService } from './staging.service';

@Module({ providers: [StagingRepository, StagingService, StagingConsumer], exports: [StagingRepository] })
export class StagingModule {}
