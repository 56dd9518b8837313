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
  it('stays the number applicants were given: the same for the same id, day and key in every release', () => {
    const pinned = receiptKey(Buffer.alloc(32, 7));
    const evening = new Date('2026-12-01T15:30:00Z'); // 00:30 on 12-02 in Tokyo
    expect(['1', '42', '987654321'].map((id) => receiptNumber(id, evening, pinned))).toEqual(['CW-261202-C1TR-BWA0', 'CW-261202-ZX7Z-E627', 'CW-261202-TGZT-36GB']);
  });
  it('depends on the key', () => {
    expect(receiptNumber('1', at, receiptKey(Buffer.alloc(32, 5)))).not.toBe(receiptNumber('1', at, key));
  });
});
