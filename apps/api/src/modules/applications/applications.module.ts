import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { PasskeyModule } from '../passkey/passkey.module.js';
import { ApplicationsController } from './applications.controller.js';
import { AuditEventsController } from '../audit/audit-events.controller.js';
import { BackofficeSessionController } from '../auth/staff-session.controller.js';
import { ReviewApplicationsService } from './review-applications.service.js';
import { StaffAccountsService } from '../auth/staff-accounts.service.js';
import { StaffTotpService } from '../auth/staff-totp.service.js';

@Module({
  imports: [AuthModule, PasskeyModule],
  controllers: [BackofficeSessionController, ApplicationsController, AuditEventsController],
  providers: [ReviewApplicationsService, StaffAccountsService, StaffTotpService],
  exports: [StaffAccountsService],
})
export class BackofficeModule {}
