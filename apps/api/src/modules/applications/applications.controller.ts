/** Application review. OPERATOR reads and annotates; SUPERVISOR also decides. */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Limits, type ApplicationDetail, type ApplicationSummary, type ApprovalResponse, type Page } from '@corpweb/shared-types';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { IdParam } from '../../common/http/id-param.js';
import { CurrentSession, StaffOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { ApplicationListQuery, NoteDto, RejectionDto } from './dto/review.dto.js';
import { ReviewApplicationsService } from './review-applications.service.js';
import { CompressedResponse } from '../../common/http/compressed-response.js';

@ApiTags('back office')
@Controller('backoffice/signup-applications')
export class ApplicationsController {
  constructor(private readonly review: ReviewApplicationsService) {}

  @Get()
  @CompressedResponse()
  @StaffOnly()
  list(@Query() query: ApplicationListQuery): Promise<Page<ApplicationSummary>> {
    const limit = query.limit ? Number(query.limit) : 20;
    return this.review.list(query.status, query.cursor ? Number(query.cursor) : undefined, Math.min(limit, Limits.applicationListMaxPageSize));
  }

  @Get(':id')
  @StaffOnly()
  detail(@Param('id', IdParam) id: number): Promise<ApplicationDetail> {
    return this.review.detail(id);
  }

  @Post(':id/approval')
  @HttpCode(200)
  @StaffOnly('SUPERVISOR')
  approve(@Param('id', IdParam) id: number, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<ApprovalResponse> {
    return this.review.approve(id, session.principalId, meta);
  }

  @Post(':id/rejection')
  @HttpCode(200)
  @StaffOnly('SUPERVISOR')
  async reject(@Param('id', IdParam) id: number, @Body() body: RejectionDto, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta) {
    await this.review.reject(id, session.principalId, body.reason, meta);
    return { status: 'REJECTED' as const };
  }

  @Post(':id/notes')
  @HttpCode(204)
  @StaffOnly()
  async note(@Param('id', IdParam) id: number, @Body() body: NoteDto, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta) {
    await this.review.annotate(id, session.principalId, body.text, meta);
  }
}
