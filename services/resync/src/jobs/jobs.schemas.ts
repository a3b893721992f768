import { z } from 'zod';

export const RESYNC_SCOPES = [
  'out-of-sync-actuals',
  'actuals',
  'transaction-connections',
  'documents',
] as const;
export type ResyncScope = (typeof RESYNC_SCOPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-01');

/** POST /v1/resync-jobs (DESIGN.md §5). */
export const CreateResyncJobSchema = z
  .object({
    scope: z.enum(RESYNC_SCOPES),
    ids: z.array(z.string().min(1).max(256)).min(1).max(100_000).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    legalEntity: z.string().min(1).max(64).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.scope === 'actuals' || body.scope === 'documents') && !body.ids) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['ids'],
        message: `is required for scope ${body.scope}`,
      });
    }
    if (body.from && body.to && body.from > body.to) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'must not be before from' });
    }
  });
export type CreateResyncJob = z.output<typeof CreateResyncJobSchema>;
