import type { QueryRunner } from 'typeorm';
import type { RecordKey } from '../evaluation/evaluation.repository';
import { KIND_OF_DOCUMENT_TYPE } from '../evaluation/evaluated-input';
import type { RulesConfig } from '../rules';

/**
 * The instants the candidate queries compare with, derived from the rules' own semantics:
 * - a grace period that started at `t` has ended at `now` when t + grace ≤ now (`hasElapsed`,
 *   inclusive). The rules see instants as JavaScript Dates, i.e. truncated to the millisecond,
 *   while PostgreSQL keeps microseconds; `t < graceCut` with graceCut = now − grace + 1 ms is
 *   exactly "trunc_ms(t) + grace ≤ now" for any t, so SQL never drops a record the rules flag.
 * - an actual is inside the out-of-sync look-back when now ≤ createdOn + lookback, i.e.
 *   createdOn ≥ now − lookback (`lookbackCut`, null when the look-back is unlimited).
 */
export function sweepCutoffs(now: Date, rules: RulesConfig): { graceCut: Date; lookbackCut: Date | null } {
  return {
    graceCut: new Date(now.getTime() - rules.gracePeriodMs + 1),
    lookbackCut: rules.outOfSyncLookbackMs === 0 ? null : new Date(now.getTime() - rules.outOfSyncLookbackMs),
  };
}

/**
 * (a) the records with an open discrepancy that may need resolving or updating: those whose inputs
 * were written since their last evaluation without another following (a note in input_change: a
 * lost evaluation, a repair by hand, a restore), those evaluated under other rules or never, and
 * those whose timer is due; and (h) every map (a handful of rows). An open record with none of
 * these gets the same answer from the rules as last time: it is not evaluated.
 * $1 the rules version, $2 now.
 */
const OPEN_CHANGED_AND_MAPS = `
  SELECT o.kind, o.id
  FROM (SELECT DISTINCT ${KIND_OF_DOCUMENT_TYPE} AS kind, record_id AS id FROM discrepancy WHERE status <> 'resolved') o
  LEFT JOIN evaluated_input e ON e.record_kind = o.kind AND e.record_id = o.id
  LEFT JOIN due_check t ON t.record_kind = o.kind AND t.record_id = o.id
  WHERE o.kind = 'map' OR e.rules_version IS DISTINCT FROM $1 OR t.due_at <= $2
     OR EXISTS (SELECT 1 FROM input_change c WHERE c.record_kind = o.kind AND c.record_id = o.id)`;

const OPEN_COUNT = `SELECT count(*)::int AS open FROM (SELECT DISTINCT ${KIND_OF_DOCUMENT_TYPE}, record_id
  FROM discrepancy WHERE status <> 'resolved') o`;

const MAPS = `SELECT 'map' AS kind, map_name AS id FROM map_version`;

/** No open discrepancy on this document (an open one puts it in (a) already). */
const DOCUMENT_NOT_OPEN = `NOT EXISTS (SELECT 1 FROM discrepancy x
    WHERE x.record_id = d.record_id AND x.status <> 'resolved' AND x.document_type IN ('expense', 'vendorInvoiceLine'))`;

/** No open discrepancy on this actual. */
const ACTUAL_NOT_OPEN = `NOT EXISTS (SELECT 1 FROM discrepancy x
    WHERE x.record_id = a.actual_id AND x.status <> 'resolved' AND x.document_type IN ('actual', 'transactionConnection'))`;

/** Documents the rules look at: posted (any status but Approved, with posted_at) before the grace. */
const DOCUMENT_SETTLED = `NOT d.deleted AND d.status <> 'Approved' AND d.posted_at < $1`;

/**
 * Documents whose MISSING_ACTUAL (b) or AMOUNT_MISMATCH (c) may hold (evaluateDocument: its live
 * cost actuals are those referencing it whose source document type is its own or null).
 *
 * Almost every document has at most one live cost actual, and then no sum is needed: one hash
 * left join of the posted documents with the live cost actuals, row by row —
 * - no cost actual at all, or one of another document type: MISSING_ACTUAL;
 * - one whose amount or currency differs, past the grace after its creation: AMOUNT_MISMATCH
 *   (a different currency with both amounts zero is no gap: a harmless extra candidate).
 * The documents referenced by several live cost actuals (`multi`, read in key order from the
 * partial index actual_cost_source, nothing hashed) are summed exactly, per document, by index.
 * Several currencies among them are always a candidate; the rules decide.
 */
