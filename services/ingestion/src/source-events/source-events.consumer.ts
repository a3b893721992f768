import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { DEAD_LETTER_TOPIC, SOURCE_TOPICS } from '@po-sync/contracts';
import { KafkaConnection } from '@po-sync/kafka';
import type { IngestionConfig } from '../ingestion.config';
import { SourceEventsService } from './source-events.service';

export const INGESTION_GROUP = 'po-sync-ingestion';

/** Consumes every source topic of DESIGN.md §3 in batches and hands each batch to the service. */
@Injectable()
export class SourceEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly service: SourceEventsService,
    @Inject(SERVICE_CONFIG) private readonly config: IngestionConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka
      .createConsumer({
        groupId: INGESTION_GROUP,
        topics: [...SOURCE_TOPICS],
        deadLetterTopic: DEAD_LETTER_TOPIC,
        concurrentCalls: this.config.INGESTION_PARTITIONS_CONCURRENCY,
        handler: async (messages) => void (await this.service.ingest(messages)),
      })
      .start();
  }
}
