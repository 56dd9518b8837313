import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';
import type {
  LoginIdReminderRequest, LoginRequest, PasswordChangeRequest, PasswordResetRequest, PasswordSetupRequest, StaffLoginRequest,
  TotpConfirmationRequest,
} from '@corpweb/shared-types';
import { Limits } from '@corpweb/shared-types';
import { PasswordLength, StringRule } from '../../../common/validation/validation.js';
import { isValidEmail } from '@corpweb/shared-types';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'CW12345678' }) @IsDefined() @IsString() @MaxLength(64) loginId: string;
  @ApiProperty() @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) @PasswordLength() password: string;
}

export class StaffLoginDto extends LoginDto implements StaffLoginRequest {
  @ApiPropertyOptional({ description: '6-digit TOTP code, once an authenticator app is enrolled' })
  @IsOptional() @IsString() @MaxLength(16) otp?: string;
}

export class TotpConfirmationDto implements TotpConfirmationRequest {
  @ApiProperty({ example: '123456' }) @IsDefined() @IsString() @MaxLength(16) code: string;
}

export class PasswordSetupDto implements PasswordSetupRequest {
  @ApiProperty({ description: 'token from the completion or reset email' }) @IsDefined() @IsString() @MaxLength(128) token: string;
  @ApiProperty() @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) @PasswordLength() password: string;
}

export class PasswordResetRequestDto implements PasswordResetRequest {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(64) loginId: string;
  @ApiProperty() @IsDefined() @IsString() @MaxLength(254) @StringRule('EMAIL_INVALID', isValidEmail) email: string;
}

export class LoginIdReminderDto implements LoginIdReminderRequest {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(254) @StringRule('EMAIL_INVALID', isValidEmail) email: string;
}

export class PasswordChangeDto implements PasswordChangeRequest {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) @PasswordLength() currentPassword: string;
  @ApiProperty() @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) @PasswordLength() newPassword: string;
}
