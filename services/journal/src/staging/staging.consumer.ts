import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEAD_LETTER_TOPIC } from '@po-sync/contracts';
import { KafkaConnection } from '@po-sync/kafka';
import { STAGING_TOPICS, StagingService } from './staging.service';

@Injectable()
export class StagingConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly service: StagingService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka
      .createConsumer({
        groupId: 'po-sync-journal-staging',
        topics: STAGING_TOPICS,
        deadLetterTopic: DEAD_LETTER_TOPIC,
        handler: (messages) => this.service.stage(messages),
      })
      .start();
  }
}
