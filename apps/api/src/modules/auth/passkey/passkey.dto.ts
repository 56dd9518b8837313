import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import type {
  MemberPasskeyOptionsRequest, PasskeyCredentialJson, PasskeyLoginRequest, PasskeyRegistrationRequest, StaffPasskeyChallengeRequest,
} from '@corpweb/shared-types';
import { Limits } from '@corpweb/shared-types';
import { PasswordLength } from '../../../common/validation/validation.js';

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** the `response` of a RegistrationResponseJSON or an AuthenticationResponseJSON (@simplewebauthn/browser) */
export class PasskeyResponseDto {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(4096) @Matches(BASE64URL) clientDataJSON: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(8192) @Matches(BASE64URL) attestationObject?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) @Matches(BASE64URL) authenticatorData?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2048) @Matches(BASE64URL) signature?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(512) @Matches(BASE64URL) userHandle?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) @Matches(BASE64URL) publicKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() publicKeyAlgorithm?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(8) @IsString({ each: true }) @MaxLength(16, { each: true }) transports?: string[];
}

export class PasskeyCredentialDto implements PasskeyCredentialJson {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(1400) @Matches(BASE64URL) id: string;
  @ApiProperty() @IsDefined() @IsString() @MaxLength(1400) @Matches(BASE64URL) rawId: string;
  @ApiProperty({ enum: ['public-key'] }) @IsDefined() @IsIn(['public-key']) type: 'public-key';
  @ApiProperty({ type: PasskeyResponseDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => PasskeyResponseDto) response: PasskeyResponseDto & Record<string, unknown>;
  @ApiProperty() @IsDefined() @IsObject() clientExtensionResults: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsIn(['platform', 'cross-platform']) authenticatorAttachment?: string;
}

export class PasskeyRegistrationDto implements PasskeyRegistrationRequest {
  @ApiProperty({ type: PasskeyCredentialDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => PasskeyCredentialDto) credential: PasskeyCredentialDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) name?: string;
}

export class PasskeyLoginDto implements PasskeyLoginRequest {
  @ApiProperty({ type: PasskeyCredentialDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => PasskeyCredentialDto) credential: PasskeyCredentialDto;
}

export class MemberPasskeyOptionsDto implements MemberPasskeyOptionsRequest {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) @PasswordLength() currentPassword: string;
}

export class StaffPasskeyChallengeDto implements StaffPasskeyChallengeRequest {
  @ApiProperty() @IsDefined() @IsString() @MaxLength(64) loginId: string;
  @ApiProperty() @IsDefined() @IsString() @MaxLength(Limits.passwordMaxLength * 4) @PasswordLength() password: string;
}
