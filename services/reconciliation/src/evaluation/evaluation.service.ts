import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@po-sync/config';
import { DISCREPANCIES_TOPIC, DOCUMENT_STATUS_TOPIC, type DocumentStatusEvent } from '@po-sync/contracts';
import type { QueryRunner } from 'typeorm';
import { type OutboxMessage, OutboxRepository } from '../outbox/outbox.repository';
import type { ReconciliationConfig } from '../reconciliation.config';
import {
  diffFindings,
  type DocumentSnapshot,
  type DocumentStatusSummary,
  evaluateActual,
  evaluateDocument,
  evaluateMap,
  type Finding,
  type JournalLineSnapshot,
  type RulesConfig,
  type StoredDiscrepancy,
  toDiscrepancyEvent,
  type Transition,
} from '../rules';
import { EvaluationRepository, type RecordKey } from './evaluation.repository';
import { rulesVersion } from './evaluated-input';

export interface EvaluationResult {
  evaluated: number;
  transitions: Transition[];
}

const DOCUMENT_TYPES_OF: Record<RecordKey['kind'], string[]> = {
  document: ['expense', 'vendorInvoiceLine'],
  actual: ['actual', 'transactionConnection'],
  map: ['dualWriteMap'],
};

/**
 * Looks at records again: loads both sides, runs the pure rules, stores the discrepancies'
 * transitions and the documents' statuses, queues what to publish in the outbox and sets each
 * record's next timer — all in the caller's transaction, so state and messages never disagree.
 */
@Injectable()
export class EvaluationService {
  private readonly rules: RulesConfig;
  /** Stored with every evaluation that leaves a discrepancy open: other rules, other answers. */
  readonly rulesVersion: string;

  constructor(
    private readonly repository: EvaluationRepository,
    private readonly outbox: OutboxRepository,
    @Inject(SERVICE_CONFIG) config: ReconciliationConfig,
  ) {
    this.rules = {
      gracePeriodMs: config.RECON_GRACE_PERIOD,
      outOfSyncLookbackMs: config.OUT_OF_SYNC_LOOKBACK,
    };
    this.rulesVersion = rulesVersion(this.rules);
  }

  /** Takes the records' locks ahead of an evaluation (the same ones, in the same order). */
  lock(runner: QueryRunner, keys: RecordKey[]): Promise<void> {
    return this.repository.lockRecords(runner, keys);
  }

