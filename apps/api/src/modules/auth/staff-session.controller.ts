/**
 * Staff login and logout (own cookie, separate from members'). With STAFF_TOTP, a staff member with an enrolled
 * authenticator app needs its code in the same request (401 MFA_REQUIRED without it; with a passkey, the
 * passkey login of passkey/staff-passkey.controller.ts stands for the code); one with neither gets a session that
 * can only enroll one (MFA_ENROLLMENT_REQUIRED elsewhere).
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { StaffLoginResponse, StaffMeResponse, StaffRole, TotpEnrollment } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { StaffLoginDto, TotpConfirmationDto } from './dto/auth.dto.js';
import { CredentialCheck } from './credential-check.service.js';
import { CurrentSession, StaffEnrolling } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { PasskeyService } from './passkey/passkey.service.js';
import { LoginService } from './login.service.js';
import { StaffRepository } from './staff.repository.js';
import { StaffTotpService } from './staff-totp.service.js';

@ApiTags('back office')
@Controller('backoffice')
export class StaffSessionController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: CredentialCheck,
    private readonly logins: LoginService,
    private readonly totp: StaffTotpService,
    private readonly passkeys: PasskeyService,
    private readonly staffAccounts: StaffRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('session')
  @HttpCode(200)
  async login(@Body() body: StaffLoginDto, @Meta() meta: RequestMeta, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffLoginResponse> {
    const staffId = await this.credentials.verify('staff', body.loginId, body.password, meta);
    let totpEnrollmentRequired = false;
    if (this.config.staffTotp) {
      if (await this.hasSecondFactor(staffId)) {
        if (!body.otp) throw new AppException('MFA_REQUIRED');
        if (!(await this.totp.verifyLogin(staffId, body.otp))) {
          const locked = await this.credentials.recordSecondFactorFailure('staff', staffId, meta);
          throw new AppException(locked ? 'ACCOUNT_LOCKED' : 'INVALID_CREDENTIALS');
        }
      } else {
        totpEnrollmentRequired = true;
      }
      await this.credentials.clearFailures('staff', staffId);
    }
    const { session } = await this.logins.start('STAFF', staffId, meta, { request, reply, config: this.config });
    return { staff: await this.staff(staffId), csrfToken: session.csrfToken, ...(totpEnrollmentRequired ? { totpEnrollmentRequired } : {}) };
  }

  @Post('me/totp')
  @HttpCode(200)
  @StaffEnrolling()
  startTotp(@CurrentSession() session: SessionContext): Promise<TotpEnrollment> {
    return this.totp.startEnrollment(session.principalId);
  }

  @Post('me/totp/confirmation')
  @HttpCode(204)
  @StaffEnrolling()
  async confirmTotp(@CurrentSession() session: SessionContext, @Body() body: TotpConfirmationDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.totp.confirmEnrollment(session.principalId, body.code, meta);
  }

  @Delete('session')
  @HttpCode(204)
  @StaffEnrolling()
  async logout(@CurrentSession() session: SessionContext, @Meta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.logins.end('STAFF', session.idHash, session.principalId, meta, { reply, config: this.config });
  }

  @Get('me')
  @StaffEnrolling()
  async me(@CurrentSession() session: SessionContext): Promise<StaffMeResponse> {
    const totpEnrollmentRequired = this.config.staffTotp && !(await this.hasSecondFactor(session.principalId));
    return {
      staff: await this.staff(session.principalId), csrfToken: session.csrfToken, idleExpiresAt: session.idleExpiresAt.toISOString(),
      ...(totpEnrollmentRequired ? { totpEnrollmentRequired } : {}),
    };
  }

  /** TOTP or at least one passkey */
  private async hasSecondFactor(staffId: number): Promise<boolean> {
    return (await this.totp.isEnrolled(staffId)) || (await this.passkeys.count({ kind: 'STAFF', id: staffId })) > 0;
  }

  private async staff(id: number): Promise<{ loginId: string; role: StaffRole }> {
    const row = await this.staffAccounts.profile(this.dataSource, id);
    return { loginId: row!.login_id, role: row!.role };
  }
}
