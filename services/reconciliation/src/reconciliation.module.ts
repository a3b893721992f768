import { Module } from '@nestjs/common';
import { EvaluationRepository } from './evaluation/evaluation.repository';
import { EvaluationService } from './evaluation/evaluation.service';
import { OutboxRelay } from './outbox/outbox.relay';
import { OutboxRepository } from './outbox/outbox.repository';
import { StateConsumer } from './state/state.consumer';
import { StateRepository } from './state/state.repository';
import { StateService } from './state/state.service';
import { TimersService } from './timers/timers.service';

/** Both sides' state, the rules, the timers and the exactly-once publication of their outcome. */
@Module({
  providers: [
    StateRepository,
    StateService,
    StateConsumer,
    EvaluationRepository,
    EvaluationService,
    OutboxRepository,
    OutboxRelay,
    TimersService,
  ],
})
export class ReconciliationModule {}
