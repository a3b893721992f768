import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@po-sync/auth';
import { DISCREPANCY_TYPES, DOCUMENT_TYPES } from '@po-sync/contracts';
import { z } from 'zod';
import { defaultWindow, filterShape, pageShape } from '../shared/list-query';
import { DiscrepanciesRepository, STATUS_FILTERS } from './discrepancies.repository';
import { dualWriteMapEntries } from './dual-write-maps';

const DiscrepanciesQuery = z
  .object({
    type: z.enum(DISCREPANCY_TYPES).optional(),
    status: z.enum(STATUS_FILTERS).optional(),
    documentType: z.enum(DOCUMENT_TYPES).optional(),
    ...filterShape,
    ...pageShape,
  })
  .strict();
const OutOfSyncQuery = z.object({ ...filterShape, ...pageShape }).strict();

@ApiTags('discrepancies')
@Roles('viewer')
@Controller('v1')
export class DiscrepanciesController {
  constructor(private readonly discrepancies: DiscrepanciesRepository) {}

  @Get('discrepancies')
  @ApiOperation({
    summary: 'Discrepancies in their latest state, newest detection first',
    description:
      `type: ${DISCREPANCY_TYPES.join(' | ')}; status: open | updated | resolved | unresolved (open or updated); ` +
      `documentType: ${DOCUMENT_TYPES.join(' | ')}; legalEntity; from/to on the record's document date ` +
      '(records without one, such as dual-write maps, are in every window); q: a substring of the id, record, project ' +
      'or legal entity; limit, cursor. count and totals cover the whole filter.',
  })
  @ApiOkResponse({ description: '{ rows, count, totals: [{ currency, amount }], nextCursor }' })
  @ApiBadRequestResponse({ description: 'an unknown type/status or a malformed parameter' })
  list(@Query(new ZodValidationPipe(DiscrepanciesQuery)) query: z.output<typeof DiscrepanciesQuery>) {
    const { limit, cursor, from: _f, to: _t, ...filter } = query;
    return this.discrepancies.list(
      { ...filter, window: defaultWindow(query, new Date()) },
      { limit, cursor },
    );
  }

  @Get('actuals/out-of-sync')
  @ApiOperation({
    summary: 'Open OUT_OF_SYNC_ACTUAL discrepancies: actuals expected in Finance with no voucher',
    description:
      'Unlike the workspace page, shown after the configurable grace period and for any window. ' +
      'legalEntity, from/to on the actual’s document date, q, limit, cursor.',
  })
  @ApiOkResponse({ description: '{ rows, count, totals: [{ currency, amount }], nextCursor }' })
  @ApiBadRequestResponse({ description: 'a malformed parameter; the message says what is allowed' })
  outOfSync(@Query(new ZodValidationPipe(OutOfSyncQuery)) query: z.output<typeof OutOfSyncQuery>) {
    const { limit, cursor, legalEntity, q } = query;
    return this.discrepancies.outOfSync(
      { legalEntity, q, window: defaultWindow(query, new Date()) },
      { limit, cursor },
    );
  }

  @Get('dual-write-maps')
  @ApiOperation({
    summary: 'Required versus seen dual-write map versions and states',
    description:
      'Per map: the required version, the version and state it last reported, every version seen on the records it ' +
      'carried, and whether a MAP_VERSION_BELOW_REQUIRED discrepancy is open (with its causes).',
  })
  @ApiOkResponse({
    description:
      '{ rows: [{ mapName, requiredVersion, reported, seenVersions, belowRequired, discrepancy }], count }',
  })
  async maps(@Query(new ZodValidationPipe(z.object({}).strict())) _query: object) {
    const [discrepancies, seen, states] = await Promise.all([
      this.discrepancies.mapDiscrepancies(),
      this.discrepancies.mapVersionsSeen(),
      this.discrepancies.mapStates(),
    ]);
    const rows = dualWriteMapEntries(discrepancies, seen, states);
    return { rows, count: rows.length };
  }
}
