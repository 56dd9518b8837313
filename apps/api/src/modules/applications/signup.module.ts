import { Module } from '@nestjs/common';
import { SignupController } from './signup.controller.js';
import { SubmitApplicationService } from './submit-application.service.js';
import { TermsService } from './terms.service.js';

@Module({ controllers: [SignupController], providers: [TermsService, SubmitApplicationService] })
export class SignupModule {}
