import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEAD_LETTER_TOPIC } from '@po-sync/contracts';
import { KafkaConnection } from '@po-sync/kafka';
import { PROJECTED_TOPICS } from './projection.batch';
import { ProjectionService } from './projection.service';

@Injectable()
export class ProjectionConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly service: ProjectionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka
      .createConsumer({
        groupId: 'po-sync-query',
        topics: [...PROJECTED_TOPICS],
        deadLetterTopic: DEAD_LETTER_TOPIC,
        handler: (messages) => this.service.apply(messages),
      })
      .start();
  }
}
