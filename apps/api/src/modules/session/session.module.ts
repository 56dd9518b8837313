import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { StaffRepository } from '../auth/staff.repository.js';
import { SessionGuard } from './session.guard.js';
import { SessionService } from './session.service.js';

@Global()
@Module({
  providers: [SessionService, StaffRepository, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [SessionService],
})
export class SessionModule {}
