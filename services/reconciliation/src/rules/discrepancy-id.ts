import { createHash } from 'node:crypto';
import { type DiscrepancyType, type DocumentType, ID_MAX_LENGTH } from '@po-sync/contracts';

const SEPARATOR = ':';
const HASHED = 'sha256-';

/**
 * `<type>:<documentType>:<recordId>`, e.g. `MISSING_ACTUAL:expense:EXP-1` or
 * `AMOUNT_MISMATCH:vendorInvoiceLine:INV-7:2`.
 *
 * It is the Kafka key of recon.discrepancies.v1 and the primary key of a stored
 * discrepancy, so it is built only from what identifies the problem, never from
 * what may change while it stays open (amount, causes, remedy, time): the open,
 * updated and resolved events of one problem share it, and the same problem found
 * again after it was resolved gets the same id (consumers see it reopen).
 *
 * Record ids may contain ":" (vendor invoice lines do), but type and document type
 * never do and come first, so two different problems never share an id.
 *
 * An id must fit ID_MAX_LENGTH (256, the contract's IdSchema). A record id too long
 * for that is replaced by its SHA-256, as stable as the id itself; the event still
 * carries the full record id in `recordId`.
 */
export function discrepancyId(type: DiscrepancyType, documentType: DocumentType, recordId: string): string {
  const prefix = `${type}${SEPARATOR}${documentType}${SEPARATOR}`;
  const plain = prefix + recordId;
  if (plain.length <= ID_MAX_LENGTH) return plain;
  return prefix + HASHED + createHash('sha256').update(recordId, 'utf8').digest('hex');
}
