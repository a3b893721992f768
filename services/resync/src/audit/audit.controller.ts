import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@po-sync/auth';
import { z } from 'zod';
import { AuditRepository } from './audit.repository';

const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().regex(/^\d+$/).optional(),
  })
  .strict();

@ApiTags('audit')
@Roles('operator')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Every operator action, newest first: who (token name), when, what, how many records, outcome',
  })
  @ApiOkResponse({ description: '{ entries, nextCursor }' })
  async list(@Query(new ZodValidationPipe(AuditQuery)) query: z.output<typeof AuditQuery>) {
    const entries = await this.audit.list(query.limit, query.cursor ?? null);
    const last = entries[entries.length - 1] as { id?: string } | undefined;
    return { entries, nextCursor: entries.length === query.limit ? (last?.id ?? null) : null };
  }
}
