import { ReconciliationSchema1764430200000 } from './1764430200000-reconciliation-schema';
import { ReconciliationSweepIndexes1764500000000 } from './1764500000000-sweep-indexes';
import { OutboxCommitHorizon1764600000000 } from './1764600000000-outbox-commit-horizon';
import { EvaluatedInput1764950000000 } from './1764950000000-evaluated-input';
import { OutboxWithoutXid1765100000000 } from './1765100000000-outbox-without-xid';
import { SweepFacts1765300000000 } from './1765300000000-sweep-facts';
import { OutboxRelayPosition1765500000000 } from './1765500000000-outbox-relay-position';

export const reconciliationMigrations = [
  ReconciliationSchema1764430200000,
  ReconciliationSweepIndexes1764500000000,
  OutboxCommitHorizon1764600000000,
  EvaluatedInput1764950000000,
  OutboxWithoutXid1765100000000,
  SweepFacts1765300000000,
  OutboxRelayPosition1765500000000,
];
