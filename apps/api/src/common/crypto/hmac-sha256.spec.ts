import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { hmacSha256 } from './hmac-sha256.js';

const reference = (key: Buffer, parts: (Buffer | string)[]) => {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
};

describe('hmacSha256', () => {
  it('gives the bytes of createHmac for keys shorter than, equal to and longer than a block', () => {
    for (const keyLength of [0, 1, 16, 32, 63, 64, 65, 100, 200]) {
      const key = randomBytes(keyLength);
      for (let round = 0; round < 20; round += 1) {
        const parts = [`${randomInt(1000)}\n`, randomBytes(randomInt(0, 80)), 'x'.repeat(randomInt(0, 300))];
        expect(hmacSha256(key)(...parts).equals(reference(key, parts))).toBe(true);
      }
    }
  });

  it('encodes strings as UTF-8, including characters of three and four bytes', () => {
    const key = randomBytes(32);
    const parts = ['受付番号', '🙂 application:42', Buffer.from([0, 255])];
    expect(hmacSha256(key)(...parts).toString('hex')).toBe(reference(key, parts).toString('hex'));
  });

  it('grows its buffer for a long message and stays right for short ones after it', () => {
    const key = randomBytes(32);
    const long = 'é'.repeat(5000);
    expect(hmacSha256(key)(long).equals(reference(key, [long]))).toBe(true);
    expect(hmacSha256(key)('a').equals(reference(key, ['a']))).toBe(true);
  });

  it('keeps keys apart: two keys used in turn each give their own MAC', () => {
    const [first, second] = [randomBytes(32), randomBytes(32)];
    for (let round = 0; round < 5; round += 1) {
      expect(hmacSha256(first)('m').equals(reference(first, ['m']))).toBe(true);
      expect(hmacSha256(second)('m').equals(reference(second, ['m']))).toBe(true);
    }
    expect(hmacSha256(first)('m').equals(hmacSha256(second)('m'))).toBe(false);
  });
});
