import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller, Roles, ZodValidationPipe } from '@po-sync/auth';
import type { z } from 'zod';
import { ImportFromStagingSchema, PostDraftJournalsSchema } from './remedies.schemas';
import { RemediesService } from './remedies.service';

@ApiTags('remedies')
@Roles('operator')
@Controller('v1/remedies')
export class RemediesController {
  constructor(private readonly remedies: RemediesService) {}

  @Post('import-from-staging')
  @HttpCode(202)
  @ApiOperation({ summary: 'Import from staging (all staged actuals, or { actualIds })' })
  @ApiAcceptedResponse({ description: '{ commandId }' })
  @ApiBadRequestResponse({ description: 'malformed body' })
  importFromStaging(
    @Body(new ZodValidationPipe(ImportFromStagingSchema)) body: z.output<typeof ImportFromStagingSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.remedies.importFromStaging(body.actualIds, caller);
  }

  @Post('post-draft-journals')
  @HttpCode(202)
  @ApiOperation({ summary: 'Post draft journals (all, or { journalIds })' })
  @ApiAcceptedResponse({ description: '{ commandId }' })
  @ApiBadRequestResponse({ description: 'malformed body' })
  postDraftJournals(
    @Body(new ZodValidationPipe(PostDraftJournalsSchema)) body: z.output<typeof PostDraftJournalsSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.remedies.postDraftJournals(body.journalIds, caller);
  }
}
