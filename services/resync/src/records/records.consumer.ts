import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEAD_LETTER_TOPIC } from '@po-sync/contracts';
import { KafkaConnection } from '@po-sync/kafka';
import { RECORD_TOPICS, RecordsService } from './records.service';

@Injectable()
export class RecordsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly service: RecordsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka
      .createConsumer({
        groupId: 'po-sync-resync',
        topics: RECORD_TOPICS,
        deadLetterTopic: DEAD_LETTER_TOPIC,
        handler: (messages) => this.service.apply(messages),
      })
      .start();
  }
}
