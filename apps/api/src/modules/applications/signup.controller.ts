/** Public sign-up endpoints: current terms and the application itself. */
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SignupApplicationResponse, TermsResponse } from '@corpweb/shared-types';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { SignupApplicationDto } from './dto/signup-application.dto.js';
import { SubmitApplicationService } from './submit-application.service.js';
import { TermsService } from './terms.service.js';

@ApiTags('sign-up')
@Controller()
export class SignupController {
  constructor(private readonly terms: TermsService, private readonly applications: SubmitApplicationService) {}

  @Get('terms/current')
  current(): Promise<TermsResponse> {
    return this.terms.current();
  }

  @Post('signup-applications')
  @HttpCode(202)
  submit(@Body() body: SignupApplicationDto, @Meta() meta: RequestMeta): Promise<SignupApplicationResponse> {
    return this.applications.submit(body, meta);
  }
}
