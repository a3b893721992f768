import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

// Hashing a 2 kB statement on every request showed in the query service's profiles; the name of a text never changes.
const MAX_NAMES = 256;
const names = new Map<string, string>();

/**
 * The name a statement is prepared under: the same text always gets the same name, so each pooled
 * connection parses it once (PostgreSQL keeps named statements per connection) and plans it once
 * when its generic plan is as good as a custom one.
 */
export const statementName = (text: string): string => {
  let name = names.get(text);
  if (name === undefined) {
    name = `po_sync_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    // The texts are a handful of shapes; the bound only guards against a caller that breaks that rule.
    if (names.size < MAX_NAMES) names.set(text, name);
  }
  return name;
};

/**
 * Runs a hot read as a named prepared statement on the data source's own pool. `dataSource.query`
 * sends every query unnamed, so PostgreSQL parses, analyses and plans it on each call; for the
 * summary that cost as much as executing it. Only for statements whose text is built from a fixed set of
 * fragments (never from values), or the connections would collect statements without bound.
 */
export async function preparedQuery<Row>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name: statementName(text), text, values });
  return result.rows as Row[];
}
