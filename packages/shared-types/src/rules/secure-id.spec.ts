import { maskSecureId, normalizeSecureId, validateSecureId } from './secure-id.js';

describe('validateSecureId', () => {
  it.each(['tanaka', 'Yamada.Taro_01', 'a-1.2_3', 'abcdefghij0123456789', 'x12345'])('accepts %s', (id) => {
    expect(validateSecureId(id)).toEqual([]);
  });
  it.each([
    ['5 characters', 'abcde'],
    ['21 characters', 'abcdefghij01234567890'],
    ['no letter', '123456'],
    ['only symbols and digits', '12.34-56_'],
    ['a space', 'tanaka taro'],
    ['@', 'tanaka@corp'],
    ['full-width letters', 'ｔａｎａｋａ'],
    ['kana', 'タナカタロウ'],
    ['nothing', ''],
  ])('rejects %s with SECURE_ID_INVALID', (_what, id) => {
    expect(validateSecureId(id)).toEqual(['SECURE_ID_INVALID']);
  });
  it('rejects the login ID, case-insensitively', () => {
    expect(validateSecureId('Corp0001Admin', 'corp0001admin')).toEqual(['SECURE_ID_SAME_AS_LOGIN_ID']);
    expect(validateSecureId('corp0001admin', 'CORP0001ADMIN')).toEqual(['SECURE_ID_SAME_AS_LOGIN_ID']);
  });
  it('accepts an ID that only contains the login ID', () => {
    expect(validateSecureId('corp0001admin.x', 'corp0001admin')).toEqual([]);
  });
  it('reports both rules when both are broken', () => {
    expect(validateSecureId('C0012', 'c0012')).toEqual(['SECURE_ID_INVALID', 'SECURE_ID_SAME_AS_LOGIN_ID']);
  });
});

describe('normalizeSecureId', () => {
  it('lowercases so that uniqueness is case-insensitive', () => {
    expect(normalizeSecureId('Yamada.Taro_01')).toBe('yamada.taro_01');
    expect(normalizeSecureId('TANAKA')).toBe(normalizeSecureId('tanaka'));
  });
});

describe('maskSecureId', () => {
  it('keeps the first two characters and the last one', () => {
    expect(maskSecureId('yamada.keiri')).toBe('ya*********i');
    expect(maskSecureId('abc123')).toBe('ab***3');
  });
  it('hides a very short value entirely', () => expect(maskSecureId('abc')).toBe('***'));
});
