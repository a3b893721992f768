import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor';
import { keysetCondition, orderBy, type SortKey, sortColumns } from './keyset';
import type { ListResult } from './list-query';
import { type SqlParams, whereClause } from './sql-params';

export interface PagedQuery {
  /** Tags the cursors of this list. */
  list: string;
  /** `FROM … JOIN …` */
  from: string;
  select: string;
  where: string[];
  params: SqlParams;
  sort: SortKey[];
  /** Expressions of the currency and the amount summed in `totals`; none → totals is []. */
  money?: { currency: string; amount: string };
  limit: number;
  cursor?: string;
  /** The caller has a cheaper source for the count and totals (a maintained aggregate). */
  skipAggregate?: boolean;
}

/**
 * One page in keyset order, plus the count and per-currency totals of the whole filtered set. The
 * page and the aggregate share the filter, so they always describe the same rows.
 */
export async function runPagedQuery<Row>(
  dataSource: DataSource,
  query: PagedQuery,
  toRow: (raw: Record<string, unknown>) => Row = (raw) => raw as Row,
): Promise<ListResult<Row>> {
  const { sort, params } = query;
  const filter = whereClause(query.where);
  const pageParams = params.clone();
  const pageWhere = [...query.where];
  if (query.cursor)
    pageWhere.push(keysetCondition(sort, decodeCursor(query.list, query.cursor, sort.length), pageParams));
  const raw = await dataSource.query<Record<string, unknown>[]>(
    `SELECT ${query.select}, ${sortColumns(sort)} ${query.from} ${whereClause(pageWhere)} ${orderBy(sort)}
     LIMIT ${pageParams.add(query.limit + 1)}`,
    pageParams.values,
  );
  const more = raw.length > query.limit;
  const page = raw.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor(
          query.list,
          sort.map((_, i) => (last[`_k${i}`] as string | null) ?? null),
        )
      : null;
  const rows = page.map((r) => {
    const copy = { ...r };
    sort.forEach((_, i) => delete copy[`_k${i}`]);
    return toRow(copy);
  });

  const money = query.money;
  if (query.skipAggregate) return { rows, count: 0, totals: [], nextCursor };
  const aggregate = await dataSource.query<{ currency: string | null; n: number; amount: string | null }[]>(
    money
      ? `SELECT ${money.currency} AS currency, count(*)::int AS n, trim_scale(sum(${money.amount}))::text AS amount
         ${query.from} ${filter} GROUP BY 1 ORDER BY 1`
      : `SELECT NULL AS currency, count(*)::int AS n, NULL AS amount ${query.from} ${filter}`,
    params.values,
  );
  return {
    rows,
    count: aggregate.reduce((n, a) => n + a.n, 0),
    totals: money ? aggregate.map((a) => ({ currency: a.currency ?? '', amount: a.amount ?? '0' })) : [],
    nextCursor,
  };
}
