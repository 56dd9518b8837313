import { Module } from '@nestjs/common';
import { PasskeyModule } from './passkey/passkey.module.js';
import { AuthModule } from './auth.module.js';
import { StaffAccountsService } from './staff-accounts.service.js';
import { StaffSessionController } from './staff-session.controller.js';
import { StaffTotpService } from './staff-totp.service.js';

/**
 * Staff login (its second factor: TOTP or a passkey) and staff accounts. Separate from AuthModule because the
 * passkey module builds on AuthModule's credential check and staff login builds on passkeys.
 */
@Module({
  imports: [AuthModule, PasskeyModule],
  controllers: [StaffSessionController],
  providers: [StaffAccountsService, StaffTotpService],
  exports: [StaffAccountsService],
})
export class StaffAuthModule {}