const DOCUMENTS = `
  WITH multi AS MATERIALIZED (
    SELECT source_document_id AS id FROM actual
    WHERE transaction_type = 'Cost' AND NOT deleted AND source_document_id IS NOT NULL
    GROUP BY source_document_id HAVING count(*) > 1
  )
  SELECT 'document' AS kind, d.record_id AS id
  FROM document d
  LEFT JOIN actual a ON a.source_document_id = d.record_id AND a.transaction_type = 'Cost' AND NOT a.deleted
  WHERE ${DOCUMENT_SETTLED}
    AND NOT EXISTS (SELECT 1 FROM multi m WHERE m.id = d.record_id)
    AND (a.actual_id IS NULL
         OR a.source_document_type <> d.document_type
         OR (a.created_on < $1 AND (a.currency <> d.currency OR a.amount <> d.amount)))
    AND ${DOCUMENT_NOT_OPEN}
  UNION ALL
  SELECT 'document', d.record_id
  FROM multi m
  JOIN document d ON d.record_id = m.id
  CROSS JOIN LATERAL (
    SELECT count(*) AS n, sum(a.amount) AS total, min(a.currency) AS cur_min, max(a.currency) AS cur_max,
           max(a.created_on) AS newest
    FROM actual a
    WHERE a.source_document_id = d.record_id AND a.transaction_type = 'Cost' AND NOT a.deleted
      AND (a.source_document_type IS NULL OR a.source_document_type = d.document_type)
  ) c
  WHERE ${DOCUMENT_SETTLED}
    AND (c.n = 0
         OR (c.newest < $1
             AND (c.cur_min <> c.cur_max
                  OR (c.cur_min = d.currency AND c.total <> d.amount)
                  OR (c.cur_min <> d.currency AND (c.total <> 0 OR d.amount <> 0)))))
    AND ${DOCUMENT_NOT_OPEN}`;

/** (i) Documents never evaluated: no published status row. */
const UNPUBLISHED_DOCUMENTS = `
  SELECT 'document' AS kind, d.record_id AS id
  FROM document d
  WHERE NOT d.deleted
    AND NOT EXISTS (SELECT 1 FROM document_status s
                    WHERE s.document_type = d.document_type AND s.record_id = d.record_id)`;

/**
 * Actuals whose journal-line findings (evaluateActual) may hold; never deleted or skip-sync
 * ones. One hash left join of actual with journal_line:
 * - (d) MISSING_JOURNAL_LINE: no line, past the grace after createdOn;
 * - (e) JOURNAL_NOT_POSTED: a line not Posted, past the grace after the line was first seen;
 * - (f) OUT_OF_SYNC_ACTUAL: no voucher, past the grace after createdOn, inside the look-back
 *   ($2, null = unlimited). The evaluation counts a posted line's voucher as the actual's (the
 *   write-back is on its way), so only an actual with neither is a candidate.
 */
const ACTUALS = `
  SELECT 'actual' AS kind, a.actual_id AS id
  FROM actual a
  LEFT JOIN journal_line l ON l.actual_id = a.actual_id
  WHERE NOT a.deleted AND NOT a.skip_sync
    AND ((l.actual_id IS NULL AND a.created_on < $1)
      OR (l.status <> 'Posted' AND l.first_seen_at < $1)
      OR (a.voucher IS NULL AND NOT coalesce(l.status = 'Posted' AND l.voucher <> '', false)
          AND a.created_on < $1 AND ($2::timestamptz IS NULL OR a.created_on >= $2)))
    AND ${ACTUAL_NOT_OPEN}`;