  async evaluate(runner: QueryRunner, keys: RecordKey[], now = new Date()): Promise<EvaluationResult> {
    const unique = [...new Map(keys.map((k) => [`${k.kind}:${k.id}`, k])).values()];
    if (unique.length === 0) return { evaluated: 0, transitions: [] };
    await this.repository.lockRecords(runner, unique);
    const snapshot = await this.repository.snapshot(runner);
    const ids = (kind: RecordKey['kind']) => unique.filter((k) => k.kind === kind).map((k) => k.id);

    const documents = await this.repository.documents(runner, ids('document'));
    const actualIds = ids('actual');
    const actuals = await this.repository.actuals(runner, {
      actualIds,
      documentIds: documents.map((d) => d.recordId),
    });
    const connections = await this.repository.connections(runner, actualIds);
    const connectedIds = connections.flatMap((c) => [c.transaction1Id, c.transaction2Id]);
    const lines = await this.repository.lines(runner, [
      ...new Set([...actuals.map((a) => a.actualId), ...connectedIds]),
    ]);
    // Finance writes the voucher back to the actual through dual-write, outside po-sync; the posted
    // journal line's voucher is the same voucher, seen first, so it counts as the actual's.
    for (const actual of actuals) {
      const line = lines.get(actual.actualId);
      if (actual.voucher === null && line?.status === 'Posted' && line.voucher) actual.voucher = line.voucher;
    }
    const maps = await this.repository.maps(runner, ids('map'));
    const stored = await this.repository.openDiscrepancies(
      runner,
      unique.map((k) => k.id),
    );

    // Grouped once: a batch evaluates thousands of records, and filtering every list for each
    // record made an evaluation quadratic in the batch's size.
    const actualsOfDocument = groupBy(actuals, (a) => [a.sourceDocumentId]);
    const connectionsOfActual = groupBy(connections, (c) => [c.transaction1Id, c.transaction2Id]);
    const storedOfRecord = groupBy(stored, (s) => [s.recordId]);
    const evaluatedActualIds = new Set(actualIds);

    const findingsByKey = new Map<string, Finding[]>();
    const due: { key: RecordKey; dueAt: Date | null }[] = [];
    const statuses: { doc: DocumentSnapshot; summary: DocumentStatusSummary }[] = [];
    const seen = new Set<string>();

    for (const doc of documents) {
      const key: RecordKey = { kind: 'document', id: doc.recordId };
      seen.add(`document:${doc.recordId}`);
      const mine = actualsOfDocument.get(doc.recordId) ?? [];
      const result = evaluateDocument(doc, mine, lines, now, this.rules);
      // An expense and a vendor invoice line may share a record id: keep the findings of both.
      const mapKey = `document:${doc.recordId}`;
      findingsByKey.set(mapKey, [...(findingsByKey.get(mapKey) ?? []), ...result.findings]);
      due.push({ key, dueAt: result.nextDueAt });
      statuses.push({ doc, summary: result.status });
    }
    for (const actual of actuals.filter((a) => evaluatedActualIds.has(a.actualId))) {
      seen.add(`actual:${actual.actualId}`);
      const mine = connectionsOfActual.get(actual.actualId) ?? [];
      const result = evaluateActual(
        actual,
        lines.get(actual.actualId) ?? null,
        mine,
        linesOf(lines, mine),
        now,
        this.rules,
      );
      findingsByKey.set(`actual:${actual.actualId}`, result.findings);
      due.push({ key: { kind: 'actual', id: actual.actualId }, dueAt: result.nextDueAt });
    }
    for (const map of maps) {
      seen.add(`map:${map.mapName}`);
      const finding = evaluateMap(map);
      findingsByKey.set(`map:${map.mapName}`, finding ? [finding] : []);
    }
    // A record that no longer exists (or was never seen) holds no discrepancy and needs no timer.
    for (const key of unique) {
      if (seen.has(`${key.kind}:${key.id}`)) continue;
      findingsByKey.set(`${key.kind}:${key.id}`, []);
      due.push({ key, dueAt: null });
    }

    const transitions: Transition[] = [];
    const leftOpen: RecordKey[] = [];
    const leftClosed: RecordKey[] = [];
    for (const key of unique) {
      const mine = (storedOfRecord.get(key.id) ?? []).filter((s) =>
        DOCUMENT_TYPES_OF[key.kind].includes(s.documentType),
      );
      const findings = findingsByKey.get(`${key.kind}:${key.id}`) ?? [];
      transitions.push(...diffFindings(findings, mine, now));
      if (key.kind === 'map') continue; // a handful, evaluated by every sweep
      if (findings.length > 0) leftOpen.push(key);
      else if (mine.length > 0) leftClosed.push(key);
    }
    await this.repository.saveDiscrepancies(
      runner,
      transitions.map((t) => toStored(t)),
    );
    await this.repository.saveEvaluatedInputs(runner, {
      rulesVersion: this.rulesVersion,
      seen: snapshot,
      open: leftOpen,
      closed: leftClosed,
      all: unique.filter((k) => k.kind !== 'map'),
    });
    const messages: OutboxMessage[] = transitions.map((t) => ({
      topic: DISCREPANCIES_TOPIC,
      key: t.discrepancyId,
      payload: toDiscrepancyEvent(t, randomUUID()),
    }));
    messages.push(...(await this.statusMessages(runner, statuses, now)));
    await this.outbox.append(runner, messages);
    await this.repository.setDueChecks(runner, earliestPerKey(due));
    return { evaluated: unique.length, transitions };
  }

