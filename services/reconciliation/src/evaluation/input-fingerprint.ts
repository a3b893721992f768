import { createHash } from 'node:crypto';
import * as rules from '../rules';
import type { RulesConfig } from '../rules';

/**
 * What the rules are, as text: every export of the rules module (functions by their source,
 * constants by value) and their settings. A deployment that changes a rule, a cause's wording or
 * the grace period gets another version, so every stored input fingerprint stops matching and the
 * next sweep evaluates every open discrepancy again.
 */
export function rulesVersion(config: RulesConfig): string {
  const hash = createHash('sha1');
  for (const name of Object.keys(rules).sort()) {
    const value = (rules as Record<string, unknown>)[name];
    hash.update(`${name}=${typeof value === 'function' ? value.toString() : JSON.stringify(value)}\n`);
  }
  hash.update(JSON.stringify(config));
  return hash.digest('hex');
}

/**
 * The fingerprint of everything an evaluation of record `k` reads (EvaluationService.evaluate):
 * for a document, its rows, the actuals that reference it with their journal lines; for an
 * actual, its row and line, its connections with the lines of both ends; for either, its open
 * discrepancies. `$1` is the rules version. Whole rows as text, so any column that changes —
 * an actual re-pointed elsewhere, a line posted, a connection added — changes the fingerprint.
 * `k` is a relation with columns `kind` and `id` in the surrounding query.
 */
export const INPUT_FINGERPRINT = `md5($1::text || '#' || CASE k.kind
  WHEN 'document' THEN
    coalesce((SELECT string_agg(d::text, '|' ORDER BY d.document_type) FROM document d WHERE d.record_id = k.id), '')
    || '#' || coalesce((SELECT string_agg(a::text || '~' || coalesce(l::text, ''), '|' ORDER BY a.actual_id)
                        FROM actual a LEFT JOIN journal_line l ON l.actual_id = a.actual_id
                        WHERE a.source_document_id = k.id), '')
    || '#' || coalesce((SELECT string_agg(x::text, '|' ORDER BY x.discrepancy_id) FROM discrepancy x
                        WHERE x.record_id = k.id AND x.status <> 'resolved'
                          AND x.document_type IN ('expense', 'vendorInvoiceLine')), '')
  WHEN 'actual' THEN
    coalesce((SELECT a::text || '~' || coalesce(l::text, '')
              FROM actual a LEFT JOIN journal_line l ON l.actual_id = a.actual_id WHERE a.actual_id = k.id), '')
    || '#' || coalesce((SELECT string_agg(c::text || '~' || coalesce(l1::text, '') || '~' || coalesce(l2::text, ''),
                                          '|' ORDER BY c.connection_id)
                        FROM transaction_connection c
                        LEFT JOIN journal_line l1 ON l1.actual_id = c.transaction1_id
                        LEFT JOIN journal_line l2 ON l2.actual_id = c.transaction2_id
                        WHERE c.transaction1_id = k.id OR c.transaction2_id = k.id), '')
    || '#' || coalesce((SELECT string_agg(x::text, '|' ORDER BY x.discrepancy_id) FROM discrepancy x
                        WHERE x.record_id = k.id AND x.status <> 'resolved'
                          AND x.document_type IN ('actual', 'transactionConnection')), '')
  ELSE '' END)`;
