import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEAD_LETTER_TOPIC } from '@po-sync/contracts';
import { KafkaConnection } from '@po-sync/kafka';
import { STATE_TOPICS, StateService } from './state.service';

@Injectable()
export class StateConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly service: StateService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka
      .createConsumer({
        groupId: 'po-sync-reconciliation',
        topics: STATE_TOPICS,
        deadLetterTopic: DEAD_LETTER_TOPIC,
        handler: (messages) => this.service.apply(messages),
      })
      .start();
  }
}
