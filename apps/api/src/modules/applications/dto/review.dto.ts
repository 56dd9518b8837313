import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApplicationStatuses, Limits, type ApplicationNoteRequest, type ApplicationStatus, type RejectionRequest } from '@corpweb/shared-types';
import { StringRule } from '../../../common/validation/validation.js';

export class RejectionDto implements RejectionRequest {
  @ApiProperty() @IsDefined() @IsString() @IsNotEmpty() @MaxLength(Limits.rejectionReasonMaxLength) reason: string;
}

export class NoteDto implements ApplicationNoteRequest {
  @ApiProperty() @IsDefined() @IsString() @IsNotEmpty() @MaxLength(1000) text: string;
}

export class ApplicationListQuery {
  @ApiPropertyOptional({ enum: ApplicationStatuses }) @IsOptional() @IsIn(ApplicationStatuses) status?: ApplicationStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) @StringRule('INVALID_FORMAT', (v) => /^\d{1,19}$/.test(v)) cursor?: string;
  @ApiPropertyOptional({ default: 20, maximum: Limits.applicationListMaxPageSize })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= Limits.applicationListMaxPageSize)
  limit?: string;
}
