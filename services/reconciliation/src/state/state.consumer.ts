import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { DEAD_LETTER_TOPIC } from '@po-sync/contracts';
import { KafkaConnection } from '@po-sync/kafka';
import type { ReconciliationConfig } from '../reconciliation.config';
import { STATE_TOPICS, StateService } from './state.service';

@Injectable()
export class StateConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly service: StateService,
    @Inject(SERVICE_CONFIG) private readonly config: ReconciliationConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka
      .createConsumer({
        groupId: 'po-sync-reconciliation',
        topics: STATE_TOPICS,
        deadLetterTopic: DEAD_LETTER_TOPIC,
        handler: (messages) => this.service.apply(messages),
        concurrentCalls: this.config.RECON_CONCURRENT_BATCHES,
      })
      .start();
  }
}
