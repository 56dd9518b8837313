import { Module } from '@nestjs/common';
import { CredentialCheck } from './credential-check.service.js';
import { LoginService } from './login.service.js';
import { MemberAuthController } from './member-auth.controller.js';
import { MemberAuthService } from './member-auth.service.js';
import { MembersRepository } from './members.repository.js';
import { PasswordTokensRepository } from './password-tokens.repository.js';
import { StaffRepository } from './staff.repository.js';

@Module({
  controllers: [MemberAuthController],
  providers: [MemberAuthService, CredentialCheck, LoginService, MembersRepository, StaffRepository, PasswordTokensRepository],
  exports: [MemberAuthService, CredentialCheck, LoginService, MembersRepository, StaffRepository],
})
export class AuthModule {}