  private async statusMessages(
    runner: QueryRunner,
    statuses: { doc: DocumentSnapshot; summary: DocumentStatusSummary }[],
    now: Date,
  ): Promise<OutboxMessage[]> {
    const previous = await this.repository.documentStatusVersions(
      runner,
      statuses.map((s) => s.doc.recordId),
    );
    const changed: { documentType: string; recordId: string; fingerprint: string; version: number }[] = [];
    const messages: OutboxMessage[] = [];
    for (const { doc, summary } of statuses) {
      const body = documentStatusBody(doc, summary);
      const fingerprint = createHash('sha1').update(JSON.stringify(body)).digest('hex');
      const before = previous.get(doc.recordId);
      if (before?.fingerprint === fingerprint) continue;
      const version = (before?.version ?? 0) + 1;
      changed.push({ documentType: doc.documentType, recordId: doc.recordId, fingerprint, version });
      const event: DocumentStatusEvent = {
        eventId: randomUUID(),
        ...body,
        version,
        updatedAt: now.toISOString(),
      };
      messages.push({
        topic: DOCUMENT_STATUS_TOPIC,
        key: `${doc.documentType}:${doc.recordId}`,
        payload: event,
      });
    }
    await this.repository.saveDocumentStatuses(runner, changed);
    return messages;
  }
}

/** Each item under every distinct key it gives (none for null), in the items' order. */
function groupBy<T>(items: readonly T[], keys: (item: T) => (string | null)[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keys(item))) {
      if (key === null) continue;
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

function linesOf(
  lines: Map<string, JournalLineSnapshot>,
  connections: { transaction1Id: string; transaction2Id: string }[],
) {
  const mine = new Map<string, JournalLineSnapshot>();
  for (const c of connections) {
    for (const id of [c.transaction1Id, c.transaction2Id]) {
      const line = lines.get(id);
      if (line) mine.set(id, line);
    }
  }
  return mine;
}

function documentStatusBody(doc: DocumentSnapshot, s: DocumentStatusSummary) {
  return {
    documentType: doc.documentType,
    recordId: doc.recordId,
    legalEntity: doc.legalEntity,
    projectId: doc.projectId,
    status: s.status,
    documentDate: doc.documentDate,
    category: doc.category,
    amount: doc.amount,
    currency: doc.currency,
    voucher: doc.voucher,
    actualExists: s.actualExists,
    journalId: s.journalId,
    journalLineAmount: s.journalLineAmount,
    journalVoucher: s.journalVoucher,
    postedDate: s.postedDate ? s.postedDate.toISOString() : null,
    lastRetriedAt: s.lastRetriedAt ? s.lastRetriedAt.toISOString() : null,
    missingActualAmount: s.missingActualAmount,
    missingJournalLineAmount: s.missingJournalLineAmount,
    unreconciledAmount: s.unreconciledAmount,
  };
}

function toStored(t: Transition) {
  const source: Omit<StoredDiscrepancy, 'status' | 'firstDetectedAt' | 'discrepancyId'> =
    t.kind === 'resolved' ? t.stored : { ...t.finding };
  return {
    discrepancyId: t.discrepancyId,
    type: source.type,
    documentType: source.documentType,
    recordId: source.recordId,
    legalEntity: source.legalEntity,
    projectId: source.projectId,
    amount: source.amount,
    currency: source.currency,
    causes: source.causes,
    remedy: source.remedy,
    firstDetectedAt: t.firstDetectedAt,
    status: t.kind,
    detectedAt: t.detectedAt,
    resolvedAt: t.resolvedAt,
  };
}

/**
 * An expense and a vendor invoice line may share a record id: they share one timer row, due at
 * the earlier of their instants (a statement may touch a row only once).
 */
function earliestPerKey(
  due: { key: RecordKey; dueAt: Date | null }[],
): { key: RecordKey; dueAt: Date | null }[] {
  const byKey = new Map<string, { key: RecordKey; dueAt: Date | null }>();
  for (const entry of due) {
    const id = `${entry.key.kind}:${entry.key.id}`;
    const current = byKey.get(id);
    if (!current || (entry.dueAt && (!current.dueAt || entry.dueAt < current.dueAt))) byKey.set(id, entry);
  }
  return [...byKey.values()];
}
