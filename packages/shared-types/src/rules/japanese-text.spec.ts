import { isFullWidthKatakana, isValidEmail, normalizePostalCode, toFullWidthKatakana } from './japanese-text.js';

describe('isFullWidthKatakana', () => {
  it.each([
    'カブシキガイシャ',
    'ヤマダ　タロウ',
    'カ）エービーシー',
    'カブシキガイシャ　（エービーシー）',
    'ニホン・コーポレーション',
    'ヴァンガード',
    'ダイ２ジツギョウ',
    'エス．ケー．ショウジ',
    'サトウ＆スズキ',
  ])('accepts %s', (s) => expect(isFullWidthKatakana(s)).toBe(true));
  it.each([
    ['full-width romaji', 'Ｙａｍａｄａ　Ｔａｒｏ'],
    ['full-width letters mixed in', 'ｅショップ'],
    ['hiragana', 'かぶしきがいしゃ'],
    ['half-width kana', 'ｶﾌﾞｼｷｶﾞｲｼｬ'],
    ['ASCII letters', 'ABC'],
    ['an ASCII space', 'ヤマダ タロウ'],
    ['ASCII parentheses', 'カ)エービーシー'],
    ['kanji', '山田タロウ'],
    ['only symbols and digits', '（１２３）'],
    ['only full-width spaces', '　　'],
    ['nothing', ''],
  ])('rejects %s', (_what, s) => expect(isFullWidthKatakana(s)).toBe(false));
});

describe('toFullWidthKatakana (the normalisation the SPA and the API both apply)', () => {
  it('converts half-width kana, joining voiced and semi-voiced marks', () => {
    expect(toFullWidthKatakana('ｶﾌﾞｼｷｶﾞｲｼｬ ﾊﾟｰﾄﾅｰｽﾞ')).toBe('カブシキガイシャ　パートナーズ');
  });
  it('converts ｳﾞ to ヴ and ･ to ・', () => {
    expect(toFullWidthKatakana('ｳﾞｨｰﾅｽ･ｼﾞｬﾊﾟﾝ')).toBe('ヴィーナス・ジャパン');
  });
  it('converts hiragana to katakana', () => {
    expect(toFullWidthKatakana('やまだ　たろう')).toBe('ヤマダ　タロウ');
  });
  it('turns an ASCII space into one full-width space, collapses runs and trims', () => {
    expect(toFullWidthKatakana(' ヤマダ タロウ ')).toBe('ヤマダ　タロウ');
    expect(toFullWidthKatakana('ヤマダ 　 タロウ')).toBe('ヤマダ　タロウ');
  });
  it('converts ASCII digits and the allowed symbols to full width', () => {
    expect(toFullWidthKatakana('ｶ)ﾀﾞｲ2-ｼｮｳｼﾞ.')).toBe('カ）ダイ２－ショウジ．');
  });
  it('leaves letters alone, so romaji is still refused after normalising', () => {
    expect(toFullWidthKatakana('Yamada Taro')).toBe('Yamada　Taro');
    expect(isFullWidthKatakana(toFullWidthKatakana('Yamada Taro'))).toBe(false);
    expect(isFullWidthKatakana(toFullWidthKatakana('Ｙａｍａｄａ　Ｔａｒｏ'))).toBe(false);
  });
  it('produces a value isFullWidthKatakana accepts', () => {
    expect(isFullWidthKatakana(toFullWidthKatakana('ｶﾌﾞｼｷｶﾞｲｼｬ (ｴｰﾋﾞｰｼｰ)'))).toBe(true);
    expect(isFullWidthKatakana(toFullWidthKatakana('ヤマダ タロウ'))).toBe(true);
  });
  it('leaves kanji alone so validation still refuses them', () => {
    expect(toFullWidthKatakana('山田たろう')).toBe('山田タロウ');
  });
});

describe('normalizePostalCode', () => {
  it.each([
    ['1000001', '100-0001'],
    ['100-0001', '100-0001'],
    ['１００－０００１', '100-0001'],
    ['１０００００１', '100-0001'],
    [' 530-0001 ', '530-0001'],
  ])('%p → %s', (input, expected) => expect(normalizePostalCode(input)).toBe(expected));
  it.each(['100001', '10000011', '10-00001', '100--0001', '100 0001', 'abc-defg', ''])('rejects %p', (input) =>
    expect(normalizePostalCode(input)).toBeNull(),
  );
});

describe('isValidEmail', () => {
  it.each(['admin@example.co.jp', 'taro.yamada+corp@mail.example.com', 'a@b.jp'])('accepts %s', (s) =>
    expect(isValidEmail(s)).toBe(true),
  );
  it('accepts 254 characters and rejects 255', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`;
    expect(at254).toHaveLength(254);
    expect(isValidEmail(at254)).toBe(true);
    expect(isValidEmail(`a${at254}`)).toBe(false);
  });
  it.each([
    ['no @', 'admin.example.com'],
    ['two @', 'admin@corp@example.com'],
    ['a space', 'admin @example.com'],
    ['no dot in the domain', 'admin@localhost'],
    ['an empty domain label', 'admin@example..com'],
    ['a trailing dot', 'admin@example.com.'],
    ['an empty local part', '@example.com'],
    ['a full-width @', 'admin＠example.com'],
    ['full-width letters', 'ａｄｍｉｎ@example.com'],
    ['nothing', ''],
  ])('rejects %s', (_what, s) => expect(isValidEmail(s)).toBe(false));
});
