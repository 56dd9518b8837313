import { Module } from '@nestjs/common';
import { EnrollmentController } from './enrollment.controller.js';
import { EnrollmentService } from './enrollment.service.js';

@Module({ controllers: [EnrollmentController], providers: [EnrollmentService] })
export class EnrollmentModule {}
