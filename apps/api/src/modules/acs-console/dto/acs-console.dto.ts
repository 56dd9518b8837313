import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString } from 'class-validator';
import {
  AcsConsoleLimits, TransStatuses, isValidCorporateNumber,
  type AcsSummaryQuery, type AcsTransactionListQuery, type TransStatus,
} from '@corpweb/shared-types';
import { StringRule } from '../../../common/validation/validation.js';
import { decodeAcsCursor } from '../acs-cursor.js';
import { isCalendarDate } from '../../../common/clock/business-days.js';

const pageSize = (max: number) => (v: string) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= max;

export class AcsTransactionListQueryDto implements AcsTransactionListQuery {
  @ApiPropertyOptional({ description: '13-digit 法人番号' })
  @IsOptional() @IsString() @StringRule('CORPORATE_NUMBER_INVALID', isValidCorporateNumber) corporateNumber?: string;
  @ApiPropertyOptional({ description: 'last 4 digits of the card number' })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^\d{4}$/.test(v)) last4?: string;
  @ApiPropertyOptional({ enum: TransStatuses })
  @IsOptional() @IsString() @IsIn(TransStatuses) transStatus?: TransStatus;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD, business time zone, inclusive' })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', isCalendarDate) from?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD, business time zone, inclusive' })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', isCalendarDate) to?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => decodeAcsCursor(v) !== undefined) cursor?: string;
  @ApiPropertyOptional({ default: AcsConsoleLimits.transactionListDefaultPageSize, maximum: AcsConsoleLimits.transactionListMaxPageSize })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', pageSize(AcsConsoleLimits.transactionListMaxPageSize)) limit?: string;
}

export class AcsSummaryQueryDto implements AcsSummaryQuery {
  @ApiProperty({ description: 'YYYY-MM-DD, business time zone, inclusive' })
  @IsDefined() @IsString() @StringRule('INVALID_FORMAT', isCalendarDate) from: string;
  @ApiProperty({ description: 'YYYY-MM-DD, business time zone, inclusive' })
  @IsDefined() @IsString() @StringRule('INVALID_FORMAT', isCalendarDate) to: string;
}

export class CheckoutAuthenticationsQueryDto {
  @ApiPropertyOptional({ default: AcsConsoleLimits.checkoutAuthenticationsDefaultItems, maximum: AcsConsoleLimits.checkoutAuthenticationsMaxItems })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', pageSize(AcsConsoleLimits.checkoutAuthenticationsMaxItems)) limit?: string;
}
