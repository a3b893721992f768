import { Injectable } from '@nestjs/common';
import { ApiError } from '@po-sync/auth';
import type { DocumentType } from '@po-sync/contracts';
import { DocumentsRepository } from './documents.repository';

const ID_HINT: Record<DocumentType, string> = {
  expense: 'an expense id',
  vendorInvoiceLine: 'invoiceId:lineNumber',
  actual: 'an actual id',
  transactionConnection: 'a transaction connection id',
  dualWriteMap: 'a map name such as msdyn_actuals',
};

/**
 * The document sync view: the record's state on each side (its status row from reconciliation,
 * its actuals and their journal lines), its discrepancies and its actuals', and the timeline of
 * every event seen about it or them.
 */
@Injectable()
export class DocumentsService {
  constructor(private readonly repository: DocumentsRepository) {}

  async view(documentType: DocumentType, recordId: string) {
    const isDocument = documentType === 'expense' || documentType === 'vendorInvoiceLine';
    const [status, actuals] = await Promise.all([
      isDocument ? this.repository.statusRow(documentType, recordId) : Promise.resolve(null),
      documentType === 'actual' || isDocument
        ? this.repository.actuals(documentType, recordId)
        : Promise.resolve([]),
    ]);
    const subjects = [
      { documentType, recordId },
      ...actuals
        .filter((a) => !(documentType === 'actual' && a.actualId === recordId))
        .map((a) => ({ documentType: 'actual', recordId: a.actualId })),
    ];
    const [discrepancies, timeline, orphanLines] = await Promise.all([
      this.repository.discrepancies(subjects),
      this.repository.timeline(subjects),
      documentType === 'actual' && actuals.length === 0
        ? this.repository.linesWithoutActual(recordId)
        : Promise.resolve([]),
    ]);
    if (
      status === null &&
      actuals.length === 0 &&
      discrepancies.length === 0 &&
      timeline.length === 0 &&
      orphanLines.length === 0
    ) {
      throw new ApiError(
        404,
        'QUERY.DOCUMENT_NOT_FOUND',
        `no ${documentType} with id ${JSON.stringify(recordId)} has reached the workspace read model: check the ` +
          `document type and the id (${ID_HINT[documentType]}); a record posted moments ago appears within seconds`,
      );
    }
    return {
      documentType,
      recordId,
      status,
      actuals,
      lines: orphanLines,
      discrepancies,
      openDiscrepancies: discrepancies.filter((d) => d.status !== 'resolved').length,
      timeline,
    };
  }
}
