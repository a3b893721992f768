import { SqlParams } from '../shared/sql-params';
import { documentConditions, documentWindowParts, VIEW_STATUSES } from './grids.filters';

describe('grid filters', () => {
  it('maps the four workspace views to document statuses', () => {
    expect(VIEW_STATUSES).toEqual({
      'missing-actuals': ['missingActual'],
      'missing-journal-lines': ['missingJournalLine', 'pendingPosting'],
      reconciled: ['reconciled'],
      all: null,
    });
  });

  it('builds every condition with parameters, undated documents inside every window', () => {
    const p = new SqlParams();
    const where = documentConditions(p, {
      documentType: 'expense',
      legalEntity: 'USMF',
      window: { from: '2025-01-01', to: '2026-11-29' },
      statuses: ['missingActual'],
      q: 'Travel',
    });
    expect(where).toEqual([
      'd.document_type = $1',
      'd.legal_entity = $2',
      'd.search_text LIKE $3',
      'd.status = ANY($4::text[])',
      '(d.document_date IS NULL OR d.document_date BETWEEN $5::date AND $6::date)',
    ]);
    expect(p.values).toEqual(['expense', 'USMF', '%travel%', ['missingActual'], '2025-01-01', '2026-11-29']);
  });

  it('splits the window into the dated part, then the undated part, in grid order', () => {
    const p = new SqlParams();
    const parts = documentWindowParts({ from: '2025-01-01', to: '2025-12-31' });
    expect(parts.map(({ condition, part }) => ({ condition: condition(p), part }))).toEqual([
      { condition: 'd.document_date BETWEEN $1::date AND $2::date', part: 'notNull' },
      { condition: 'd.document_date IS NULL', part: 'null' },
    ]);
    expect(p.values).toEqual(['2025-01-01', '2025-12-31']);
  });

  it('leaves out the filters not given', () => {
    const p = new SqlParams();
    expect(
      documentConditions(p, { window: { from: '2025-01-01', to: '2025-12-31' }, statuses: null }),
    ).toEqual(['(d.document_date IS NULL OR d.document_date BETWEEN $1::date AND $2::date)']);
  });
});
