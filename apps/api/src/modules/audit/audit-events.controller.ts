/** The audit log (filtered, labelled), its CSV export (itself audited) and its chain verification, for staff. */
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuditEvent, AuditEventFilter, AuditVerification, Page } from '@corpweb/shared-types';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from './audit.service.js';
import { CurrentSession, StaffOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { AuditExportQuery, AuditListQuery, AuditVerificationQuery } from './dto/audit-events.dto.js';
import { CompressedResponse } from '../../common/http/compressed-response.js';

const filterOf = (query: AuditEventFilter): AuditEventFilter => ({
  action: query.action, actor: query.actor, target: query.target, from: query.from, to: query.to,
});

@ApiTags('back office')
@Controller('backoffice/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @CompressedResponse()
  @StaffOnly()
  list(@Query() query: AuditListQuery): Promise<Page<AuditEvent>> {
    return this.audit.list(query.cursor ? Number(query.cursor) : undefined, query.limit ? Number(query.limit) : 50, filterOf(query));
  }

  @Get('export')
  @CompressedResponse()
  @StaffOnly()
  @ApiProduces('text/csv')
  async export(
    @Query() query: AuditExportQuery,
    @CurrentSession() session: SessionContext,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { csv, truncated } = await this.audit.exportCsv(filterOf(query), query.lang ?? 'ja', session.principalId, meta);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="audit-log-${stamp}.csv"`);
    if (truncated) reply.header('x-export-truncated', 'true');
    return csv;
  }

  @Get('verification')
  @StaffOnly()
  verify(@Query() query: AuditVerificationQuery): Promise<AuditVerification> {
    return this.audit.verify({ since: query.since });
  }
}
