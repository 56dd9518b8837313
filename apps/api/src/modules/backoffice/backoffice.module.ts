import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { PasskeyModule } from '../passkey/passkey.module.js';
import { ApplicationsController } from './applications.controller.js';
import { AuditEventsController } from './audit-events.controller.js';
import { BackofficeSessionController } from './backoffice-session.controller.js';
import { ReviewApplicationsService } from './review-applications.service.js';
import { StaffAccountsService } from './staff-accounts.service.js';
import { StaffTotpService } from './staff-totp.service.js';

@Module({
  imports: [AuthModule, PasskeyModule],
  controllers: [BackofficeSessionController, ApplicationsController, AuditEventsController],
  providers: [ReviewApplicationsService, StaffAccountsService, StaffTotpService],
  exports: [StaffAccountsService],
})
export class BackofficeModule {}
