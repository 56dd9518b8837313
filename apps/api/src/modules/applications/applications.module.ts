import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CompanyModule } from '../company/company.module.js';
import { ApplicationsController } from './applications.controller.js';
import { ReceiptNumbers } from './receipt-numbers.service.js';
import { ReviewApplicationsService } from './review-applications.service.js';
import { SignupApplicationsRepository } from './signup-applications.repository.js';
import { SignupController } from './signup.controller.js';
import { SubmitApplicationService } from './submit-application.service.js';
import { TermsVersionsRepository } from './terms-versions.repository.js';
import { TermsService } from './terms.service.js';

/** 申込: the public sign-up form and the back office's review of what was submitted. */
@Module({
  imports: [AuthModule, CompanyModule],
  controllers: [SignupController, ApplicationsController],
  providers: [TermsService, SubmitApplicationService, ReviewApplicationsService, ReceiptNumbers, SignupApplicationsRepository, TermsVersionsRepository],
})
export class ApplicationsModule {}
