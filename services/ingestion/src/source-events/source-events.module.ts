import { Module } from '@nestjs/common';
import { SourceEventsConsumer } from './source-events.consumer';
import { SourceEventsRepository } from './source-events.repository';
import { SourceEventsService } from './source-events.service';

@Module({ providers: [SourceEventsRepository, SourceEventsService, SourceEventsConsumer] })
export class SourceEventsModule {}
