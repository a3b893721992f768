import type { DiscrepancyEvent, DiscrepancyType, DocumentType, Remedy } from '@po-sync/contracts';
import { discrepancyId } from './discrepancy-id';
import { ExactDecimal } from './rule-helpers';
import type { Finding } from './rules.types';

/**
 * An open discrepancy as the service stores it. Besides what the brief listed it
 * keeps the record's identity (documentType, recordId, legalEntity, projectId):
 * the resolved event must carry them, and by then no finding exists to take them from.
 */
export interface StoredDiscrepancy {
  discrepancyId: string;
  type: DiscrepancyType;
  documentType: DocumentType;
  recordId: string;
  legalEntity: string;
  projectId: string;
  amount: string;
  currency: string;
  causes: string[];
  remedy: Remedy;
  firstDetectedAt: Date;
  status: 'open' | 'updated';
}

interface TransitionTimes {
  discrepancyId: string;
  firstDetectedAt: Date;
  /** The evaluation that found this transition. */
  detectedAt: Date;
}

export type Transition =
  | (TransitionTimes & { kind: 'open' | 'updated'; finding: Finding; resolvedAt: null })
  /** Carries the last stored state, so the event says what was resolved (amount included). */
  | (TransitionTimes & { kind: 'resolved'; stored: StoredDiscrepancy; resolvedAt: Date });

export const findingId = (f: Finding): string => discrepancyId(f.type, f.documentType, f.recordId);

const sameCauses = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((cause, i) => cause === b[i]);

/**
 * Only what a reader would see differ: "12.50" and "12.5" are the same amount. The
 * remedy and the record's legal entity and project count too, since consumers act
 * and filter on them.
 */
function changed(stored: StoredDiscrepancy, finding: Finding): boolean {
  return (
    !new ExactDecimal(stored.amount).eq(finding.amount) ||
    stored.currency !== finding.currency ||
    stored.remedy !== finding.remedy ||
    stored.legalEntity !== finding.legalEntity ||
    stored.projectId !== finding.projectId ||
    !sameCauses(stored.causes, finding.causes)
  );
}

const byId = (a: { discrepancyId: string }, b: { discrepancyId: string }): number =>
  a.discrepancyId < b.discrepancyId ? -1 : a.discrepancyId > b.discrepancyId ? 1 : 0;

/**
 * The transitions that take the stored open discrepancies of a record to the
 * findings that hold now: `open` for a new one, `updated` when what it says changed,
 * `resolved` for a stored one that no longer holds, nothing when unchanged. Applying
 * them (`applyTransitions`) and diffing the same findings again yields nothing, so a
 * redelivered event or a timer firing twice publishes nothing twice. Sorted by id.
 */
export function diffFindings(
  current: readonly Finding[],
  stored: readonly StoredDiscrepancy[],
  now: Date,
): Transition[] {
  const findings = new Map<string, Finding>();
  for (const f of current) {
    const id = findingId(f);
    // Two findings with one id would publish one and silently drop the other: a rule bug.
    if (findings.has(id)) throw new Error(`two findings share discrepancy id ${id}`);
    findings.set(id, f);
  }
  const open = new Map(stored.map((s) => [s.discrepancyId, s]));
  const transitions: Transition[] = [];
  for (const [id, finding] of findings) {
    const before = open.get(id);
    const base = { discrepancyId: id, finding, detectedAt: now, resolvedAt: null };
    if (before === undefined) transitions.push({ ...base, kind: 'open', firstDetectedAt: now });
    else if (changed(before, finding))
      transitions.push({ ...base, kind: 'updated', firstDetectedAt: before.firstDetectedAt });
  }
  for (const s of stored) {
    if (findings.has(s.discrepancyId)) continue;
    transitions.push({
      kind: 'resolved',
      discrepancyId: s.discrepancyId,
      stored: s,
      firstDetectedAt: s.firstDetectedAt,
      detectedAt: now,
      resolvedAt: now,
    });
  }
  return transitions.sort(byId);
}

/** The open discrepancies after the transitions: what the service stores. Sorted by id. */
export function applyTransitions(
  stored: readonly StoredDiscrepancy[],
  transitions: readonly Transition[],
): StoredDiscrepancy[] {
  const open = new Map(stored.map((s) => [s.discrepancyId, s]));
  for (const t of transitions) {
    if (t.kind === 'resolved') {
      open.delete(t.discrepancyId);
      continue;
    }
    const f = t.finding;
    open.set(t.discrepancyId, {
      discrepancyId: t.discrepancyId,
      type: f.type,
      documentType: f.documentType,
      recordId: f.recordId,
      legalEntity: f.legalEntity,
      projectId: f.projectId,
      amount: f.amount,
      currency: f.currency,
      causes: [...f.causes],
      remedy: f.remedy,
      firstDetectedAt: t.firstDetectedAt,
      status: t.kind,
    });
  }
  return [...open.values()].sort(byId);
}

/** The recon.discrepancies.v1 message of a transition; the caller supplies a fresh UUID. */
export function toDiscrepancyEvent(transition: Transition, eventId: string): DiscrepancyEvent {
  const source = transition.kind === 'resolved' ? transition.stored : transition.finding;
  return {
    eventId,
    discrepancyId: transition.discrepancyId,
    status: transition.kind,
    type: source.type,
    documentType: source.documentType,
    recordId: source.recordId,
    legalEntity: source.legalEntity,
    projectId: source.projectId,
    amount: source.amount,
    currency: source.currency,
    causes: [...source.causes],
    remedy: source.remedy,
    firstDetectedAt: transition.firstDetectedAt.toISOString(),
    detectedAt: transition.detectedAt.toISOString(),
    resolvedAt: transition.resolvedAt === null ? null : transition.resolvedAt.toISOString(),
  };
}
