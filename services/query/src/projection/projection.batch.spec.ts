import { randomUUID } from 'node:crypto';
import type { EventOf } from '@po-sync/contracts';
import { buildProjectionBatch, type ProjectedEvent } from './projection.batch';

const status = (
  version: number,
  patch: Partial<EventOf<'recon.document-status.v1'>> = {},
): ProjectedEvent => ({
  topic: 'recon.document-status.v1',
  event: {
    eventId: randomUUID(),
    documentType: 'expense',
    recordId: 'EXP-1',
    legalEntity: 'USMF',
    projectId: 'PRJ-1',
    status: 'missingActual',
    documentDate: '2026-11-02T22:30:00-05:00',
    category: 'Travel',
    amount: '250',
    currency: 'USD',
    voucher: 'EXV-1',
    actualExists: false,
    journalId: null,
    journalLineAmount: null,
    journalVoucher: null,
    postedDate: null,
    lastRetriedAt: null,
    missingActualAmount: '250',
    missingJournalLineAmount: '0',
    unreconciledAmount: '250',
    version,
    updatedAt: '2026-11-29T10:00:00.000Z',
    ...patch,
  },
});

const line = (sequence: number, journalStatus: 'Draft' | 'Posted', occurredAt: string): ProjectedEvent => ({
  topic: 'journal.lines.v1',
  event: {
    eventId: randomUUID(),
    lineId: 'L-1',
    journalId: 'J-1',
    lineKind: 'journal',
    actualId: 'ACT-1',
    legalEntity: 'USMF',
    projectId: 'PRJ-1',
    transactionType: 'Cost',
    transactionClass: 'Expense',
    status: journalStatus,
    amount: '100',
    currency: 'USD',
    accountingAmount: null,
    accountingCurrency: null,
    exchangeRate: null,
    voucher: journalStatus === 'Posted' ? 'V-1' : null,
    postedAt: journalStatus === 'Posted' ? occurredAt : null,
    journalStatus,
    sequence,
    occurredAt,
  },
});

const discrepancy = (status: 'open' | 'resolved', detectedAt: string): ProjectedEvent => ({
  topic: 'recon.discrepancies.v1',
  event: {
    eventId: randomUUID(),
    discrepancyId: 'MISSING_ACTUAL:expense:EXP-1',
    status,
    type: 'MISSING_ACTUAL',
    documentType: 'expense',
    recordId: 'EXP-1',
    legalEntity: 'USMF',
    projectId: 'PRJ-1',
    amount: '250',
    currency: 'USD',
    causes: ['not synced'],
    remedy: 'resync',
    firstDetectedAt: '2026-11-29T10:00:00.000Z',
    detectedAt,
    resolvedAt: status === 'resolved' ? detectedAt : null,
  },
});

const canonicalActual = (
  occurredAt: string,
  mapVersion = '1.0.0.20',
  operation: 'upsert' | 'delete' = 'upsert',
) =>
  ({
    topic: 'ingestion.actuals.v1',
    event: {
      schemaVersion: 1,
      eventId: randomUUID(),
      sourceEventId: randomUUID(),
      sourceTopic: 'dataverse.actuals.v1',
      entity: 'msdyn_actual',
      recordId: 'ACT-1',
      occurredAt,
      mapVersion,
      ingestedAt: occurredAt,
      ...(operation === 'delete'
        ? { operation, data: { actualId: 'ACT-1' } }
        : {
            operation,
            data: {
              actualId: 'ACT-1',
              legalEntity: 'USMF',
              projectId: 'PRJ-1',
              transactionType: 'Cost',
              transactionClass: 'Expense',
              quantity: '1',
              unitPrice: '100',
              amount: '100',
              currency: 'USD',
              documentDate: '2026-11-02',
              accountingDate: '2026-11-02T10:00:00Z',
              sourceDocumentType: 'expense',
              sourceDocumentId: 'EXP-1',
              skipSync: false,
              voucher: null,
              createdOn: '2026-11-02T10:00:00Z',
            },
          }),
    },
  }) as ProjectedEvent;

