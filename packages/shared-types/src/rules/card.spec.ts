import {
  cardBrandFromIin,
  formatExpiry,
  isExpired,
  isValidExpiryYymm,
  isValidPin,
  luhnValid,
  maskCardNumber,
  normalizeCardNumber,
  validateCardNumber,
} from './card.js';

/** Appends the Luhn check digit (written independently of the code under test). */
function withCheckDigit(body: string): string {
  const sum = [...body]
    .reverse()
    .map(Number)
    .reduce((acc, d, i) => acc + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return body + String((10 - (sum % 10)) % 10);
}

describe('normalizeCardNumber', () => {
  it('strips ASCII spaces and hyphens', () => {
    expect(normalizeCardNumber('3530 1113-3330 0000')).toBe('3530111333300000');
  });
  it('strips full-width spaces and hyphens and converts full-width digits', () => {
    expect(normalizeCardNumber('３５３０　１１１３－３３３０ー００００')).toBe('3530111333300000');
  });
  it('keeps other characters so validation can refuse them', () => {
    expect(normalizeCardNumber('3530x111')).toBe('3530x111');
  });
});

describe('luhnValid', () => {
  it.each(['3530111333300000', '3566002020360505', '4111111111111111', '378282246310005', '30569309025904'])(
    'accepts %s',
    (digits) => expect(luhnValid(digits)).toBe(true),
  );
  it.each(['3530111333300001', '4111111111111112', '', '3530-1113', 'abcd'])('rejects %p', (digits) =>
    expect(luhnValid(digits)).toBe(false),
  );
});

describe('cardBrandFromIin', () => {
  it.each([
    ['3528000000000000', 'JCB'],
    ['3540123412341234', 'JCB'],
    ['3589999999999999', 'JCB'],
    ['3527999999999999', 'UNKNOWN'],
    ['3590000000000000', 'UNKNOWN'],
    ['4111111111111111', 'VISA'],
    ['5100000000000000', 'MASTERCARD'],
    ['5599999999999999', 'MASTERCARD'],
    ['5600000000000000', 'UNKNOWN'],
    ['2221000000000000', 'MASTERCARD'],
    ['2720999999999999', 'MASTERCARD'],
    ['2220999999999999', 'UNKNOWN'],
    ['2721000000000000', 'UNKNOWN'],
    ['340000000000000', 'AMEX'],
    ['378282246310005', 'AMEX'],
    ['30000000000000', 'DINERS'],
    ['30599999999999', 'DINERS'],
    ['30600000000000', 'UNKNOWN'],
    ['36227206271667', 'DINERS'],
    ['3800000000000000', 'DINERS'],
    ['3900000000000000', 'DINERS'],
    ['6011111111111117', 'DISCOVER'],
    ['6440000000000000', 'DISCOVER'],
    ['6490000000000000', 'DISCOVER'],
    ['6500000000000000', 'DISCOVER'],
    ['6430000000000000', 'UNKNOWN'],
    ['6200000000000005', 'UNIONPAY'],
    ['1234567890123456', 'UNKNOWN'],
    ['', 'UNKNOWN'],
  ])('%s is %s', (digits, brand) => {
    expect(cardBrandFromIin(digits)).toBe(brand);
  });
});

describe('validateCardNumber', () => {
  it('accepts a JCB number and returns its digits', () => {
    expect(validateCardNumber('3530 1113 3330 0000')).toEqual({ ok: true, digits: '3530111333300000', brand: 'JCB' });
  });
  it('accepts full-width input', () => {
    expect(validateCardNumber('３５６６－００２０－２０３６－０５０５')).toEqual({
      ok: true,
      digits: '3566002020360505',
      brand: 'JCB',
    });
  });
  it.each([14, 19])('accepts a Luhn-valid JCB number of %i digits', (length) => {
    const number = withCheckDigit('3540'.padEnd(length - 1, '1'));
    expect(validateCardNumber(number)).toMatchObject({ ok: true, digits: number });
  });
  it.each([13, 20])('rejects a Luhn-valid JCB number of %i digits', (length) => {
    const number = withCheckDigit('3540'.padEnd(length - 1, '1'));
    expect(luhnValid(number)).toBe(true);
    expect(validateCardNumber(number)).toEqual({ ok: false, code: 'CARD_NUMBER_INVALID' });
  });
  it.each(['3530111333300001', '3530-1113-3330-000x', '3530.1113.3330.0000'])('rejects %p as invalid', (input) => {
    expect(validateCardNumber(input)).toEqual({ ok: false, code: 'CARD_NUMBER_INVALID' });
  });
  it.each(['', '   ', ' - '])('asks for a number when nothing was typed (%p), not "the number is wrong"', (input) => {
    expect(validateCardNumber(input)).toEqual({ ok: false, code: 'REQUIRED' });
  });
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '30569309025904', '6011111111111117'])(
    'refuses the non-JCB brand of %s',
    (input) => {
      expect(validateCardNumber(input)).toEqual({ ok: false, code: 'CARD_BRAND_NOT_SUPPORTED' });
    },
  );
  it('refuses a Luhn-valid number outside the JCB range 3528–3589', () => {
    expect(validateCardNumber(withCheckDigit('352711111111111'))).toEqual({
      ok: false,
      code: 'CARD_BRAND_NOT_SUPPORTED',
    });
  });
});

describe('maskCardNumber', () => {
  it('shows only the first and last four digits', () => {
    expect(maskCardNumber('3540', '1234')).toBe('3540 **** **** 1234');
  });
});

describe('isValidPin', () => {
  it('accepts exactly four ASCII digits', () => {
    expect(isValidPin('0000')).toBe(true);
    expect(isValidPin('1234')).toBe(true);
  });
  it.each(['123', '12345', '12a4', '１２３４', ' 1234', ''])('rejects %p', (pin) => {
    expect(isValidPin(pin)).toBe(false);
  });
});

describe('expiry', () => {
  it.each(['2701', '2712', '0001'])('accepts %s', (yymm) => expect(isValidExpiryYymm(yymm)).toBe(true));
  it.each(['2700', '2713', '271', '27012', '27/01', '２７０１'])('rejects %p', (yymm) =>
    expect(isValidExpiryYymm(yymm)).toBe(false),
  );
  it('formats YYMM as MM/YY', () => {
    expect(formatExpiry('2712')).toBe('12/27');
    expect(formatExpiry('3001')).toBe('01/30');
  });
  it('refuses to format a malformed value', () => {
    expect(() => formatExpiry('2713')).toThrow(RangeError);
  });
});

describe('isExpired', () => {
  it('keeps the card valid through the last day of its expiry month in Tokyo', () => {
    expect(isExpired('2603', new Date('2026-03-31T14:59:59Z'))).toBe(false); // 23:59:59 JST on 31 March
    expect(isExpired('2603', new Date('2026-03-31T15:00:00Z'))).toBe(true); // 00:00 JST on 1 April
  });
  it('uses the given time zone', () => {
    expect(isExpired('2603', new Date('2026-03-31T15:00:00Z'), 'UTC')).toBe(false);
  });
  it('compares across years', () => {
    expect(isExpired('2612', new Date('2027-01-01T00:00:00+09:00'))).toBe(true);
    expect(isExpired('2701', new Date('2026-12-31T12:00:00+09:00'))).toBe(false);
    expect(isExpired('2512', new Date('2026-06-15T12:00:00+09:00'))).toBe(true);
  });
  it('throws on a malformed expiry', () => {
    expect(() => isExpired('2613', new Date())).toThrow(RangeError);
  });
});
