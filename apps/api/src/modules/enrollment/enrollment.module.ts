import { Module } from '@nestjs/common';
import { EnrollmentController } from './enrollment.controller.js';
import { EnrollmentService } from './enrollment.service.js';
import { EnrollmentsRepository } from './enrollments.repository.js';
import { OtpVerificationsRepository } from './otp-verifications.repository.js';

@Module({ controllers: [EnrollmentController], providers: [EnrollmentService, EnrollmentsRepository, OtpVerificationsRepository] })
export class EnrollmentModule {}
