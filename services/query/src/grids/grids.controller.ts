import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@po-sync/auth';
import { z } from 'zod';
import { defaultWindow, filterShape, pageShape } from '../shared/list-query';
import { GRID_VIEWS, VIEW_STATUSES } from './grids.filters';
import { GridsRepository } from './grids.repository';

const GridQuery = z
  .object({ view: z.enum(GRID_VIEWS).default('all'), ...filterShape, ...pageShape })
  .strict();
// A name of its own: decorator metadata would otherwise name the schema object as the parameter type.
type GridParams = z.output<typeof GridQuery>;

const DESCRIPTION =
  'view: missing-actuals | missing-journal-lines (missing or not posted) | all | reconciled. ' +
  'from/to (YYYY-MM-DD) on the document date, default from 1 January of the previous year to today; ' +
  'q: a substring of the record id, project, category, voucher, journal or journal voucher; ' +
  'limit (default 50, at most 500) and cursor (the nextCursor of the previous page). ' +
  'count, totals (document amounts) and unreconciledTotals are over every row of the filter, not the page.';

@ApiTags('workspace grids')
@Roles('viewer')
@Controller('v1')
export class GridsController {
  constructor(private readonly grids: GridsRepository) {}

  @Get('expenses')
  @ApiOperation({ summary: 'The expense grid of the workspace', description: DESCRIPTION })
  @ApiOkResponse({
    description: '{ rows, count, totals: [{ currency, amount }], unreconciledTotals, nextCursor }',
  })
  @ApiBadRequestResponse({
    description: 'an unknown view or a malformed parameter; the message says what is allowed',
  })
  expenses(@Query(new ZodValidationPipe(GridQuery)) query: GridParams) {
    return this.list('expense', query);
  }

  @Get('vendor-invoice-lines')
  @ApiOperation({ summary: 'The vendor invoice lines grid of the workspace', description: DESCRIPTION })
  @ApiOkResponse({
    description: '{ rows, count, totals: [{ currency, amount }], unreconciledTotals, nextCursor }',
  })
  @ApiBadRequestResponse({
    description: 'an unknown view or a malformed parameter; the message says what is allowed',
  })
  vendorInvoiceLines(@Query(new ZodValidationPipe(GridQuery)) query: GridParams) {
    return this.list('vendorInvoiceLine', query);
  }

  private list(documentType: 'expense' | 'vendorInvoiceLine', query: GridParams) {
    const { view, legalEntity, q, limit, cursor } = query;
    return this.grids.list(
      {
        documentType,
        legalEntity,
        q,
        window: defaultWindow(query, new Date()),
        statuses: VIEW_STATUSES[view],
      },
      { limit, cursor },
    );
  }
}
