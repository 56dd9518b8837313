import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength } from 'class-validator';
import { isValidPin, type CardInquiryRequest } from '@corpweb/shared-types';
import { StringRule } from '../../../common/validation/validation.js';

export class CardInquiryDto implements CardInquiryRequest {
  @ApiProperty({ example: '3540 1234 5678 9012' }) @IsDefined() @IsString() @MaxLength(40) cardNumber: string;
  @ApiProperty({ example: '1234', description: 'the card PIN (4 digits); never stored or logged' })
  @IsDefined() @IsString() @MaxLength(8) @StringRule('PIN_INVALID', isValidPin) pin: string;
}
