import { type DiscrepancyType, type DocumentType, IdSchema, ID_MAX_LENGTH } from '@po-sync/contracts';
import { discrepancyId } from './discrepancy-id';

describe('discrepancyId', () => {
  it.each<[DiscrepancyType, DocumentType, string, string]>([
    ['MISSING_ACTUAL', 'expense', 'EXP-1', 'MISSING_ACTUAL:expense:EXP-1'],
    ['AMOUNT_MISMATCH', 'vendorInvoiceLine', 'INV-7:2', 'AMOUNT_MISMATCH:vendorInvoiceLine:INV-7:2'],
    ['OUT_OF_SYNC_ACTUAL', 'actual', 'a-1001', 'OUT_OF_SYNC_ACTUAL:actual:a-1001'],
    [
      'MAP_VERSION_BELOW_REQUIRED',
      'dualWriteMap',
      'msdyn_actuals',
      'MAP_VERSION_BELOW_REQUIRED:dualWriteMap:msdyn_actuals',
    ],
  ])('%s / %s / %s → %s', (type, documentType, recordId, expected) => {
    expect(discrepancyId(type, documentType, recordId)).toBe(expected);
  });

  it('is the same for the same problem on the same record, and differs for any other', () => {
    const id = discrepancyId('MISSING_JOURNAL_LINE', 'actual', 'a-1');
    expect(discrepancyId('MISSING_JOURNAL_LINE', 'actual', 'a-1')).toBe(id);
    expect(
      new Set([
        id,
        discrepancyId('JOURNAL_NOT_POSTED', 'actual', 'a-1'),
        discrepancyId('MISSING_JOURNAL_LINE', 'actual', 'a-2'),
        discrepancyId('MISSING_ACTUAL', 'expense', 'X'),
        discrepancyId('MISSING_ACTUAL', 'vendorInvoiceLine', 'X'),
      ]).size,
    ).toBe(5);
  });

  describe('a record id too long to fit', () => {
    const longId = 'E'.repeat(ID_MAX_LENGTH);
    const id = discrepancyId('MISSING_TRANSACTION_CONNECTION', 'actual', longId);

    it('is replaced by its hash, so the id still fits the contract', () => {
      expect(id).toMatch(/^MISSING_TRANSACTION_CONNECTION:actual:sha256-[0-9a-f]{64}$/);
      expect(id.length).toBeLessThanOrEqual(ID_MAX_LENGTH);
      expect(IdSchema.safeParse(id).success).toBe(true);
    });

    it('stays stable and tells long ids apart', () => {
      expect(discrepancyId('MISSING_TRANSACTION_CONNECTION', 'actual', longId)).toBe(id);
      expect(discrepancyId('MISSING_TRANSACTION_CONNECTION', 'actual', `${longId.slice(1)}F`)).not.toBe(id);
    });

    it('is kept as is when it fits exactly', () => {
      const prefix = 'MISSING_ACTUAL:expense:';
      const fits = 'E'.repeat(ID_MAX_LENGTH - prefix.length);
      expect(discrepancyId('MISSING_ACTUAL', 'expense', fits)).toBe(prefix + fits);
      expect(discrepancyId('MISSING_ACTUAL', 'expense', `${fits}E`)).toMatch(/sha256-/);
    });
  });
});
