import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiError, type Caller, CurrentCaller, Roles, ZodValidationPipe } from '@po-sync/auth';
import { z } from 'zod';
import { JobsRepository } from './jobs.repository';
import { type CreateResyncJob, CreateResyncJobSchema } from './jobs.schemas';
import { JobsService } from './jobs.service';

const ItemsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    cursor: z.string().max(256).optional(),
  })
  .strict();
const JobsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    before: z.string().datetime().optional(),
  })
  .strict();

@ApiTags('resync jobs')
@Roles('operator')
@Controller('v1/resync-jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly repository: JobsRepository,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a resync job over a scope',
    description:
      'Body: { scope: out-of-sync-actuals | actuals | transaction-connections | documents, ids?, from?, to? (YYYY-MM-DD, on the accounting date), legalEntity?, dryRun? }. ' +
      'Records whose journal line is pending posting are skipped with the reason. One running job per scope.',
  })
  @ApiAcceptedResponse({ description: '{ jobId, status, selected, skipped: [{ id, reason }] }' })
  @ApiBadRequestResponse({
    description: 'the body is malformed; the message names each bad field and what is allowed',
  })
  @ApiConflictResponse({ description: 'a job for this scope is already running' })
  create(
    @Body(new ZodValidationPipe(CreateResyncJobSchema)) body: CreateResyncJob,
    @CurrentCaller() caller: Caller,
  ) {
    return this.jobs.create(body, caller);
  }

  @Get()
  @ApiOperation({ summary: 'Resync jobs, newest first (cursor: before = createdAt of the last row)' })
  @ApiOkResponse({ description: '{ jobs, nextCursor }' })
  async list(@Query(new ZodValidationPipe(JobsQuery)) query: z.output<typeof JobsQuery>) {
    const jobs = await this.repository.jobs(query.limit, query.before ? new Date(query.before) : null);
    const last = jobs[jobs.length - 1];
    return {
      jobs,
      nextCursor: jobs.length === query.limit && last ? new Date(last.createdAt).toISOString() : null,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A job: status, progress and per-item outcome (items paginated by cursor)' })
  @ApiNotFoundResponse({ description: 'no such job' })
  async get(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Query(new ZodValidationPipe(ItemsQuery)) query: z.output<typeof ItemsQuery>,
  ) {
    const job = await this.jobs.get(id);
    if (!job) throw new ApiError(404, 'RESYNC.JOB_NOT_FOUND', `no resync job ${id}`);
    const items = await this.repository.items(id, query.limit, query.cursor ?? null);
    const last = items[items.length - 1];
    const progress = job.selected === 0 ? 1 : job.sent / job.selected;
    return {
      ...job,
      progress,
      items,
      nextCursor: items.length === query.limit && last ? last.recordId : null,
    };
  }
}
