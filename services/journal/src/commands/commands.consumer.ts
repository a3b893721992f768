import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  DEAD_LETTER_TOPIC,
  JOURNAL_COMMANDS_TOPIC,
  JournalCommandSchema,
  parseEvent,
} from '@po-sync/contracts';
import { KafkaConnection } from '@po-sync/kafka';
import { CommandsService } from './commands.service';

@Injectable()
export class CommandsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly service: CommandsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kafka
      .createConsumer({
        groupId: 'po-sync-journal-commands',
        topics: [JOURNAL_COMMANDS_TOPIC],
        deadLetterTopic: DEAD_LETTER_TOPIC,
        partitionsConsumedConcurrently: 1,
        // An "import all" over a large staging table can take minutes; the group must not evict us.
        sessionTimeout: 120_000,
        handler: async (messages) => {
          // In order, one at a time: "import" before "post" when both are sent.
          for (const message of messages) {
            const parsed = parseEvent(JournalCommandSchema, message.value);
            if (!parsed.ok) {
              await this.kafka.publishDeadLetters([
                { message, reason: parsed.reason, issues: parsed.issues },
              ]);
              continue;
            }
            await this.service.execute(parsed.event);
          }
        },
      })
      .start();
  }
}
