/**
 * Staff passkeys: the second factor after the password (it stands for the TOTP code, and the UI offers it first).
 * Password + passkey rather than passkey-first: the password step keeps the failure counter that an outsider
 * who only knows a login ID cannot use against the account (per source IP + ID, CredentialCheck), the passkey
 * challenge is handed out only after the right password and is bound to that staff member (so a passkey of
 * another account is refused and counts as a second-factor failure of this one, 5 of which lock it, as wrong
 * TOTP codes do), and the two factors stay independent whatever the authenticator does for user verification.
 * A passkey is registered from a signed-in session: at the first login instead of TOTP (the session can then
 * do nothing else), or later as another second factor.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { PasskeyList, PasskeyOptionsResponse, PasskeySummary, StaffLoginResponse, StaffRole } from '@corpweb/shared-types';
import { StaffRepository } from '../staff.repository.js';
import { AppException } from '../../../common/errors/app.exception.js';
import { Meta, type RequestMeta } from '../../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { CredentialCheck } from '../credential-check.service.js';
import { LoginService } from '../login.service.js';
import { CurrentSession, StaffEnrolling, StaffOnly } from '../../session/session.guard.js';
import { SessionService, type SessionContext } from '../../session/session.service.js';
import { PasskeyLoginDto, PasskeyRegistrationDto, StaffPasskeyChallengeDto } from './passkey.dto.js';
import { PasskeyService } from './passkey.service.js';

@ApiTags('back office')
@Controller('backoffice')
export class StaffPasskeyController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passkeys: PasskeyService,
    private readonly credentials: CredentialCheck,
    private readonly logins: LoginService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly staffAccounts: StaffRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Step 1: the password (counted like a login); then a challenge for this staff member's passkeys. */
  @Post('session/passkey-challenge')
  @HttpCode(200)
  async challenge(@Body() body: StaffPasskeyChallengeDto, @Meta() meta: RequestMeta): Promise<PasskeyOptionsResponse> {
    const staffId = await this.credentials.verify('staff', body.loginId, body.password, meta);
    const owner = { kind: 'STAFF' as const, id: staffId };
    if ((await this.passkeys.count(owner)) === 0) throw new AppException('PASSKEY_NOT_REGISTERED');
    return { options: await this.passkeys.authenticationOptions('STAFF_SECOND_FACTOR', meta, owner) };
  }

  /** Step 2: the passkey's answer to that challenge opens the session. */
  @Post('session/passkey')
  @HttpCode(200)
  async login(@Body() body: PasskeyLoginDto, @Meta() meta: RequestMeta, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<StaffLoginResponse> {
    const result = await this.passkeys.verifyAssertion('STAFF_SECOND_FACTOR', body.credential, meta);
    if (!result.ok) {
      // the challenge names the staff member whose password was right: a bad answer to it counts on that account
      if (result.owner && (await this.credentials.recordSecondFactorFailure('staff', result.owner.id, meta))) throw new AppException('ACCOUNT_LOCKED');
      throw new AppException('PASSKEY_INVALID');
    }
    const staffId = result.owner.id;
    await this.credentials.clearFailures('staff', staffId);
    const { session } = await this.logins.start(
      'STAFF', staffId, meta, { request, reply, config: this.config },
      { targetType: 'PASSKEY', targetId: result.credentialId, detail: { secondFactor: 'PASSKEY' } },
    );
    return { staff: await this.staff(staffId), csrfToken: session.csrfToken };
  }

  @Get('me/passkeys')
  @StaffEnrolling()
  async list(@CurrentSession() session: SessionContext): Promise<PasskeyList> {
    return { items: await this.passkeys.list({ kind: 'STAFF', id: session.principalId }) };
  }

  /** From the first-login session (instead of TOTP) or from a session that passed its second factor. */
  @Post('me/passkeys/registration-options')
  @HttpCode(200)
  @StaffEnrolling()
  async registrationOptions(@CurrentSession() session: SessionContext): Promise<PasskeyOptionsResponse> {
    const { loginId } = await this.staff(session.principalId);
    return { options: await this.passkeys.registrationOptions({ kind: 'STAFF', id: session.principalId }, loginId, session.idHash) };
  }

  @Post('me/passkeys')
  @HttpCode(201)
  @StaffEnrolling()
  register(@CurrentSession() session: SessionContext, @Body() body: PasskeyRegistrationDto, @Meta() meta: RequestMeta): Promise<PasskeySummary> {
    return this.passkeys.register({ kind: 'STAFF', id: session.principalId }, session.idHash, body.credential, body.name, meta);
  }

  /** only from a session that passed its second factor; removing the last one means enrolling again at once */
  @Delete('me/passkeys/:id')
  @HttpCode(204)
  @StaffOnly()
  async remove(@CurrentSession() session: SessionContext, @Param('id') id: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.passkeys.remove({ kind: 'STAFF', id: session.principalId }, id, meta);
  }

  private async staff(id: number): Promise<{ loginId: string; role: StaffRole }> {
    const row = await this.staffAccounts.profile(this.dataSource, id);
    if (!row) throw new AppException('UNAUTHENTICATED');
    return { loginId: row.login_id, role: row.role };
  }
}
