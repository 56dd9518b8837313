import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { EnrollmentMethods, Limits, type EnrollmentMethod, type FixedPasswordCheckRequest, type OtpVerificationRequest } from '@corpweb/shared-types';
import { PasswordLength, StringRule } from '../../../common/validation/validation.js';

/** One body for both methods: PASSWORD needs `password`, OTP needs `phone`. */
export class EnrollmentDto {
  @ApiProperty({ example: 'tanaka.keiri' }) @IsDefined() @IsString() @MaxLength(64) secureId: string;
  @ApiProperty({ enum: EnrollmentMethods }) @IsDefined() @IsIn(EnrollmentMethods) method: EnrollmentMethod;
  @ApiPropertyOptional({ description: 'fixed password, when method is PASSWORD' })
  @ValidateIf((o: EnrollmentDto) => o.method === 'PASSWORD') @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) @PasswordLength() password?: string;
  @ApiPropertyOptional({ example: '090-1234-5678', description: 'mobile number for SMS OTP, when method is OTP' })
  @ValidateIf((o: EnrollmentDto) => o.method === 'OTP') @IsDefined() @IsString() @MaxLength(40) phone?: string;
}

export class OtpVerificationDto implements OtpVerificationRequest {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(36) verificationId: string;
  @ApiProperty({ example: '123456' }) @IsDefined() @IsString() @MaxLength(12) @StringRule('OTP_FORMAT_INVALID', (v) => /^\d{6}$/.test(v)) code: string;
}


/** The input step's fixed-password check (registers nothing). */
export class FixedPasswordCheckDto implements FixedPasswordCheckRequest {
  @ApiProperty({ example: 'tanaka.keiri' }) @IsDefined() @IsString() @MaxLength(64) secureId: string;
  @ApiProperty() @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) password: string;
}
