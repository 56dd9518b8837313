import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength } from 'class-validator';
import { isValidPin, type CardInquiryRequest } from '@corpweb/shared-types';
import { StringRule } from '../../../common/validation/validation.js';

/** also the longest number the session guard's card join parses before validation */
export const CARD_NUMBER_MAX_LENGTH = 40;

export class CardInquiryDto implements CardInquiryRequest {
  @ApiProperty({ example: '3540 1234 5678 9012' }) @IsDefined() @IsString() @MaxLength(CARD_NUMBER_MAX_LENGTH) cardNumber: string;
  @ApiProperty({ example: '1234', description: 'the card PIN (4 digits); never stored or logged' })
  @IsDefined() @IsString() @MaxLength(8) @StringRule('PIN_INVALID', isValidPin) pin: string;
}
