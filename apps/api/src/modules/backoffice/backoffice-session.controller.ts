/**
 * Staff login and logout (own cookie, separate from members'). With STAFF_TOTP, a staff member with an enrolled
 * authenticator app needs its code in the same request (401 MFA_REQUIRED without it; with a passkey, the
 * passkey login of passkey/staff-passkey.controller.ts stands for the code); one with neither gets a session that
 * can only enroll one (MFA_ENROLLMENT_REQUIRED elsewhere).
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { StaffLoginResponse, StaffMeResponse, StaffRole, TotpEnrollment } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { sha256 } from '../../common/crypto/tokens.js';
import { selectOne } from '../../common/database/sql.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { StaffLoginDto, TotpConfirmationDto } from '../auth/dto/auth.dto.js';
import { CredentialCheck } from '../auth/credential-check.service.js';
import { clearSessionCookies, sessionTokenOf, setSessionCookies } from '../session/session-cookies.js';
import { CurrentSession, StaffEnrolling } from '../session/session.guard.js';
import { SessionService, type SessionContext } from '../session/session.service.js';
import { PasskeyService } from '../passkey/passkey.service.js';
import { StaffTotpService } from './staff-totp.service.js';

@ApiTags('back office')
@Controller('backoffice')
export class BackofficeSessionController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: CredentialCheck,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly totp: StaffTotpService,
    private readonly passkeys: PasskeyService,
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
    const previous = sessionTokenOf(request, 'STAFF', this.config);
    const session = await retryingTransaction(this.dataSource, async (manager) => {
      if (previous) await this.sessions.revoke(manager, sha256(previous));
      const created = await this.sessions.create(manager, 'STAFF', staffId, meta);
      await this.audit.append(manager, { actorType: 'STAFF', actorId: staffId, action: 'LOGIN_SUCCEEDED', meta });
      return created;
    });
    setSessionCookies(reply, 'STAFF', this.config, session.token, session.csrfToken);
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
    await retryingTransaction(this.dataSource, async (manager) => {
      await this.sessions.revoke(manager, session.idHash);
      await this.audit.append(manager, { actorType: 'STAFF', actorId: session.principalId, action: 'LOGOUT', meta });
    });
    clearSessionCookies(reply, 'STAFF', this.config);
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
    const row = await selectOne<{ login_id: string; role: StaffRole }>(this.dataSource, 'SELECT login_id, role FROM staff WHERE id = ?', [id]);
    return { loginId: row!.login_id, role: row!.role };
  }
}
