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
 * Documents whose MISSING_ACTUAL (b) or AMOUNT_MISMATCH (c) may hold, and (i) documents never
 * evaluated (no published status). One scan of document: the facts about its live cost actuals
 * (evaluateDocument counts those referencing it whose source document type is its own or null)
 * are kept on the row by triggers (migration SweepFacts1765300000000) —
 * - none: MISSING_ACTUAL;
 * - past the grace after the newest one's creation, several currencies, or one other than the
 *   document's with a non-zero amount on either side, or the document's with a different sum:
 *   AMOUNT_MISMATCH (the rules decide; a zero gap in another currency is a harmless candidate).
 */
const DOCUMENTS = `
  SELECT 'document' AS kind, d.record_id AS id
  FROM document d
  WHERE NOT d.deleted
    AND (NOT d.status_published
      OR (${DOCUMENT_SETTLED}
          AND (d.cost_actuals = 0
               OR (d.cost_newest < $1
                   AND (d.cost_currency_min <> d.cost_currency_max
                        OR (d.cost_currency_min = d.currency AND d.cost_total <> d.amount)
                        OR (d.cost_currency_min <> d.currency AND (d.cost_total <> 0 OR d.amount <> 0)))))
          AND ${DOCUMENT_NOT_OPEN}))`;

/**
 * Actuals whose journal-line findings (evaluateActual) may hold; never deleted or skip-sync
 * ones. One scan of actual: when its journal line was first seen and whether it is posted with a
 * voucher are kept on the row by triggers (migration SweepFacts1765300000000) —
 * - (d) MISSING_JOURNAL_LINE: no line, past the grace after createdOn;
 * - (e) JOURNAL_NOT_POSTED: a line not posted (a Posted one with no voucher too: a harmless
 *   extra candidate), past the grace after the line was first seen;
 * - (f) OUT_OF_SYNC_ACTUAL: no voucher, past the grace after createdOn, inside the look-back
 *   ($2, null = unlimited). The evaluation counts a posted line's voucher as the actual's (the
 *   write-back is on its way), so only an actual with neither is a candidate.
 */
const ACTUALS = `
  SELECT 'actual' AS kind, a.actual_id AS id
  FROM actual a
  WHERE NOT a.deleted AND NOT a.skip_sync
    AND ((a.line_first_seen_at IS NULL AND a.created_on < $1)
      OR (NOT a.line_posted AND a.line_first_seen_at < $1)
      OR (a.voucher IS NULL AND NOT coalesce(a.line_posted, false)
          AND a.created_on < $1 AND ($2::timestamptz IS NULL OR a.created_on >= $2)))
    AND ${ACTUAL_NOT_OPEN}`;

/**
 * (g) MISSING_TRANSACTION_CONNECTION (connection.rules.ts): billed sales with no connection in
 * which they are BilledSales and the other end UnbilledSales; positive unbilled sales of a
 * cost-bearing source (time entry, expense, vendor invoice line) with none in which they are
 * UnbilledSales and the other end Cost; either way round; past the grace after createdOn. The
 * sales actuals only (partial index actual_sales), each looked up in the connections by index.
 */
const UNCONNECTED_SALES = `
  SELECT 'actual' AS kind, a.actual_id AS id
  FROM actual a
  WHERE a.transaction_type IN ('BilledSales', 'UnbilledSales') AND NOT a.deleted AND NOT a.skip_sync
    AND a.created_on < $1
    AND (a.transaction_type = 'BilledSales'
         OR (a.amount > 0 AND a.source_document_type IN ('timeEntry', 'expense', 'vendorInvoiceLine')))
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
  found: { documents: number; actuals: number; sales: number };
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
  const actuals = await run(ACTUALS, [graceCut, lookbackCut]);
  const sales = await run(UNCONNECTED_SALES, [graceCut]);
  return {
    keys: [...documents, ...actuals, ...sales],
    found: {
      documents: documents.length,
      actuals: actuals.length,
      sales: sales.length,
    },
  };
}
