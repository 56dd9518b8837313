import { describe, expect, it } from '@jest/globals';
import { checkPasswordRules } from '@corpweb/shared-types';
import { checklist, checklistKeys, meterScore } from '../composables/usePasswordCheck';
import { validateEnrollment } from './enrollment-validation';
import { emptySignupDraft, normalizeSignupDraft, validateSignup, validateSignupField, type SignupDraft } from './signup-validation';

const validDraft = (): SignupDraft => ({
  company: {
    name: '株式会社サンプル商事',
    nameKana: 'カブシキガイシャサンプルショウジ',
    corporateNumber: '7000012050002',
    postalCode: '1000001',
    address: '東京都千代田区千代田1-1',
    phone: '03-1234-5678',
  },
  administrator: {
    name: '山田 太郎',
    nameKana: 'ヤマダ　タロウ',
    department: '経理部',
    email: 'taro.yamada@example.co.jp',
    phone: '090-1234-5678',
  },
});

describe('sign-up field checks (shared rules)', () => {
  it('accepts a complete, valid application', () => {
    expect(validateSignup(validDraft())).toEqual({});
  });

  it('reports every empty field as REQUIRED', () => {
    const errors = validateSignup(emptySignupDraft());
    expect(Object.keys(errors)).toHaveLength(11);
    expect(new Set(Object.values(errors))).toEqual(new Set(['REQUIRED']));
  });

  it.each([
    ['company.nameKana', 'Ｋａｂｕｓｈｉｋｉ', 'NOT_KATAKANA'],
    ['administrator.nameKana', 'Ｙａｍａｄａ　Ｔａｒｏ', 'NOT_KATAKANA'],
    ['administrator.nameKana', 'Yamada Taro', 'NOT_KATAKANA'],
    ['company.corporateNumber', '7000012050003', 'CORPORATE_NUMBER_INVALID'],
    ['company.corporateNumber', '123', 'CORPORATE_NUMBER_INVALID'],
    ['company.postalCode', '100-001', 'POSTAL_CODE_INVALID'],
    ['company.phone', '12345', 'PHONE_INVALID'],
    ['administrator.email', 'taro@@example', 'EMAIL_INVALID'],
    ['administrator.email', 'ｔａｒｏ@example.co.jp', 'EMAIL_INVALID'],
  ] as const)('%s = %p → %s', (field, value, code) => {
    expect(validateSignupField(field, value)).toBe(code);
  });

  it('accepts kana the API normalises too (hiragana, half-width kana, an ASCII space) and sends the normalised form', () => {
    expect(validateSignupField('company.nameKana', 'かぶしきがいしゃ')).toBeNull();
    expect(validateSignupField('administrator.nameKana', 'ﾔﾏﾀﾞ ﾀﾛｳ')).toBeNull();
    expect(validateSignupField('administrator.nameKana', 'ヤマダ タロウ')).toBeNull();
    const draft = validDraft();
    draft.company.nameKana = 'ｶﾌﾞｼｷｶﾞｲｼｬ ｻﾝﾌﾟﾙ';
    draft.administrator.nameKana = 'やまだ たろう';
    const sent = normalizeSignupDraft(draft);
    expect(sent.company.nameKana).toBe('カブシキガイシャ　サンプル');
    expect(sent.administrator.nameKana).toBe('ヤマダ　タロウ');
  });

  it('accepts full-width digits and hyphens in the corporate number and postal code', () => {
    expect(validateSignupField('company.corporateNumber', '７０００－０１２０－５０００２')).toBeNull();
    expect(validateSignupField('company.postalCode', '１００－０００１')).toBeNull();
  });

  it('refuses values longer than the API accepts', () => {
    expect(validateSignupField('administrator.department', 'あ'.repeat(101))).toBe('TOO_LONG');
  });

  it('sends the corporate number as 13 digits and the postal code as NNN-NNNN, trimmed', () => {
    const draft = validDraft();
    draft.company.corporateNumber = ' 7000-0120-50002 ';
    draft.company.postalCode = '１０００００１';
    draft.administrator.email = ' taro.yamada@example.co.jp ';
    const body = normalizeSignupDraft(draft);
    expect(body.company.corporateNumber).toBe('7000012050002');
    expect(body.company.postalCode).toBe('100-0001');
    expect(body.administrator.email).toBe('taro.yamada@example.co.jp');
  });
});

describe('enrollment form checks', () => {
  const context = { loginId: 'CW00012345', cardNumber: '3540123456789012' };

  it('accepts an OTP registration with a mobile number', () => {
    expect(validateEnrollment({ secureId: 'keiri.taro', method: 'OTP', phone: '090-1234-5678', password: '' }, '', context)).toEqual({});
  });

  it('refuses a landline for OTP and a bad secure ID', () => {
    expect(validateEnrollment({ secureId: '12345', method: 'OTP', phone: '03-1234-5678', password: '' }, '', context)).toEqual({
      secureId: 'SECURE_ID_INVALID',
      phone: 'MOBILE_PHONE_INVALID',
    });
  });

  it('refuses a secure ID equal to the login ID, whatever the case', () => {
    expect(validateEnrollment({ secureId: 'cw00012345', method: 'OTP', phone: '09012345678', password: '' }, '', context).secureId).toBe(
      'SECURE_ID_SAME_AS_LOGIN_ID',
    );
  });

  it('checks the fixed password against the card number and the confirmation', () => {
    const errors = validateEnrollment({ secureId: 'keiri.taro', method: 'PASSWORD', phone: '', password: 'Sky-9012-blue!' }, 'different', context);
    expect(errors).toEqual({ password: 'PASSWORD_CONTAINS_CARD_DIGITS', passwordConfirmation: 'MISMATCH' });
  });
});

describe('strength meter', () => {
  it.each(['Taro19800101', 'abcd5678XY'])('never shows strong beside a failed rule (%s)', (password) => {
    const keys = checklistKeys({});
    const lines = checklist(keys, password, checkPasswordRules(password, {}), true);
    expect(lines.some((line) => line.met === false)).toBe(true);
    expect(meterScore(4, lines)).toBe(1);
    expect(meterScore(0, lines)).toBe(0);
  });
  it('shows the score when every rule passes', () => {
    const lines = checklist(checklistKeys({}), 'Velvet-Orbit-93-Lantern', [], true);
    expect(meterScore(4, lines)).toBe(4);
    expect(meterScore(null, lines)).toBeNull();
  });
});

describe('password checklist', () => {
  it('lists the ID and card lines only when those values are known', () => {
    expect(checklistKeys({})).toEqual(['length', 'characters', 'repeated', 'sequential', 'date', 'common']);
    expect(checklistKeys({ loginId: 'a', secureId: 'b', cardNumber: '1' })).toEqual([
      'length', 'characters', 'repeated', 'sequential', 'loginId', 'secureId', 'cardDigits', 'date', 'common',
    ]);
  });

  it('marks lines met or unmet from the rule codes, and unknown before typing or before the strength is known', () => {
    const keys = checklistKeys({ loginId: 'a' });
    expect(checklist(keys, '', [], true).every((line) => line.met === null)).toBe(true);
    const lines = checklist(keys, 'aaaa1234', ['PASSWORD_REPEATED_CHARACTERS', 'PASSWORD_SEQUENTIAL_CHARACTERS'], false);
    expect(Object.fromEntries(lines.map((l) => [l.key, l.met]))).toEqual({
      length: true,
      characters: true,
      repeated: false,
      sequential: false,
      loginId: true,
      date: true,
      common: null,
    });
  });
});