/**
 * (g) MISSING_TRANSACTION_CONNECTION (connection.rules.ts): billed sales with no connection in
 * which they are BilledSales and the other end UnbilledSales; positive unbilled sales of a
 * cost-bearing source (time entry, expense, vendor invoice line) with none in which they are
 * UnbilledSales and the other end Cost; either way round; past the grace after createdOn. Two
 * hash anti-joins (one per side of the connection) over the sales actuals only.
 */
const UNCONNECTED_SALES = `
  SELECT 'actual' AS kind, a.actual_id AS id
  FROM actual a
  WHERE NOT a.deleted AND NOT a.skip_sync AND a.created_on < $1
    AND (a.transaction_type = 'BilledSales'
         OR (a.transaction_type = 'UnbilledSales' AND a.amount > 0
             AND a.source_document_type IN ('timeEntry', 'expense', 'vendorInvoiceLine')))
    AND NOT EXISTS (SELECT 1 FROM transaction_connection c
                    WHERE c.transaction1_id = a.actual_id AND c.transaction1_role = a.transaction_type
                      AND c.transaction2_role = CASE a.transaction_type WHEN 'BilledSales' THEN 'UnbilledSales' ELSE 'Cost' END)
    AND NOT EXISTS (SELECT 1 FROM transaction_connection c
                    WHERE c.transaction2_id = a.actual_id AND c.transaction2_role = a.transaction_type
                      AND c.transaction1_role = CASE a.transaction_type WHEN 'BilledSales' THEN 'UnbilledSales' ELSE 'Cost' END)
    AND ${ACTUAL_NOT_OPEN}`;

export interface HoldingCandidates {
  keys: RecordKey[];
  /** How many each query found (a record may be found by more than one). */
  found: { documents: number; unpublished: number; actuals: number; sales: number };
}

/**
 * Sets up the transaction the candidate queries run in; call first. One snapshot for all of them
 * (each leaves out what was open in it). The queries return few rows out of millions, which the
 * planner cannot foresee: it would price gathering rows from parallel workers as if every row
 * came back, and scan the whole tables on one core; and it would compile them (JIT) for a second
 * or more.
 */
export async function beginCandidateSearch(runner: QueryRunner): Promise<void> {
  await runner.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  await runner.query('SET LOCAL parallel_tuple_cost = 0.001');
  await runner.query('SET LOCAL jit = off');
}

/** (a) and (h): the open records to evaluate again, and every map; `open` counts every open record. */
export async function findOpenRecords(
  runner: QueryRunner,
  now: Date,
  rulesVersion: string,
): Promise<{ keys: RecordKey[]; open: number }> {
  const changed = (await runner.query(OPEN_CHANGED_AND_MAPS, [rulesVersion, now])) as RecordKey[];
  const [{ open }] = (await runner.query(OPEN_COUNT)) as [{ open: number }];
  const maps = (await runner.query(MAPS)) as RecordKey[];
  return { keys: [...changed.map(({ kind, id }) => ({ kind, id })), ...maps], open };
}

/**
 * (b)–(g) and (i): the records with no open discrepancy for which a rule may hold at `now` (or
 * whose status was never published). With findOpenRecords, a superset of the records that need
 * a transition, found by a few set-based queries over the whole tables; the rules stay the only
 * judge, the caller evaluates every candidate. Run both in one snapshot: each query leaves out
 * the records that had an open discrepancy in it. A new rule needs its candidates found here.
 */
export async function findHoldingRecords(
  runner: QueryRunner,
  now: Date,
  rules: RulesConfig,
): Promise<HoldingCandidates> {
  const { graceCut, lookbackCut } = sweepCutoffs(now, rules);
  const run = async (sql: string, params: unknown[]) => (await runner.query(sql, params)) as RecordKey[];
  const documents = await run(DOCUMENTS, [graceCut]);
  const unpublished = await run(UNPUBLISHED_DOCUMENTS, []);
  const actuals = await run(ACTUALS, [graceCut, lookbackCut]);
  const sales = await run(UNCONNECTED_SALES, [graceCut]);
  return {
    keys: [...documents, ...unpublished, ...actuals, ...sales],
    found: {
      documents: documents.length,
      unpublished: unpublished.length,
      actuals: actuals.length,
      sales: sales.length,
    },
  };
}
