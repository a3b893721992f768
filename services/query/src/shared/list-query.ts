import { RequestValidationError } from '@po-sync/auth';
import { IsoDateSchema, LegalEntitySchema } from '@po-sync/contracts';
import { z } from 'zod';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** The filters every list and the summary take (DESIGN §5). */
export const filterShape = {
  legalEntity: LegalEntitySchema.optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  q: z.string().trim().min(1).max(200).optional(),
};

export const pageShape = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z.string().min(1).max(2048).optional(),
};

export interface DateWindow {
  from: string;
  to: string;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The workspace's window: from the start of the previous year to today (UTC), each end replaceable.
 * `unbounded` lists (the logs, the dead letters) default to no limit instead: they are complete by default.
 */
export function dateWindow(
  query: { from?: string; to?: string },
  now: Date,
  unbounded = false,
): DateWindow | { from: string | null; to: string | null } {
  const from = query.from ?? (unbounded ? null : `${now.getUTCFullYear() - 1}-01-01`);
  const to = query.to ?? (unbounded ? null : isoDay(now));
  if (from !== null && to !== null && from > to) {
    throw new RequestValidationError([
      `query.from (${from}) must not be after query.to (${to})${query.to ? '' : ', which defaults to today'}`,
    ]);
  }
  return { from, to };
}

/** The default window, always bounded. */
export function defaultWindow(query: { from?: string; to?: string }, now: Date): DateWindow {
  return dateWindow(query, now) as DateWindow;
}

/** `{ rows, count, totals, nextCursor }`: count and totals are over the whole filtered set. */
export interface ListResult<Row> {
  rows: Row[];
  count: number;
  totals: { currency: string; amount: string }[];
  nextCursor: string | null;
}
