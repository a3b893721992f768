import { RequestValidationError } from '@po-sync/auth';
import { z } from 'zod';
import { dateWindow, defaultWindow, filterShape, pageShape } from './list-query';
import { containsPattern } from './sql-params';

const now = new Date('2026-11-29T17:00:00Z');

describe('the date window', () => {
  it('defaults to 1 January of the previous year through today (UTC), as in the workspace', () => {
    expect(defaultWindow({}, now)).toEqual({ from: '2025-01-01', to: '2026-11-29' });
    expect(defaultWindow({ from: '2024-06-01' }, now)).toEqual({ from: '2024-06-01', to: '2026-11-29' });
    expect(defaultWindow({ to: '2025-12-31' }, now)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('is open by default for the complete lists (logs, dead letters)', () => {
    expect(dateWindow({}, now, true)).toEqual({ from: null, to: null });
    expect(dateWindow({ to: '2026-01-31' }, now, true)).toEqual({ from: null, to: '2026-01-31' });
  });

  it('refuses from after to, naming both and the default', () => {
    expect(() => defaultWindow({ from: '2026-12-01', to: '2026-11-01' }, now)).toThrow(
      'query.from (2026-12-01) must not be after query.to (2026-11-01)',
    );
    expect(() => defaultWindow({ from: '2027-01-01' }, now)).toThrow(/defaults to today/);
    expect(() => defaultWindow({ from: '2027-01-01' }, now)).toThrow(RequestValidationError);
  });
});

describe('the list parameters', () => {
  const schema = z.object({ ...filterShape, ...pageShape }).strict();

  it('defaults the page size to 50 and caps it at 500', () => {
    expect(schema.parse({}).limit).toBe(50);
    expect(schema.parse({ limit: '500' }).limit).toBe(500);
    expect(schema.safeParse({ limit: '501' }).success).toBe(false);
    expect(schema.safeParse({ limit: '0' }).success).toBe(false);
  });

  it('takes calendar dates only', () => {
    expect(schema.safeParse({ from: '2026-02-29' }).success).toBe(false);
    expect(schema.safeParse({ from: '2026-11-02T00:00:00Z' }).success).toBe(false);
    expect(schema.safeParse({ from: '2024-02-29' }).success).toBe(true);
  });

  it('refuses unknown parameters', () => {
    expect(schema.safeParse({ legal_entity: 'USMF' }).success).toBe(false);
  });
});

describe('free text', () => {
  it('matches a lower-cased substring, LIKE wildcards taken literally', () => {
    expect(containsPattern('EXP-1')).toBe('%exp-1%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
