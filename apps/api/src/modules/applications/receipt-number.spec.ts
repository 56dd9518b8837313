import { receiptKey, receiptNumber } from './receipt-number.js';

const key = receiptKey(Buffer.alloc(32, 4));
const at = new Date('2026-12-01T03:00:00.000Z');

describe('受付番号', () => {
  it('is formatted with the day of receipt and 8 unambiguous characters', () => {
    expect(receiptNumber('1', at, key)).toMatch(/^CW-261201-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
  it('is the same for the same application and unrelated between neighbours', () => {
    expect(receiptNumber('1', at, key)).toBe(receiptNumber(1, at, key));
    const a = receiptNumber('1', at, key).slice(10);
    const b = receiptNumber('2', at, key).slice(10);
    expect(a).not.toBe(b);
    expect(receiptNumber('1', at, key)).not.toContain('0001');
  });
  it('depends on the key', () => {
    expect(receiptNumber('1', at, receiptKey(Buffer.alloc(32, 5)))).not.toBe(receiptNumber('1', at, key));
  });
});
