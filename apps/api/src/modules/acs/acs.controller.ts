/**
 * The ACS's HTTP edge: the DS-facing AReq endpoint (Erro answers, HTTP 200 like every EMV message), the
 * browser-facing challenge form (HTML, framable, no cookies), its two static assets, and the authorization
 * host's authenticationValue check. Controllers only parse; the services decide.
 */
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AcsErrorMessage, AuthenticationResponse, AuthenticationValueVerification } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { ACS_CONFIG, type AcsConfig } from '../../config/acs-config.js';
import { AuthenticationService } from './authentication.service.js';
import { AuthenticationValuesService } from './authentication-values.service.js';
import { ChallengePages } from './challenge/challenge-pages.js';
import { ChallengeService } from './challenge/challenge.service.js';
import { acsError } from './messages/acs-error.js';
import { challengePageHeaders } from './acs-headers.js';

@Controller('3ds/v2')
export class AcsController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly challenge: ChallengeService,
    private readonly pages: ChallengePages,
    private readonly authenticationValues: AuthenticationValuesService,
    @Inject(ACS_CONFIG) private readonly acs: AcsConfig,
  ) {}

  @Post('areq')
  @HttpCode(200)
  async areq(@Body() body: unknown, @Headers('content-type') contentType: string | undefined): Promise<AuthenticationResponse | AcsErrorMessage> {
    if (!/^application\/json\s*(;|$)/i.test(contentType ?? '') || typeof body !== 'string') {
      return acsError('101', 'Message is not application/json', 'content-type', 'AReq', '2.3.1');
    }
    return this.authentication.authenticate(body);
  }

  @Post('challenge')
  @HttpCode(200)
  async challengeForm(
    @Body() body: unknown, @Headers('accept-language') acceptLanguage: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const fields = body && typeof body === 'object' ? (body as Record<string, string>) : {};
    const page = await this.challenge.handle(fields, acceptLanguage ?? '');
    for (const [name, value] of Object.entries(challengePageHeaders(this.acs.publicUrl, page.formTarget))) reply.header(name, value);
    reply.removeHeader('x-frame-options');
    reply.type('text/html; charset=utf-8');
    return page.html;
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const asset = this.pages.assets[name];
    if (!asset) throw new AppException('NOT_FOUND');
    reply.type(asset.type);
    reply.header('cache-control', 'public, max-age=3600');
    return asset.body;
  }

  @Post('authentication-values/verification')
  @HttpCode(200)
  async verify(@Body() body: unknown, @Headers('authorization') authorization: string | undefined): Promise<AuthenticationValueVerification> {
    this.authenticationValues.authorize(authorization);
    let parsed: unknown;
    try {
      parsed = typeof body === 'string' ? JSON.parse(body) : body;
    } catch {
      throw new AppException('MALFORMED_REQUEST');
    }
    return this.authenticationValues.verify(parsed);
  }
}
