import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  isFullWidthKatakana, isValidCorporateNumber, toFullWidthKatakana, isValidEmail, normalizeJapanesePhone, normalizePostalCode,
  SignupMaxLength, type SignupAdministrator, type SignupApplicationRequest, type SignupCompany,
} from '@corpweb/shared-types';
import { StringRule } from '../../../common/validation/validation.js';

const text = (max: number) => [IsDefined(), IsString(), IsNotEmpty(), MaxLength(max)];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
/** Kana names get the same normalisation the SPA applies (half-width kana, hiragana, ASCII space), then the same check. */
const kanaName = (max: number): PropertyDecorator[] => [
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? toFullWidthKatakana(value) : value)),
  ...text(max),
  StringRule('NOT_KATAKANA', isFullWidthKatakana),
];

export class SignupCompanyDto implements SignupCompany {
  @ApiProperty({ example: '株式会社サンプル商事' }) @apply(text(SignupMaxLength.company.name)) name: string;
  @ApiProperty({ example: 'カブシキガイシャサンプルショウジ', description: 'Full-width katakana; half-width kana, hiragana and ASCII spaces are normalised' }) @apply(kanaName(SignupMaxLength.company.nameKana)) nameKana: string;
  @ApiProperty({ example: '7000012050002' }) @apply(text(SignupMaxLength.company.corporateNumber)) @StringRule('CORPORATE_NUMBER_INVALID', isValidCorporateNumber) corporateNumber: string;
  @ApiProperty({ example: '100-0001' }) @apply(text(SignupMaxLength.company.postalCode)) @StringRule('POSTAL_CODE_INVALID', (v) => normalizePostalCode(v) !== null) postalCode: string;
  @ApiProperty({ example: '東京都千代田区千代田1-1' }) @apply(text(SignupMaxLength.company.address)) address: string;
  @ApiProperty({ example: '03-1234-5678' }) @apply(text(SignupMaxLength.company.phone)) @StringRule('PHONE_INVALID', (v) => normalizeJapanesePhone(v) !== null) phone: string;
}

export class SignupAdministratorDto implements SignupAdministrator {
  @ApiProperty({ example: '山田 太郎' }) @apply(text(SignupMaxLength.administrator.name)) name: string;
  @ApiProperty({ example: 'ヤマダ　タロウ', description: 'Full-width katakana; half-width kana, hiragana and ASCII spaces are normalised' }) @apply(kanaName(SignupMaxLength.administrator.nameKana)) nameKana: string;
  @ApiProperty({ example: '経理部' }) @apply(text(SignupMaxLength.administrator.department)) department: string;
  @ApiProperty({ example: 'taro.yamada@example.co.jp' }) @apply(text(SignupMaxLength.administrator.email)) @StringRule('EMAIL_INVALID', isValidEmail) email: string;
  @ApiProperty({ example: '090-1234-5678' }) @apply(text(SignupMaxLength.administrator.phone)) @StringRule('PHONE_INVALID', (v) => normalizeJapanesePhone(v) !== null) phone: string;
}

export class SignupApplicationDto implements SignupApplicationRequest {
  @ApiProperty({ example: '2026-04' }) @apply(text(SignupMaxLength.termsVersion)) termsVersion: string;
  @ApiProperty({ enum: [true] }) @IsDefined() @IsBoolean() agreedToTerms: true;
  @ApiProperty({ type: SignupCompanyDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => SignupCompanyDto) company: SignupCompanyDto;
  @ApiProperty({ type: SignupAdministratorDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => SignupAdministratorDto) administrator: SignupAdministratorDto;
}
