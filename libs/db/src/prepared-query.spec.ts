import { statementName } from './prepared-query';

describe('statementName', () => {
  it('is the same for the same text and differs for another', () => {
    const a = 'SELECT 1 FROM document_summary WHERE legal_entity = $1';
    expect(statementName(a)).toBe(statementName(`${a}`));
    expect(statementName(a)).not.toBe(statementName(`${a} AND status = $2`));
  });

  it('fits PostgreSQL identifiers (at most 63 bytes, lower case)', () => {
    expect(statementName('SELECT 1')).toMatch(/^po_sync_[0-9a-f]{24}$/);
  });

  it('keeps giving each text its own stable name past the number of names it remembers', () => {
    const texts = Array.from({ length: 600 }, (_, i) => `SELECT ${i}`);
    const first = texts.map(statementName);
    expect(new Set(first).size).toBe(texts.length);
    expect(texts.map(statementName)).toEqual(first);
  });
});
