import type { ConnectionRole, SourceDocumentType } from '@po-sync/contracts';
import { ExactDecimal } from './rule-helpers';
import type { ActualSnapshot, ConnectionSnapshot } from './rules.types';

/** The connection an actual's import needs: its own role, and the role of the actual at the other end. */
export interface RequiredConnection {
  own: ConnectionRole;
  other: ConnectionRole;
}

/** Sources that always create a cost actual beside the unbilled sales one (DESIGN §1, reference §2.1–2.3). */
const COST_BEARING_SOURCES: ReadonlySet<SourceDocumentType> = new Set([
  'timeEntry',
  'expense',
  'vendorInvoiceLine',
]);

/**
 * DESIGN §4 says only "the connection its import needs":
 * - billed sales become invoice proposal lines only through their link to the
 *   unbilled sales they invoice (the journal rejects them without it);
 * - billed sales are imported only after the related cost and unbilled sales are
 *   posted (reference §2.4), and the cost is found through the unbilled sales'
 *   link to it, so unbilled sales need their cost connection. Only when the source
 *   always has a cost: fee and milestone unbilled sales, or ones from a general
 *   journal, have none, and an unknown source (entry journal, none) could be either;
 *   flagging those would send accountants after connections that cannot exist.
 *   Negative unbilled sales are reversals, tied to their original rather than to a cost.
 * Cost actuals need no connection to be imported.
 */
export function requiredConnection(actual: ActualSnapshot): RequiredConnection | null {
  switch (actual.transactionType) {
    case 'BilledSales':
      return { own: 'BilledSales', other: 'UnbilledSales' };
    case 'UnbilledSales': {
      const costBearing =
        actual.sourceDocumentType !== null && COST_BEARING_SOURCES.has(actual.sourceDocumentType);
      return costBearing && new ExactDecimal(actual.amount).gt(0)
        ? { own: 'UnbilledSales', other: 'Cost' }
        : null;
    }
    case 'Cost':
      return null;
  }
}

/** Ids of the actuals linked to `actualId` in the required roles, either side of the connection, sorted. */
export function connectedActualIds(
  actualId: string,
  required: RequiredConnection,
  connections: readonly ConnectionSnapshot[],
): string[] {
  const ids = new Set<string>();
  for (const c of connections) {
    if (
      c.transaction1Id === actualId &&
      c.transaction1Role === required.own &&
      c.transaction2Role === required.other
    ) {
      ids.add(c.transaction2Id);
    } else if (
      c.transaction2Id === actualId &&
      c.transaction2Role === required.own &&
      c.transaction1Role === required.other
    ) {
      ids.add(c.transaction1Id);
    }
  }
  return [...ids].sort();
}
