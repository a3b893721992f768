import type { CursorValues } from './cursor';
import type { SqlParams } from './sql-params';

/** One sort column: an SQL expression, its direction, the cast that reads a cursor value back. */
export interface SortKey {
  expr: string;
  dir: 'ASC' | 'DESC';
  cast: '::date' | '::timestamptz' | '::text' | '::boolean';
  /** Nullable columns sort last in either direction. */
  nullable?: boolean;
}

export const orderBy = (keys: readonly SortKey[]): string =>
  `ORDER BY ${keys.map((k) => `${k.expr} ${k.dir}${k.nullable ? ' NULLS LAST' : ''}`).join(', ')}`;

/** The sort values of a row, as text (exact for every type, unlike a JS Date for microseconds). */
export const sortColumns = (keys: readonly SortKey[]): string =>
  keys.map((k, i) => `(${k.expr})::text AS "_k${i}"`).join(', ');

/**
 * The rows strictly after the cursor row in the order of `keys`:
 * (k0 > v0) OR (k0 = v0 AND k1 > v1) OR …, with ">" meaning "comes after" for each direction
 * and nulls after every value.
 */
export function keysetCondition(keys: readonly SortKey[], values: CursorValues, p: SqlParams): string {
  const branches: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as SortKey;
    const value = values[i] ?? null;
    // Nothing sorts after a null but other nulls, which the next key orders.
    if (value === null) continue;
    const equal = keys.slice(0, i).map((k, j) => {
      const v = values[j] ?? null;
      return v === null ? `${k.expr} IS NULL` : `${k.expr} = ${p.add(v, k.cast)}`;
    });
    const beyond = `${key.expr} ${key.dir === 'ASC' ? '>' : '<'} ${p.add(value, key.cast)}`;
    const after = key.nullable ? `(${beyond} OR ${key.expr} IS NULL)` : beyond;
    branches.push(equal.length === 0 ? after : `(${[...equal, after].join(' AND ')})`);
  }
  if (branches.length === 0) return 'false';
  const first = keys[0];
  const start = values[0] ?? null;
  // The OR above is only a filter to the planner; a plain range on the first key is what lets an
  // index walk start at the cursor instead of at the top of the list.
  if (first && !first.nullable && start !== null && keys.length > 1)
    return `(${first.expr} ${first.dir === 'ASC' ? '>=' : '<='} ${p.add(start, first.cast)} AND (${branches.join(' OR ')}))`;
  return `(${branches.join(' OR ')})`;
}

/**
 * Which rows of a list a part of it holds: those whose first sort key is null, or those whose first
 * key is not. A list split this way is two index walks, the second's rows all after the first's.
 */
export type FirstKeyPart = 'notNull' | 'null';

/**
 * The keyset condition inside one part; `null` when every row of the part comes after the cursor.
 * Knowing the part lets the first key be compared as a plain range, which an index can serve.
 */
export function keysetConditionInPart(
  keys: readonly SortKey[],
  values: CursorValues,
  p: SqlParams,
  part: FirstKeyPart,
): string | null {
  const [first, ...rest] = keys;
  if (!first) return 'false';
  const start = values[0] ?? null;
  if (part === 'notNull')
    return start === null ? 'false' : keysetCondition([{ ...first, nullable: false }, ...rest], values, p);
  return start === null ? keysetCondition(rest, values.slice(1), p) : null;
}
