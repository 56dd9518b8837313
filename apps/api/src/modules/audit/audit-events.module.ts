import { Module } from '@nestjs/common';
import { AuditEventsController } from './audit-events.controller.js';

/** The back office's audit log (portal only; AuditModule itself is global and also runs in the ACS). */
@Module({ controllers: [AuditEventsController] })
export class AuditEventsModule {}
