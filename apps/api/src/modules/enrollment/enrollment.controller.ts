/** Enrollment endpoints under an inquiry grant. */
import { Body, Controller, Delete, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EnrollmentView, OtpVerificationStarted } from '@corpweb/shared-types';
import { preferredLocale } from '../../common/http/preferred-locale.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { CurrentSession, MemberOnly } from '../session/session.guard.js';
import type { SessionContext } from '../session/session.service.js';
import { EnrollmentDto, FixedPasswordCheckDto, OtpVerificationDto } from './dto/enrollment.dto.js';
import { EnrollmentService, type GrantRef } from './enrollment.service.js';

const grantOf = (inquiryId: string, session: SessionContext): GrantRef => ({
  inquiryId, memberId: session.principalId, sessionHash: session.idHash,
});

@ApiTags('member enrollment')
@Controller('card-inquiries/:inquiryId/enrollment')
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  /** PASSWORD → 200 with the enrollment; OTP → 202 with a verification to complete by SMS code. */
  @Put()
  @MemberOnly()
  async register(
    @Param('inquiryId') inquiryId: string,
    @Body() body: EnrollmentDto,
    @CurrentSession() session: SessionContext,
    @Meta() meta: RequestMeta,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnrollmentView | OtpVerificationStarted> {
    if (body.method === 'PASSWORD') return this.enrollment.registerWithPassword(grantOf(inquiryId, session), body, meta);
    reply.status(202);
    // the code SMS is written in the language of the screen that asked for it
    return this.enrollment.startOtpVerification(grantOf(inquiryId, session), body, meta, preferredLocale(acceptLanguage));
  }

  @Post('verification')
  @HttpCode(200)
  @MemberOnly()
  verify(@Param('inquiryId') inquiryId: string, @Body() body: OtpVerificationDto, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<EnrollmentView> {
    return this.enrollment.completeOtpVerification(grantOf(inquiryId, session), body.verificationId, body.code, meta);
  }

  /** 204 when the fixed password passes every rule the PUT applies (the portal password included); 422 otherwise. */
  @Post('password-check')
  @HttpCode(204)
  @MemberOnly()
  async checkPassword(@Param('inquiryId') inquiryId: string, @Body() body: FixedPasswordCheckDto, @CurrentSession() session: SessionContext): Promise<void> {
    await this.enrollment.checkFixedPassword(grantOf(inquiryId, session), body.secureId.trim(), body.password);
  }

  @Delete()
  @HttpCode(204)
  @MemberOnly()
  async deregister(@Param('inquiryId') inquiryId: string, @CurrentSession() session: SessionContext, @Meta() meta: RequestMeta): Promise<void> {
    await this.enrollment.deregister(grantOf(inquiryId, session), meta);
  }
}