describe('buildProjectionBatch', () => {
  it('keeps the highest version of a document, dated as the source stated it, and every event in the timeline', () => {
    const batch = buildProjectionBatch([
      status(2, { status: 'reconciled' }),
      status(1),
      status(3, { status: 'open' }),
    ]);
    expect(batch.documents).toHaveLength(1);
    expect(batch.documents[0]).toMatchObject({ version: 3, status: 'open', documentDate: '2026-11-02' });
    expect(batch.documents[0]).not.toHaveProperty('eventId');
    expect(batch.timeline.map((t) => [t.subjectType, t.subjectId, t.topic])).toEqual([
      ['expense', 'EXP-1', 'recon.document-status.v1'],
      ['expense', 'EXP-1', 'recon.document-status.v1'],
      ['expense', 'EXP-1', 'recon.document-status.v1'],
    ]);
  });

  it('keeps the highest sequence of a line and the latest journal status', () => {
    const batch = buildProjectionBatch([
      line(2, 'Posted', '2026-11-29T10:00:02Z'),
      line(1, 'Draft', '2026-11-29T10:00:01Z'),
    ]);
    expect(batch.lines).toEqual([expect.objectContaining({ sequence: 2, status: 'Posted' })]);
    expect(batch.journals).toEqual([
      {
        journalId: 'J-1',
        lineKind: 'journal',
        legalEntity: 'USMF',
        status: 'Posted',
        updatedAt: '2026-11-29T10:00:02Z',
      },
    ]);
    expect(batch.timeline.map((t) => t.subjectId)).toEqual(['ACT-1', 'ACT-1']);
  });

  it('keeps the latest detection of a discrepancy; equal instants go to the later message', () => {
    const at = '2026-11-29T10:00:05.000Z';
    const batch = buildProjectionBatch([
      discrepancy('resolved', '2026-11-29T10:00:09.000Z'),
      discrepancy('open', at),
    ]);
    expect(batch.discrepancies.map((d) => d.status)).toEqual(['resolved']);
    const tie = buildProjectionBatch([discrepancy('open', at), discrepancy('resolved', at)]);
    expect(tie.discrepancies.map((d) => d.status)).toEqual(['resolved']);
  });

  it('splits actual upserts from deletes and counts the map versions that carried them', () => {
    const batch = buildProjectionBatch([
      canonicalActual('2026-11-29T10:00:00Z', '1.0.0.9'),
      canonicalActual('2026-11-29T10:00:01Z'),
    ]);
    expect(batch.actuals).toEqual([
      expect.objectContaining({ actualId: 'ACT-1', accountingDate: '2026-11-02', mapVersion: '1.0.0.20' }),
    ]);
    expect(batch.actualDeletes).toEqual([]);
    expect(batch.mapVersions).toEqual([
      expect.objectContaining({ mapName: 'msdyn_actuals', version: '1.0.0.9', events: 1 }),
      expect.objectContaining({ mapName: 'msdyn_actuals', version: '1.0.0.20', events: 1 }),
    ]);
    const deleted = buildProjectionBatch([
      canonicalActual('2026-11-29T10:00:00Z'),
      canonicalActual('2026-11-29T10:00:01Z', '1.0.0.20', 'delete'),
    ]);
    expect(deleted.actuals).toEqual([]);
    expect(deleted.actualDeletes).toEqual([{ actualId: 'ACT-1', occurredAt: '2026-11-29T10:00:01Z' }]);
  });

  it('files a transaction connection under itself and both actuals it links', () => {
    const at = '2026-11-29T10:00:00Z';
    const batch = buildProjectionBatch([
      {
        topic: 'ingestion.transaction-connections.v1',
        event: {
          schemaVersion: 1,
          eventId: randomUUID(),
          sourceEventId: randomUUID(),
          sourceTopic: 'dataverse.transaction-connections.v1',
          entity: 'msdyn_transactionconnection',
          recordId: 'CON-1',
          occurredAt: at,
          mapVersion: '1.0.0.1',
          ingestedAt: at,
          operation: 'upsert',
          data: {
            connectionId: 'CON-1',
            transaction1Id: 'ACT-U',
            transaction1Role: 'UnbilledSales',
            transaction1Type: 'UnbilledSales',
            transaction2Id: 'ACT-C',
            transaction2Role: 'Cost',
            transaction2Type: 'Cost',
            createdOn: at,
          },
        },
      },
    ]);
    expect(batch.timeline.map((t) => `${t.subjectType}:${t.subjectId}`)).toEqual([
      'transactionConnection:CON-1',
      'actual:ACT-U',
      'actual:ACT-C',
    ]);
    expect(batch.mapVersions).toEqual([
      expect.objectContaining({ mapName: 'msdyn_transactionconnections', version: '1.0.0.1' }),
    ]);
  });

  it('prefers a resolved log entry over the same entry unresolved, in any order', () => {
    const entry = (resolvedByLaterRun: boolean): ProjectedEvent => ({
      topic: 'journal.logs.v1',
      event: {
        eventId: randomUUID(),
        entryId: 'E-1',
        log: 'integrationJournal',
        runId: 'R-1',
        actualId: 'ACT-1',
        legalEntity: 'USMF',
        code: 'JOURNAL.PROJECT_UNKNOWN',
        message: 'Project PRJ-9 is unknown',
        retryCount: 1,
        lastRetriedAt: null,
        resolvedByLaterRun,
        occurredAt: '2026-11-29T10:00:00Z',
      },
    });
    expect(buildProjectionBatch([entry(true), entry(false)]).logs.map((l) => l.resolvedByLaterRun)).toEqual([
      true,
    ]);
    expect(buildProjectionBatch([entry(false), entry(true)]).logs.map((l) => l.resolvedByLaterRun)).toEqual([
      true,
    ]);
  });
});
