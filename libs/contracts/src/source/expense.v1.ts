import { z } from 'zod';
import { CurrencyCodeSchema } from '../currencies';
import { DecimalStringSchema } from '../money';
import {
  IdSchema,
  IsoDateOrInstantSchema,
  IsoInstantSchema,
  LegalEntitySchema,
  TextSchema,
} from '../primitives';

/** `finance.expenses.v1` — an expense report line from Finance. DESIGN §3. */
export const EXPENSE_ENTITY = 'expense';

export const EXPENSE_STATUSES = ['Approved', 'Posted', 'Paid'] as const;
export const ExpenseStatusSchema = z.enum(EXPENSE_STATUSES);
export type ExpenseStatus = z.infer<typeof ExpenseStatusSchema>;

export const ExpenseKeySchema = z.object({ expenseId: IdSchema });
export type ExpenseKey = z.infer<typeof ExpenseKeySchema>;

export const ExpenseDataSchema = ExpenseKeySchema.extend({
  expenseReportId: IdSchema,
  legalEntity: LegalEntitySchema,
  projectId: IdSchema,
  category: TextSchema,
  amount: DecimalStringSchema,
  currency: CurrencyCodeSchema,
  transactionDate: IsoDateOrInstantSchema,
  status: ExpenseStatusSchema,
  voucher: IdSchema.nullish(),
  postedAt: IsoInstantSchema.nullish(),
});
export type ExpenseData = z.infer<typeof ExpenseDataSchema>;
