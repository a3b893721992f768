import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from './cursor';
import {
  type FirstKeyPart,
  keysetCondition,
  keysetConditionInPart,
  orderBy,
  type SortKey,
  sortColumns,
} from './keyset';
import type { ListResult } from './list-query';
import { type SqlParams, whereClause } from './sql-params';

/** One part of a list split for paging (see `parts`); its condition adds its own parameters. */
export interface PagePart {
  condition: (p: SqlParams) => string;
  part: FirstKeyPart;
}

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
  /**
   * The list as parts, in sort order, each with its own extra condition (ORed for the totals). A
   * page is then one index walk per part that stops after `limit` rows, where one query with
   * `a IS NULL OR a BETWEEN …` makes the planner fetch and sort the whole window.
   */
  parts?: PagePart[];
  /**
   * `expr` is one of `values`. Kept out of `where` because `expr = ANY(…)` stops an index from
   * giving rows in order: the page is read once per value (each an ordered index walk) and merged.
   */
  oneOf?: { expr: string; values: readonly string[]; cast: string };
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
  const raw = await pageRows(dataSource, query);
  const more = raw.length > query.limit;
  const rowsOfPage = raw.slice(0, query.limit);
  const last = rowsOfPage[rowsOfPage.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor(
          query.list,
          sort.map((_, i) => (last[`_k${i}`] as string | null) ?? null),
        )
      : null;
  const rows = rowsOfPage.map((r) => {
    const copy = { ...r };
    sort.forEach((_, i) => delete copy[`_k${i}`]);
    return toRow(copy);
  });

  const money = query.money;
  if (query.skipAggregate) return { rows, count: 0, totals: [], nextCursor };
  const aggregateParams = params.clone();
  const parts = query.parts ?? [];
  const where = [...query.where];
  if (query.oneOf)
    where.push(
      `${query.oneOf.expr} = ANY(${aggregateParams.add(query.oneOf.values, `${query.oneOf.cast}[]`)})`,
    );
  if (parts.length) where.push(`(${parts.map((b) => b.condition(aggregateParams)).join(' OR ')})`);
  const filter = whereClause(where);
  const aggregate = await dataSource.query<{ currency: string | null; n: number; amount: string | null }[]>(
    money
      ? `SELECT ${money.currency} AS currency, count(*)::int AS n, trim_scale(sum(${money.amount}))::text AS amount
         ${query.from} ${filter} GROUP BY 1 ORDER BY 1`
      : `SELECT NULL AS currency, count(*)::int AS n, NULL AS amount ${query.from} ${filter}`,
    aggregateParams.values,
  );
  return {
    rows,
    count: aggregate.reduce((n, a) => n + a.n, 0),
    totals: money ? aggregate.map((a) => ({ currency: a.currency ?? '', amount: a.amount ?? '0' })) : [],
    nextCursor,
  };
}

/**
 * The rows of one page (and one more, to know whether a next page exists). With parts, each part is
 * its own ordered query, in sort order, so later parts are only read when the earlier ones end
 * within the page (for the grids: the undated documents, on the window's last page).
 */
async function pageRows(dataSource: DataSource, query: PagedQuery): Promise<Record<string, unknown>[]> {
  const { sort } = query;
  const cursor = query.cursor ? decodeCursor(query.list, query.cursor, sort.length) : null;
  const rows: Record<string, unknown>[] = [];
  for (const part of query.parts ?? [undefined]) {
    const params = query.params.clone();
    const where = part ? [...query.where, part.condition(params)] : [...query.where];
    const after = !cursor
      ? null
      : part
        ? keysetConditionInPart(sort, cursor, params, part.part)
        : keysetCondition(sort, cursor, params);
    if (after !== null) where.push(after);
    const limit = params.add(query.limit + 1 - rows.length);
    const oneOf = query.oneOf;
    let sql: string;
    if (!oneOf) {
      sql = `SELECT ${query.select}, ${sortColumns(sort)} ${query.from} ${whereClause(where)} ${orderBy(sort)} LIMIT ${limit}`;
    } else if (oneOf.values.length === 1) {
      where.push(`${oneOf.expr} = ${params.add(oneOf.values[0], oneOf.cast)}`);
      sql = `SELECT ${query.select}, ${sortColumns(sort)} ${query.from} ${whereClause(where)} ${orderBy(sort)} LIMIT ${limit}`;
    } else {
      // Each value's first rows, then the first of all: the sort keys are carried typed (`_o…`)
      // so the merge orders exactly as the inner walks did.
      where.push(`${oneOf.expr} = one_of.value`);
      const typed = sort.map((k, i) => `${k.expr} AS "_o${i}"`).join(', ');
      const outer = sort.map((k, i) => ({ ...k, expr: `"_o${i}"` }));
      sql = `SELECT page.* FROM unnest(${params.add(oneOf.values, `${oneOf.cast}[]`)}) AS one_of(value)
        CROSS JOIN LATERAL (SELECT ${query.select}, ${sortColumns(sort)}, ${typed} ${query.from} ${whereClause(where)}
          ${orderBy(sort)} LIMIT ${limit}) page
        ${orderBy(outer)} LIMIT ${limit}`;
    }
    const found = await dataSource.query<Record<string, unknown>[]>(sql, params.values);
    for (const row of found) for (let i = 0; i < sort.length; i++) delete row[`_o${i}`];
    rows.push(...found);
    if (rows.length > query.limit) break;
  }
  return rows;
}
