import { Module } from '@nestjs/common';
import { AuthModule } from '../auth.module.js';
import { MemberPasskeyController } from './member-passkey.controller.js';
import { PasskeyService } from './passkey.service.js';
import { StaffPasskeyController } from './staff-passkey.controller.js';

@Module({
  imports: [AuthModule],
  controllers: [MemberPasskeyController, StaffPasskeyController],
  providers: [PasskeyService],
  exports: [PasskeyService],
})
export class PasskeyModule {}
