import { corporateNumberCheckDigit, isValidCorporateNumber } from './corporate-number.js';

/** Published by the National Tax Agency's 法人番号公表サイト. */
const REAL_NUMBERS = {
  国税庁: '7000012050002',
  トヨタ自動車株式会社: '1180301018771',
  ソニーグループ株式会社: '5010401067252',
  任天堂株式会社: '1130001011420',
};

describe('isValidCorporateNumber', () => {
  it.each(Object.entries(REAL_NUMBERS))('accepts %s %s', (_name, number) => {
    expect(isValidCorporateNumber(number)).toBe(true);
  });
  it('accepts the NTA worked example (base 700110005901, check digit 8)', () => {
    expect(isValidCorporateNumber('8700110005901')).toBe(true);
  });
  it.each(['6000012050002', '2180301018771', '1010401067252'])('rejects %s with a wrong check digit', (number) => {
    expect(isValidCorporateNumber(number)).toBe(false);
  });
  it('rejects swapped base digits', () => {
    expect(isValidCorporateNumber('7000012500002')).toBe(false);
  });
  it.each(['700001205000', '70000120500021', '7000-0120-50002', '７０００１２０５０００２', '', 'A000012050002'])(
    'rejects %p that is not 13 ASCII digits',
    (number) => expect(isValidCorporateNumber(number)).toBe(false),
  );
});

describe('corporateNumberCheckDigit', () => {
  it.each(Object.values(REAL_NUMBERS))('computes the leading digit of %s', (number) => {
    expect(corporateNumberCheckDigit(number.slice(1))).toBe(Number(number[0]));
  });
  it('gives 9, never 0, when the weighted sum is a multiple of 9', () => {
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
    expect(corporateNumberCheckDigit('000000000009')).toBe(9);
  });
  it('generates numbers that validate', () => {
    for (const base of ['123456789012', '010401000001', '999999999999']) {
      expect(isValidCorporateNumber(`${corporateNumberCheckDigit(base)}${base}`)).toBe(true);
    }
  });
  it('rejects a base that is not 12 digits', () => {
    expect(() => corporateNumberCheckDigit('12345678901')).toThrow(RangeError);
    expect(() => corporateNumberCheckDigit('12345678901a')).toThrow(RangeError);
  });
});
