import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  Limits, isValidCorporateNumber, isValidExpiryYymm, isValidPin, normalizeMobilePhone,
  type CardReissueRequest, type ProvisionalPhoneRequest,
} from '@corpweb/shared-types';
import { StringRule } from '../../../common/validation/validation.js';

export const CARD_SEARCH_MAX_PAGE_SIZE = Limits.cardSearchMaxPageSize;

export class CardSearchQuery {
  @ApiPropertyOptional({ description: '13-digit 法人番号' })
  @IsOptional() @IsString() @StringRule('CORPORATE_NUMBER_INVALID', isValidCorporateNumber) corporateNumber?: string;
  @ApiPropertyOptional({ description: 'last 4 digits of the card number' })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^\d{4}$/.test(v)) last4?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^\d{1,19}$/.test(v)) cursor?: string;
  @ApiPropertyOptional({ default: 50, maximum: CARD_SEARCH_MAX_PAGE_SIZE })
  @IsOptional() @IsString() @StringRule('INVALID_FORMAT', (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= CARD_SEARCH_MAX_PAGE_SIZE)
  limit?: string;
}

export class CardReissueDto implements CardReissueRequest {
  /** parsed by the service as the card inquiry's number is, so a wrong one gets the same top-level code */
  @ApiProperty({ example: '3540 1234 5678 9012', description: 'the new card number (JCB); never stored in clear or returned' })
  @IsDefined() @IsString() @MaxLength(40) newCardNumber: string;
  @ApiProperty({ example: '3012', description: 'YYMM' })
  @IsDefined() @IsString() @MaxLength(4) @StringRule('EXPIRY_INVALID', isValidExpiryYymm) expiryYymm: string;
  @ApiProperty({ example: '1234', description: 'the new card PIN (4 digits); stored only as an HMAC' })
  @IsDefined() @IsString() @MaxLength(8) @StringRule('PIN_INVALID', isValidPin) pin: string;
}

export class ProvisionalPhoneDto implements ProvisionalPhoneRequest {
  @ApiProperty({ example: '090-1234-5678', description: 'Japanese mobile number (070/080/090)' })
  @IsDefined() @IsString() @MaxLength(20) @StringRule('MOBILE_PHONE_INVALID', (v) => normalizeMobilePhone(v) !== null) phone: string;
}
