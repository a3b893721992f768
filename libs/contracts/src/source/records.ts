import type { z } from 'zod';
import type { SourceEntity } from '../envelope';
import {
  actualRecordId,
  dualWriteMapRecordId,
  expenseRecordId,
  setupRecordId,
  transactionConnectionRecordId,
  vendorInvoiceLineRecordId,
} from '../record-id';
import { ACTUAL_ENTITY, ActualDataSchema, ActualKeySchema } from './actual.v1';
import { DUAL_WRITE_MAP_ENTITY, DualWriteMapDataSchema, DualWriteMapKeySchema } from './dual-write-map.v1';
import { EXPENSE_ENTITY, ExpenseDataSchema, ExpenseKeySchema } from './expense.v1';
import { SETUP_ENTITY, SetupDataSchema, SetupKeySchema } from './setup.v1';
import {
  TRANSACTION_CONNECTION_ENTITY,
  TransactionConnectionDataSchema,
  TransactionConnectionKeySchema,
} from './transaction-connection.v1';
import {
  VENDOR_INVOICE_LINE_ENTITY,
  VendorInvoiceLineDataSchema,
  VendorInvoiceLineKeySchema,
} from './vendor-invoice-line.v1';

/**
 * One place that binds each source entity to its inbound topic, its canonical
 * topic, its schemas and its record id, so topics.ts and canonical.v1.ts cannot
 * disagree. The type parameters make the compiler check that full records carry
 * every key field (`recordId` is called with either).
 */
export interface SourceRecordDefinition<
  E extends SourceEntity = SourceEntity,
  S extends string = string,
  C extends string = string,
  K extends z.ZodTypeAny = z.ZodTypeAny,
  D extends z.ZodType<z.output<K>, z.ZodTypeDef, unknown> = z.ZodTypeAny,
> {
  entity: E;
  sourceTopic: S;
  canonicalTopic: C;
  /** The full record, carried by `upsert`. */
  data: D;
  /** Only the record-id fields, all a `delete` needs. */
  key: K;
  recordId: (key: z.output<K>) => string;
}

function define<
  const E extends SourceEntity,
  const S extends string,
  const C extends string,
  K extends z.ZodTypeAny,
  D extends z.ZodType<z.output<K>, z.ZodTypeDef, unknown>,
>(definition: SourceRecordDefinition<E, S, C, K, D>): SourceRecordDefinition<E, S, C, K, D> {
  return definition;
}

export const SOURCE_RECORDS = {
  msdyn_actual: define({
    entity: ACTUAL_ENTITY,
    sourceTopic: 'dataverse.actuals.v1',
    canonicalTopic: 'ingestion.actuals.v1',
    data: ActualDataSchema,
    key: ActualKeySchema,
    recordId: actualRecordId,
  }),
  msdyn_transactionconnection: define({
    entity: TRANSACTION_CONNECTION_ENTITY,
    sourceTopic: 'dataverse.transaction-connections.v1',
    canonicalTopic: 'ingestion.transaction-connections.v1',
    data: TransactionConnectionDataSchema,
    key: TransactionConnectionKeySchema,
    recordId: transactionConnectionRecordId,
  }),
  expense: define({
    entity: EXPENSE_ENTITY,
    sourceTopic: 'finance.expenses.v1',
    canonicalTopic: 'ingestion.expenses.v1',
    data: ExpenseDataSchema,
    key: ExpenseKeySchema,
    recordId: expenseRecordId,
  }),
  vendor_invoice_line: define({
    entity: VENDOR_INVOICE_LINE_ENTITY,
    sourceTopic: 'finance.vendor-invoices.v1',
    canonicalTopic: 'ingestion.vendor-invoice-lines.v1',
    data: VendorInvoiceLineDataSchema,
    key: VendorInvoiceLineKeySchema,
    recordId: vendorInvoiceLineRecordId,
  }),
  dual_write_map: define({
    entity: DUAL_WRITE_MAP_ENTITY,
    sourceTopic: 'finance.dual-write-maps.v1',
    canonicalTopic: 'ingestion.dual-write-maps.v1',
    data: DualWriteMapDataSchema,
    key: DualWriteMapKeySchema,
    recordId: dualWriteMapRecordId,
  }),
  setup: define({
    entity: SETUP_ENTITY,
    sourceTopic: 'finance.setup.v1',
    canonicalTopic: 'ingestion.setup.v1',
    data: SetupDataSchema,
    key: SetupKeySchema,
    recordId: setupRecordId,
  }),
} as const satisfies { [E in SourceEntity]: { entity: E } };
