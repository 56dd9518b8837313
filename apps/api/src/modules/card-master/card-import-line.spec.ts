import { describe, expect, it } from '@jest/globals';
import { corporateNumberCheckDigit } from '@corpweb/shared-types';
import { checkCardImportLine as check, expiryCheckAt, isCardImportHeader } from './card-import-line.js';

// 2026-11-25 12:00 JST
const NOW = new Date('2026-11-25T03:00:00.000Z');
const CORPORATE_NUMBER = `${corporateNumberCheckDigit('000012010155')}000012010155`;
const PAN = '3540123456789016';

function checkCardImportLine(record: string[], now: Date, timeZone: string) {
  return check(record, expiryCheckAt(now, timeZone));
}

function line(overrides: Record<number, string> = {}): string[] {
  const record = [CORPORATE_NUMBER, PAN, '2712', '0123', '山田 太郎'];
  for (const [index, value] of Object.entries(overrides)) record[Number(index)] = value;
  return record;
}

describe('card import header', () => {
  it('accepts the columns in order, case- and space-insensitively', () => {
    expect(isCardImportHeader(['corporate_number', 'card_number', 'expiry_yymm', 'pin', 'holder_name'])).toBe(true);
    expect(isCardImportHeader([' Corporate_Number', 'CARD_NUMBER ', 'expiry_yymm', 'pin', 'holder_name'])).toBe(true);
    expect(isCardImportHeader(['card_number', 'corporate_number', 'expiry_yymm', 'pin', 'holder_name'])).toBe(false);
    expect(isCardImportHeader(['corporate_number', 'card_number', 'expiry_yymm', 'pin'])).toBe(false);
  });
});

describe('card import line', () => {
  it('accepts a valid line, trimming cells and normalizing the card number', () => {
    expect(checkCardImportLine(line({ 1: ' 3540-1234-5678-9016 ', 4: ' 山田 太郎 ' }), NOW, 'Asia/Tokyo')).toEqual({
      ok: true, value: { corporateNumber: CORPORATE_NUMBER, pan: PAN, expiryYymm: '2712', pin: '0123', holderName: '山田 太郎' },
    });
  });

  it.each([
    ['COLUMN_COUNT', line().slice(0, 4)],
    ['COLUMN_COUNT', [...line(), 'extra']],
    ['CORPORATE_NUMBER_CHECK_DIGIT', line({ 0: '1234567890123' })],
    ['CORPORATE_NUMBER_INVALID', line({ 0: '123456789012' })],
    ['CARD_NUMBER_INVALID', line({ 1: '3540123456789010' })],
    ['CARD_BRAND_NOT_SUPPORTED', line({ 1: '4111111111111111' })],
    ['EXPIRY_INVALID', line({ 2: '2713' })],
    ['EXPIRY_INVALID', line({ 2: '12/27' })],
    ['CARD_EXPIRED', line({ 2: '2610' })],
    ['PIN_INVALID', line({ 3: '123' })],
    ['PIN_INVALID', line({ 3: '12a4' })],
    ['REQUIRED', line({ 4: '  ' })],
    ['TOO_LONG', line({ 4: '山'.repeat(101) })],
    ['INVALID_FORMAT', line({ 4: '山田\n太郎' })],
    ['INVALID_FORMAT', line({ 4: '山田\ufffd' })],
  ])('reports %s', (code, record) => {
    expect(checkCardImportLine(record, NOW, 'Asia/Tokyo')).toEqual({ ok: false, codes: [code] });
  });

  it('reports every failing column, in column order', () => {
    expect(checkCardImportLine(line({ 0: '1234567890123', 1: 'x', 2: '2610', 3: 'y', 4: '' }), NOW, 'Asia/Tokyo')).toEqual({
      ok: false, codes: ['CORPORATE_NUMBER_CHECK_DIGIT', 'CARD_NUMBER_INVALID', 'CARD_EXPIRED', 'PIN_INVALID', 'REQUIRED'],
    });
  });

  it('treats a card as valid through the last day of its expiry month in Tokyo', () => {
    expect(checkCardImportLine(line({ 2: '2611' }), NOW, 'Asia/Tokyo').ok).toBe(true);
    // 2026-11-30T15:30Z is already December 1st in Tokyo
    expect(checkCardImportLine(line({ 2: '2611' }), new Date('2026-11-30T15:30:00Z'), 'Asia/Tokyo')).toEqual({ ok: false, codes: ['CARD_EXPIRED'] });
  });

  it('counts the holder name in characters, not UTF-16 units', () => {
    expect(checkCardImportLine(line({ 4: '𠮷'.repeat(100) }), NOW, 'Asia/Tokyo').ok).toBe(true);
  });
});
