import { Module } from '@nestjs/common';
import { CardMasterRepository } from '../card-master/card-master.repository.js';
import { CardInquiryRepository } from '../cards/card-inquiry.repository.js';
import { EnrollmentController } from './enrollment.controller.js';
import { EnrollmentService } from './enrollment.service.js';
import { EnrollmentsRepository } from './enrollments.repository.js';
import { OtpVerificationsRepository } from './otp-verifications.repository.js';

@Module({ controllers: [EnrollmentController], providers: [EnrollmentService, EnrollmentsRepository, OtpVerificationsRepository, CardInquiryRepository, CardMasterRepository] })
export class EnrollmentModule {}
