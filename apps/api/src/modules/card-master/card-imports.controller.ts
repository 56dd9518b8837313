/** Card-master CSV import: SUPERVISOR uploads, any staff follows the progress. */
import { Controller, Get, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { CardImportAccepted, CardImportProgress } from '@corpweb/shared-types';
import { IdParam } from '../../common/http/id-param.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { CurrentSession, StaffOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { CardImportsService } from './card-imports.service.js';

@ApiTags('back office')
@Controller('backoffice/card-imports')
export class CardImportsController {
  constructor(private readonly imports: CardImportsService) {}

  @Post()
  @HttpCode(202)
  @StaffOnly('SUPERVISOR')
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'header `corporate_number,card_number,expiry_yymm,pin,holder_name`, UTF-8, one card per line', schema: { type: 'string' } })
  start(
    @Req() request: FastifyRequest,
    @Headers('content-length') contentLength: string | undefined,
    @CurrentSession() session: SessionContext,
    @Meta() meta: RequestMeta,
  ): Promise<CardImportAccepted> {
    // app.factory.ts hands text/csv bodies over as the raw request stream
    return this.imports.accept(request.body, contentLength, session.principalId, meta);
  }

  @Get(':importId')
  @StaffOnly()
  progress(@Param('importId', IdParam) importId: number): Promise<CardImportProgress> {
    return this.imports.progress(importId);
  }
}
