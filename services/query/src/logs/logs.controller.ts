import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@po-sync/auth';
import type { JournalLog } from '@po-sync/contracts';
import { z } from 'zod';
import { dateWindow, filterShape, pageShape } from '../shared/list-query';
import { LogsRepository } from './logs.repository';

const LogQuery = z
  .object({ resolved: z.enum(['true', 'false']).optional(), ...filterShape, ...pageShape })
  .strict();
// A name of its own: decorator metadata would otherwise name the schema object as the parameter type.
type LogParams = z.output<typeof LogQuery>;

const { legalEntity: _le, ...deadLetterFilters } = filterShape;
const DeadLetterQuery = z
  .object({ sourceTopic: z.string().min(1).max(256).optional(), ...deadLetterFilters, ...pageShape })
  .strict();

const LOG_DESCRIPTION =
  'Every entry ever logged, most recent first: nothing truncated, nothing expired. from/to (YYYY-MM-DD) on the ' +
  'entry date, open by default; legalEntity; resolved (true: a later run succeeded); q: a substring of the actual, ' +
  'error code or message; limit, cursor.';

@ApiTags('logs')
@Roles('viewer')
@Controller('v1')
export class LogsController {
  constructor(private readonly logs: LogsRepository) {}

  @Get('logs/integration-journal')
  @ApiOperation({
    summary: 'The import-from-staging and posting troubleshooting log',
    description: LOG_DESCRIPTION,
  })
  @ApiOkResponse({ description: '{ rows, count, totals: [], nextCursor }' })
  @ApiBadRequestResponse({ description: 'a malformed parameter; the message says what is allowed' })
  integrationJournal(@Query(new ZodValidationPipe(LogQuery)) query: LogParams) {
    return this.list('integrationJournal', query);
  }

  @Get('logs/invoice-proposals')
  @ApiOperation({ summary: 'The invoice proposal troubleshooting log', description: LOG_DESCRIPTION })
  @ApiOkResponse({ description: '{ rows, count, totals: [], nextCursor }' })
  @ApiBadRequestResponse({ description: 'a malformed parameter; the message says what is allowed' })
  invoiceProposals(@Query(new ZodValidationPipe(LogQuery)) query: LogParams) {
    return this.list('invoiceProposal', query);
  }

  @Get('dead-letters')
  @ApiOperation({
    summary: 'Messages that could not be processed (ingestion.dead-letter.v1), most recent first',
    description:
      'With their original bytes (base64), topic, partition, offset and reason. from/to on the day received, open ' +
      'by default; sourceTopic; q: a substring of the topic, service or reason; limit, cursor.',
  })
  @ApiOkResponse({ description: '{ rows, count, totals: [], nextCursor }' })
  @ApiBadRequestResponse({ description: 'a malformed parameter; the message says what is allowed' })
  deadLetters(@Query(new ZodValidationPipe(DeadLetterQuery)) query: z.output<typeof DeadLetterQuery>) {
    const { limit, cursor, q, sourceTopic } = query;
    return this.logs.deadLetters(
      { q, sourceTopic, window: dateWindow(query, new Date(), true) },
      { limit, cursor },
    );
  }

  private list(log: JournalLog, query: LogParams) {
    const { limit, cursor, q, legalEntity, resolved } = query;
    return this.logs.journalLog(
      log,
      {
        q,
        legalEntity,
        resolved: resolved === undefined ? undefined : resolved === 'true',
        window: dateWindow(query, new Date(), true),
      },
      { limit, cursor },
    );
  }
}
