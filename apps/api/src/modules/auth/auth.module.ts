import { Module } from '@nestjs/common';
import { CredentialCheck } from './credential-check.service.js';
import { MemberAuthController } from './member-auth.controller.js';
import { MemberAuthService } from './member-auth.service.js';

@Module({
  controllers: [MemberAuthController],
  providers: [MemberAuthService, CredentialCheck],
  exports: [MemberAuthService, CredentialCheck],
})
export class AuthModule {}
