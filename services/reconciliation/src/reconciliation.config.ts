import { duration, integer, serviceConfigShape } from '@po-sync/config';
import { z } from 'zod';

export const reconciliationConfigSchema = z.object({
  ...serviceConfigShape('reconciliation'),
  RECON_GRACE_PERIOD: duration('1h'),
  // "0" means no limit (DESIGN.md §4).
  OUT_OF_SYNC_LOOKBACK: duration('31d'),
  // How often due timers (grace periods ending) are looked for; bounds the detection latency.
  RECON_TIMER_INTERVAL: duration('200ms'),
  // The safety-net sweep over every record ("0" = off).
  RECON_SWEEP_INTERVAL: duration('1h'),
  RECON_RELAY_INTERVAL: duration('100ms'),
  // Batches applied side by side, each over its own partitions (BatchConsumer's lanes): one
  // batch's statements run while another's rules run in Node. End to end on 2 cores, 100,000
  // events: 1 → 1,910 events/s, 2 → 2,185–2,212, 3 → 2,441, 4 → 1,988 (docs/benchmarks.md).
  RECON_CONCURRENT_BATCHES: integer(3, 1, 16),
});

export type ReconciliationConfig = z.output<typeof reconciliationConfigSchema>;
