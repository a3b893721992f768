import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@po-sync/auth';
import { z } from 'zod';
import { defaultWindow, filterShape } from '../shared/list-query';
import { SummaryRepository } from './summary.repository';
import { toSummaryEntry } from './summary.view';

const SummaryQuery = z.object(filterShape).strict();

@ApiTags('workspace summary')
@Roles('viewer')
@Controller('v1/summary')
export class SummaryController {
  constructor(private readonly summary: SummaryRepository) {}

  @Get()
  @ApiOperation({
    summary:
      'Unreconciled expense and vendor invoice amounts and the four tiles, per legal entity and currency',
    description:
      'Tiles: expense / vendor invoice × missing actuals / missing journal lines (missing or not posted), each ' +
      '{ count, amount }. Unreconciled = missing actuals + missing journal lines (DESIGN §4). ' +
      'legalEntity, from/to (YYYY-MM-DD, on the document date; default 1 January of the previous year to today), q.',
  })
  @ApiOkResponse({ description: '{ from, to, legalEntity, q, rows: [{ legalEntity, currency, …, tiles }] }' })
  @ApiBadRequestResponse({ description: 'a malformed parameter; the message says what is allowed' })
  async get(@Query(new ZodValidationPipe(SummaryQuery)) query: z.output<typeof SummaryQuery>) {
    const window = defaultWindow(query, new Date());
    const rows = await this.summary.totals({ legalEntity: query.legalEntity, q: query.q, window });
    return {
      ...window,
      legalEntity: query.legalEntity ?? null,
      q: query.q ?? null,
      rows: rows.map(toSummaryEntry),
    };
  }
}
