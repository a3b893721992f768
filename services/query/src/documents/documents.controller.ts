import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@po-sync/auth';
import { DOCUMENT_TYPES, IdSchema } from '@po-sync/contracts';
import { z } from 'zod';
import { DocumentsService } from './documents.service';

const DocumentParams = z.object({ documentType: z.enum(DOCUMENT_TYPES), id: IdSchema }).strict();

@ApiTags('document sync view')
@Roles('viewer')
@Controller('v1/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':documentType/:id')
  @ApiOperation({
    summary:
      'The document sync view: its status row, its actuals and their lines, its discrepancies, its timeline',
    description: `documentType: ${DOCUMENT_TYPES.join(' | ')}. A vendor invoice line's id is invoiceId:lineNumber.`,
  })
  @ApiOkResponse({ description: '{ documentType, recordId, status, actuals, discrepancies, timeline }' })
  @ApiBadRequestResponse({ description: 'an unknown document type' })
  @ApiNotFoundResponse({ description: 'nothing is known about this record' })
  get(@Param(new ZodValidationPipe(DocumentParams)) params: z.output<typeof DocumentParams>) {
    return this.documents.view(params.documentType, params.id);
  }
}
