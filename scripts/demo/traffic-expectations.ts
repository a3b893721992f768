/**
 * What po-sync must report for a generated run, derived from the reconciliation rules
 * (services/reconciliation/src/rules) rather than from what it happens to publish:
 *
 * | fault        | discrepancy (record)                                         | amount                  | repaired from po-sync by |
 * | ------------ | ------------------------------------------------------------ | ----------------------- | ------------------------ |
 * | neverSynced  | MISSING_ACTUAL (the expense / vendor invoice line)           | the document's          | nothing: no actual to resend |
 * | lostActual   | MISSING_ACTUAL (the document: po-sync never sees the actual) | the document's          | nothing: no actual to resend |
 * | wrongAmount  | AMOUNT_MISMATCH (the document)                               | document − actual       | nothing (remedy none)    |
 * | leftInDraft  | JOURNAL_NOT_POSTED and OUT_OF_SYNC_ACTUAL (the cost actual)  | the actual's            | post-draft-journals      |
 * | oldMap       | MAP_VERSION_BELOW_REQUIRED (msdyn_actuals), open only while the latest actual it carried is old | "0" XXX | nothing (upgrade-map) |
 * | duplicate    | none: ingestion drops a repeated event id                    |                         |                          |
 * | outOfOrder   | none: the older change never overwrites the newer one        |                         |                          |
 * | malformed    | none: the message goes to ingestion.dead-letter.v1 with its bytes |                    |                          |
 *
 * It assumes Finance imports and posts every journal line within the grace period, except the
 * cost lines of `leftInDraft` documents, which stay in draft until someone posts them.
 */
import type { DiscrepancyType, DocumentType, Remedy } from '@po-sync/contracts';
import { isBelowRequired } from '@po-sync/contracts';
import type { FaultKind, TrafficGenerator } from './traffic-plan';

export interface ExpectedDiscrepancy {
  type: DiscrepancyType;
  documentType: DocumentType;
  recordId: string;
  /** As the rules write it: no trailing zeros ("12.5", "1"), never a float. */
  amount: string;
  currency: string;
  remedy: Remedy;
  fault: FaultKind;
  /** The operator action of po-sync that resolves it; null when po-sync cannot (a person must act). */
  repairedBy: 'post-draft-journals' | null;
}

/** Cents as the rules' canonical decimal text: 1250 → "12.5", 100 → "1", 1201 → "12.01". */
export function decimalText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const fraction = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 100)}${fraction ? `.${fraction}` : ''}`;
}

/** The cost actuals whose journal line Finance leaves in draft. */
export function heldBackActualIds(generator: TrafficGenerator): Set<string> {
  return new Set(
    generator.documents
      .filter((d) => d.faults.includes('leftInDraft') && d.costActual)
      .map((d) => d.costActual!.actualId),
  );
}

/** The discrepancies open once the run has settled, one per problem. */
export function expectedDiscrepancies(generator: TrafficGenerator): ExpectedDiscrepancy[] {
  const expected: ExpectedDiscrepancy[] = [];
  for (const doc of generator.documents) {
    const onDocument = { documentType: doc.documentType, recordId: doc.recordId, currency: doc.currency };
    const actual = doc.costActual;
    if (actual === null) {
      expected.push({
        ...onDocument,
        type: 'MISSING_ACTUAL',
        amount: decimalText(doc.cents),
        remedy: 'none',
        fault: doc.faults.includes('neverSynced') ? 'neverSynced' : 'lostActual',
        repairedBy: null,
      });
      continue;
    }
    if (actual.cents !== doc.cents) {
      expected.push({
        ...onDocument,
        type: 'AMOUNT_MISMATCH',
        amount: decimalText(Math.abs(doc.cents - actual.cents)),
        remedy: 'none',
        fault: 'wrongAmount',
        repairedBy: null,
      });
    }
    if (doc.faults.includes('leftInDraft')) {
      const onActual = {
        documentType: 'actual' as const,
        recordId: actual.actualId,
        amount: decimalText(actual.cents),
        currency: doc.currency,
        fault: 'leftInDraft' as const,
        repairedBy: 'post-draft-journals' as const,
      };
      expected.push({ ...onActual, type: 'JOURNAL_NOT_POSTED', remedy: 'post-draft-journals' });
      expected.push({ ...onActual, type: 'OUT_OF_SYNC_ACTUAL', remedy: 'resync' });
    }
  }
  for (const [mapName, sighting] of generator.mapSightings) {
    if (!isBelowRequired(mapName, sighting.version)) continue;
    expected.push({
      type: 'MAP_VERSION_BELOW_REQUIRED',
      documentType: 'dualWriteMap',
      recordId: mapName,
      amount: '0',
      currency: 'XXX',
      remedy: 'upgrade-map',
      fault: 'oldMap',
      repairedBy: null,
    });
  }
  return expected;
}

/** Counts per discrepancy type, for the CLI's report. */
export function countByType(expected: readonly ExpectedDiscrepancy[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of expected) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}
