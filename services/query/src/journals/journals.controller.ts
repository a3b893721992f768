import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@po-sync/auth';
import { JOURNAL_STATUSES } from '@po-sync/contracts';
import { z } from 'zod';
import { defaultWindow, filterShape, pageShape } from '../shared/list-query';
import { JournalsRepository } from './journals.repository';

const JournalsQuery = z
  .object({ status: z.enum([...JOURNAL_STATUSES, 'pending']).optional(), ...filterShape, ...pageShape })
  .strict();

@ApiTags('journals')
@Roles('viewer')
@Controller('v1/journals')
export class JournalsController {
  constructor(private readonly journals: JournalsRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Integration journals and invoice proposals with their lines, pending postings first',
    description:
      `status: ${JOURNAL_STATUSES.join(' | ')} | pending (every status but Posted); legalEntity; from/to on the ` +
      'document date of the lines’ actuals; q: a substring of a journal, line, actual, project or voucher; ' +
      'limit, cursor. count is the number of journals, totals the line amounts, both over the whole filter.',
  })
  @ApiOkResponse({
    description: '{ rows: [{ journalId, status, …, lines }], count, lineCount, totals, nextCursor }',
  })
  @ApiBadRequestResponse({ description: 'an unknown status or a malformed parameter' })
  list(@Query(new ZodValidationPipe(JournalsQuery)) query: z.output<typeof JournalsQuery>) {
    const { status, legalEntity, q, limit, cursor } = query;
    return this.journals.list(
      { status, legalEntity, q, window: defaultWindow(query, new Date()) },
      { limit, cursor },
    );
  }
}
