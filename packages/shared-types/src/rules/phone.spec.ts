import { formatNationalPhone, maskPhone, normalizeJapanesePhone, normalizeMobilePhone } from './phone.js';

describe('normalizeJapanesePhone', () => {
  it.each([
    ['03-1234-5678', '+81312345678'],
    ['0312345678', '+81312345678'],
    ['03(1234)5678', '+81312345678'],
    ['06-6123-4567', '+81661234567'],
    ['0120-123-456', '+81120123456'],
    ['090-1234-5678', '+819012345678'],
    ['050-1234-5678', '+815012345678'],
    ['＋８１　３－１２３４－５６７８', '+81312345678'],
    ['０３－１２３４－５６７８', '+81312345678'],
    ['+81 90 1234 5678', '+819012345678'],
  ])('%p → %s', (input, e164) => expect(normalizeJapanesePhone(input)).toBe(e164));
  it.each([
    ['a foreign number', '+1 212 555 0100'],
    ['too few digits', '03-1234-567'],
    ['too many digits', '090-1234-56789'],
    ['no trunk 0', '312345678'],
    ['text around the number', 'Tel: 03-1234-5678'],
    ['letters', '03-1234-ABCD'],
    ['nothing', ''],
  ])('rejects %s', (_what, input) => expect(normalizeJapanesePhone(input)).toBeNull());
});

describe('normalizeMobilePhone', () => {
  it.each([
    ['090-1234-5678', '+819012345678'],
    ['08012345678', '+818012345678'],
    ['070 1234 5678', '+817012345678'],
    ['０９０－１２３４－５６７８', '+819012345678'],
    ['０９０ー１２３４ー５６７８', '+819012345678'],
    ['+819012345678', '+819012345678'],
  ])('%p → %s', (input, e164) => expect(normalizeMobilePhone(input)).toBe(e164));
  it.each([
    ['an IP phone (050)', '050-1234-5678'],
    ['an M2M number (020)', '020-1234-5678'],
    ['a landline', '03-1234-5678'],
    ['a free-dial number', '0120-123-456'],
    ['a free-dial number that starts like a mobile (0800)', '0800-123-4567'],
    ['060 (not a mobile prefix)', '060-1234-5678'],
    ['a mobile number one digit short', '090-1234-567'],
    ['a mobile number one digit long', '090-1234-56789'],
    ['a foreign mobile', '+44 7400 123456'],
  ])('rejects %s', (_what, input) => expect(normalizeMobilePhone(input)).toBeNull());
});

describe('formatNationalPhone', () => {
  it('formats with the national trunk 0 and hyphens', () => {
    expect(formatNationalPhone('+819012345678')).toBe('090-1234-5678');
    expect(formatNationalPhone('+81312345678')).toBe('03-1234-5678');
  });
  it('returns an unparsable value unchanged', () => {
    expect(formatNationalPhone('not a phone')).toBe('not a phone');
  });
});

describe('maskPhone', () => {
  it('hides the middle group of a mobile number', () => {
    expect(maskPhone('+819012345678')).toBe('090-****-5678');
  });
  it('masks every mobile number as its national format would, group by group', () => {
    for (const prefix of ['70', '80', '90']) {
      for (const rest of ['10000000', '12345678', '98765432', '55501234', '99999999']) {
        const e164 = `+81${prefix}${rest}`;
        const viaFormat = formatNationalPhone(e164).split('-').map((group, i, all) => (i === 0 || i === all.length - 1 ? group : '*'.repeat(group.length))).join('-');
        expect(maskPhone(e164)).toBe(viaFormat);
      }
    }
  });
  it('hides the middle group of a landline', () => {
    expect(maskPhone('+81312345678')).toBe('03-****-5678');
  });
  it('never shows more than the last four digits of a value it cannot format', () => {
    expect(maskPhone('12345678')).toBe('****5678');
  });
});
