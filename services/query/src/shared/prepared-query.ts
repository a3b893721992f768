import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The name a statement is prepared under: the same text always gets the same name, so each pooled
 * connection parses and plans it once (PostgreSQL keeps named statements per connection).
 */
export const statementName = (text: string): string =>
  `po_sync_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

/**
 * Runs a hot read as a named prepared statement on the data source's own pool. `dataSource.query`
 * sends every query unnamed, so PostgreSQL parses and plans it on each call; for the summary that
 * planning cost as much as executing it. Only for statements whose text is built from a fixed set of
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
