import { createHash } from 'node:crypto';
import * as rules from '../rules';
import type { RulesConfig } from '../rules';

/**
 * What the rules are, as text: every export of the rules module (functions by their source,
 * constants by value) and their settings. A deployment that changes a rule, a cause's wording or
 * the grace period gets another version, so no stored evaluation matches it and the next sweep
 * evaluates every open discrepancy again.
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

/** The record kind whose evaluation holds a discrepancy of this document type (EvaluationService). */
export const KIND_OF_DOCUMENT_TYPE = `CASE document_type
    WHEN 'actual' THEN 'actual' WHEN 'transactionConnection' THEN 'actual'
    WHEN 'dualWriteMap' THEN 'map' ELSE 'document' END`;
