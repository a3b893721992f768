import { keysetCondition, keysetConditionInPart, orderBy, type SortKey, sortColumns } from './keyset';
import { SqlParams } from './sql-params';

const DATE_THEN_ID: SortKey[] = [
  { expr: 'd.document_date', dir: 'DESC', cast: '::date', nullable: true },
  { expr: 'd.record_id', dir: 'ASC', cast: '::text' },
];

describe('keyset pagination', () => {
  it('orders nullable keys last in either direction', () => {
    expect(orderBy(DATE_THEN_ID)).toBe('ORDER BY d.document_date DESC NULLS LAST, d.record_id ASC');
    expect(sortColumns(DATE_THEN_ID)).toBe('(d.document_date)::text AS "_k0", (d.record_id)::text AS "_k1"');
  });

  it('continues after a dated row: earlier dates, undated rows, or the same date and a later id', () => {
    const p = new SqlParams();
    expect(keysetCondition(DATE_THEN_ID, ['2026-11-02', 'EXP-9'], p)).toBe(
      '((d.document_date < $1::date OR d.document_date IS NULL) OR (d.document_date = $2::date AND d.record_id > $3::text))',
    );
    expect(p.values).toEqual(['2026-11-02', '2026-11-02', 'EXP-9']);
  });

  it('continues after an undated row with the undated rows of a later id only', () => {
    const p = new SqlParams();
    expect(keysetCondition(DATE_THEN_ID, [null, 'EXP-9'], p)).toBe(
      '((d.document_date IS NULL AND d.record_id > $1::text))',
    );
  });

  it('reads descending keys backwards', () => {
    const p = new SqlParams();
    const keys: SortKey[] = [
      { expr: 'g.occurred_at', dir: 'DESC', cast: '::timestamptz' },
      { expr: 'g.entry_id', dir: 'DESC', cast: '::text' },
    ];
    expect(keysetCondition(keys, ['2026-11-02 10:00:00.123456+00', 'e'], p)).toBe(
      '(g.occurred_at <= $4::timestamptz AND (g.occurred_at < $1::timestamptz OR (g.occurred_at = $2::timestamptz AND g.entry_id < $3::text)))',
    );
  });

  // Each part of a split list is read on its own; a cursor says where the reading resumes in each.
  it.each([
    {
      part: 'notNull',
      cursor: ['2026-11-02', 'EXP-9'],
      condition:
        '(d.document_date <= $4::date AND (d.document_date < $1::date OR (d.document_date = $2::date AND d.record_id > $3::text)))',
    },
    { part: 'notNull', cursor: [null, 'EXP-9'], condition: 'false' },
    { part: 'null', cursor: ['2026-11-02', 'EXP-9'], condition: null },
    { part: 'null', cursor: [null, 'EXP-9'], condition: '(d.record_id > $1::text)' },
  ] as const)('continues in the $part part after $cursor', ({ part, cursor, condition }) => {
    expect(keysetConditionInPart(DATE_THEN_ID, [...cursor], new SqlParams(), part)).toBe(condition);
  });
});
