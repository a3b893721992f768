import { TrafficGenerator, type PlannedMessage } from '../demo/traffic-plan';

/**
 * The source traffic the end-to-end bench and the machine-limit runs share, so the limits are
 * measured on the same records: the demo traffic's plan (scripts/demo/traffic-plan.ts) without its
 * faults (every document must be able to reconcile, which is the end-to-end completion signal).
 * Per document: the expense or vendor invoice line posted in Finance, its cost actual from
 * Dataverse, and for one in ten the sales side (unbilled and billed sales and their two
 * transaction connections). Seeded, so two runs with the same size carry the same records.
 */
export type SourceMessage = PlannedMessage;

export interface SourceMix {
  /** Legal entities, projects, open periods and dual-write maps: sent first, not counted. */
  setup: SourceMessage[];
  /** How many of `setup` the journal stores (its setup_record rows): the maps are not setup. */
  journalSetupRows: number;
  events: SourceMessage[];
  /** `${documentType}:${recordId}` of each document, the key of its recon.document-status.v1 row. */
  documents: string[];
}

/** Whole documents until at least `count` source events (a document's events are never split). */
export function sourceMix(count: number, seed = 42): SourceMix {
  const plan = new TrafficGenerator({ seed, salesRate: 0.1 });
  const now = new Date();
  const setup = plan.setup(now);
  const events: SourceMessage[] = [];
  while (events.length < count) events.push(...plan.document(now, []));
  return {
    setup,
    journalSetupRows: setup.filter((m) => m.topic === 'finance.setup.v1').length,
    events,
    documents: plan.documents.map((d) => `${d.documentType}:${d.recordId}`),
  };
}

export function recordSizes(events: SourceMessage[]): {
  min: number;
  avg: number;
  max: number;
  byTopic: Record<string, { count: number; avg: number }>;
} {
  let min = Infinity;
  let max = 0;
  let total = 0;
  const byTopic: Record<string, { count: number; bytes: number }> = {};
  for (const e of events) {
    const bytes = Buffer.byteLength(e.value);
    min = Math.min(min, bytes);
    max = Math.max(max, bytes);
    total += bytes;
    const t = (byTopic[e.topic] ??= { count: 0, bytes: 0 });
    t.count += 1;
    t.bytes += bytes;
  }
  return {
    min,
    avg: Math.round(total / Math.max(1, events.length)),
    max,
    byTopic: Object.fromEntries(
      Object.entries(byTopic).map(([topic, t]) => [
        topic,
        { count: t.count, avg: Math.round(t.bytes / t.count) },
      ]),
    ),
  };
}
