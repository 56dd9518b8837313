/** The audit log and its chain verification, for staff. */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuditEvent, AuditVerification, Page } from '@corpweb/shared-types';
import { AuditService } from '../audit/audit.service.js';
import { StaffOnly } from '../session/session.guard.js';
import { CursorQuery } from './dto/backoffice.dto.js';

@ApiTags('back office')
@Controller('backoffice/audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @StaffOnly()
  list(@Query() query: CursorQuery): Promise<Page<AuditEvent>> {
    return this.audit.list(query.cursor ? Number(query.cursor) : undefined, query.limit ? Number(query.limit) : 50);
  }

  @Get('verification')
  @StaffOnly()
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
