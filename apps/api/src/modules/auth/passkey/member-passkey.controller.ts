/**
 * Members (corporate administrators): an optional passkey, added from the settings page after re-entering the
 * password, and 「パスキーでログイン」 on the login page — a passkey-first login with a discoverable credential and
 * user verification (the authenticator's PIN or biometrics), which is two factors on its own. A refused passkey
 * counts per source IP (429 beyond it), never on the account: a credential ID is no secret, and counting on the
 * account would let anyone who saw one lock the member out; the password lock does not stop a passkey login
 * for the same reason (a passkey cannot be guessed).
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { LoginResponse, PasskeyList, PasskeyOptionsResponse, PasskeySummary } from '@corpweb/shared-types';
import { MembersRepository } from '../members.repository.js';
import { AppException } from '../../../common/errors/app.exception.js';
import { Meta, type RequestMeta } from '../../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { CredentialCheck } from '../credential-check.service.js';
import { LoginService } from '../login.service.js';
import { MemberAuthService } from '../member-auth.service.js';
import { CurrentSession, MemberOnly } from '../../session/session.guard.js';
import { SessionService, type SessionContext } from '../../session/session.service.js';
import { MemberPasskeyOptionsDto, PasskeyLoginDto, PasskeyRegistrationDto } from './passkey.dto.js';
import { PasskeyService } from './passkey.service.js';

@ApiTags('member passkeys')
@Controller()
export class MemberPasskeyController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passkeys: PasskeyService,
    private readonly credentials: CredentialCheck,
    private readonly logins: LoginService,
    private readonly auth: MemberAuthService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly members: MembersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('session/passkey-challenge')
  @HttpCode(200)
  async loginChallenge(@Meta() meta: RequestMeta): Promise<PasskeyOptionsResponse> {
    return { options: await this.passkeys.authenticationOptions('MEMBER_LOGIN', meta) };
  }

  @Post('session/passkey')
  @HttpCode(200)
  async login(@Body() body: PasskeyLoginDto, @Meta() meta: RequestMeta, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    const result = await this.passkeys.verifyAssertion('MEMBER_LOGIN', body.credential, meta);
    if (!result.ok) throw new AppException('PASSKEY_INVALID');
    const memberId = result.owner.id;
    const { session, extra: member } = await this.logins.start(
      'MEMBER', memberId, meta, { request, reply, config: this.config },
      { targetType: 'PASSKEY', targetId: result.credentialId, detail: { method: 'PASSKEY' } },
      (manager) => this.auth.profile(memberId, manager),
    );
    return { member: member!, csrfToken: session.csrfToken };
  }

  @Get('me/passkeys')
  @MemberOnly()
  async list(@CurrentSession() session: SessionContext): Promise<PasskeyList> {
    return { items: await this.passkeys.list({ kind: 'MEMBER', id: session.principalId }) };
  }

  /** the password again first: a stolen session alone cannot plant a passkey on the account */
  @Post('me/passkeys/registration-options')
  @HttpCode(200)
  @MemberOnly()
  async registrationOptions(@CurrentSession() session: SessionContext, @Body() body: MemberPasskeyOptionsDto, @Meta() meta: RequestMeta): Promise<PasskeyOptionsResponse> {
    const current = await this.credentials.verifyCurrentPassword('members', session.principalId, body.currentPassword, meta);
    if (current === 'LOCKED') {
      await this.dataSource.transaction((manager) => this.sessions.revokeAllOf(manager, 'MEMBER', session.principalId));
      throw new AppException('ACCOUNT_LOCKED');
    }
    if (current === 'WRONG') throw AppException.validation([{ field: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG' }]);
    const loginId = await this.members.loginIdOf(this.dataSource, session.principalId);
    if (loginId === undefined) throw new AppException('UNAUTHENTICATED');
    return { options: await this.passkeys.registrationOptions({ kind: 'MEMBER', id: session.principalId }, loginId, session.idHash) };
  }

  @Post('me/passkeys')
  @HttpCode(201)
  @MemberOnly()
  register(@CurrentSession() session: SessionContext, @Body() body: PasskeyRegistrationDto, @Meta() meta: RequestMeta): Promise<PasskeySummary> {
    return this.passkeys.register({ kind: 'MEMBER', id: session.principalId }, session.idHash, body.credential, body.name, meta);
  }

  @Delete('me/passkeys/:id')
  @HttpCode(204)
  @MemberOnly()
  async remove(@CurrentSession() session: SessionContext, @Param('id') id: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.passkeys.remove({ kind: 'MEMBER', id: session.principalId }, id, meta);
  }
}
