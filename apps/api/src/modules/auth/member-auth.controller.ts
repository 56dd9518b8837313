/** Member login, session and password endpoints. */
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResponse, MeResponse } from '@corpweb/shared-types';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CurrentSession, MemberOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { LoginDto, LoginIdReminderDto, PasswordChangeDto, PasswordResetRequestDto, PasswordSetupDto } from './dto/auth.dto.js';
import { CredentialCheck } from './credential-check.service.js';
import { LoginService } from './login.service.js';
import { MemberAuthService } from './member-auth.service.js';

@ApiTags('member auth')
@Controller()
export class MemberAuthController {
  constructor(
    private readonly auth: MemberAuthService,
    private readonly credentials: CredentialCheck,
    private readonly logins: LoginService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('session')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Meta() meta: RequestMeta, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    const memberId = await this.credentials.verify('members', body.loginId, body.password, meta);
    const { session, extra: member } = await this.logins.start('MEMBER', memberId, meta, { request, reply, config: this.config }, {}, (manager) => this.auth.profile(memberId, manager));
    return { member: member!, csrfToken: session.csrfToken };
  }

  @Delete('session')
  @HttpCode(204)
  @MemberOnly()
  async logout(@CurrentSession() session: SessionContext, @Meta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.logins.end('MEMBER', session.idHash, session.principalId, meta, { reply, config: this.config });
  }

  @Get('me')
  @MemberOnly()
  async me(@CurrentSession() session: SessionContext): Promise<MeResponse> {
    return {
      member: await this.auth.profile(session.principalId),
      csrfToken: session.csrfToken,
      idleExpiresAt: session.idleExpiresAt.toISOString(),
    };
  }

  @Put('me/password')
  @HttpCode(204)
  @MemberOnly()
  async changePassword(@CurrentSession() session: SessionContext, @Body() body: PasswordChangeDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.auth.changePassword(session.principalId, session.idHash, body.currentPassword, body.newPassword, meta);
  }

  @Post('password-setup')
  @HttpCode(204)
  async setupPassword(@Body() body: PasswordSetupDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.auth.setPassword(body.token, body.password, meta);
  }

  @Post('password-reset-requests')
  @HttpCode(202)
  async requestReset(@Body() body: PasswordResetRequestDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.auth.requestReset(body.loginId, body.email, meta);
  }

  @Post('login-id-reminders')
  @HttpCode(202)
  async remindLoginId(@Body() body: LoginIdReminderDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.auth.remindLoginId(body.email, meta);
  }
}
