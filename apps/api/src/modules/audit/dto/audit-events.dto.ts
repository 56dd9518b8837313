import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Limits, type AuditEventFilter } from '@corpweb/shared-types';
import { StringRule } from '../../../common/validation/validation.js';

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** The audit log's filters (shared by the list and the CSV export). */
export class AuditFilterQuery implements AuditEventFilter {
  @ApiPropertyOptional({ example: 'PIN_LOCKED' }) @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^[A-Z][A-Z0-9_]{0,63}$/.test(v)) action?: string;
  @ApiPropertyOptional({ description: 'login ID of the acting member or staff member' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64) actor?: string;
  @ApiPropertyOptional({ description: 'card last 4 digits, 13-digit corporate number, or part of a company name' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) target?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'first day (business time zone), inclusive' }) @IsOptional() @IsString() @StringRule('INVALID_FORMAT', isDate) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day (business time zone), inclusive' }) @IsOptional() @IsString() @StringRule('INVALID_FORMAT', isDate) to?: string;
}

export class AuditListQuery extends AuditFilterQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^\d{1,19}$/.test(v)) cursor?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= Limits.auditListMaxPageSize) limit?: string;
}

export class AuditVerificationQuery {
  @ApiPropertyOptional({ enum: ['checkpoint'], description: 'verify only what was appended since the last verified checkpoint (default: every chain from its base)' })
  @IsOptional() @IsIn(['checkpoint']) since?: 'checkpoint';
}

export class AuditExportQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ enum: ['ja', 'en'], default: 'ja' }) @IsOptional() @IsIn(['ja', 'en']) lang?: 'ja' | 'en';
}
