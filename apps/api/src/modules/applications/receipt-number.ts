/**
 * The 受付番号 a company quotes when it calls: `CW-261201-7K3F-9QX2` — the day of receipt and 8 characters of
 * an HMAC of the application id (Crockford base32, no I/L/O/U). Not guessable and not a count of applications
 * (the bare id "1" told everyone how many companies had applied, and invited trying "2"); derived, not
 * stored, so the back office shows the same number without a migration.
 */
import { hkdfSync } from 'node:crypto';
import { businessDateOf } from '../../common/clock/business-days.js';
import { hmacSha256 } from '../../common/crypto/hmac-sha256.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function receiptKey(otpKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', otpKey, Buffer.alloc(0), 'corpweb receipt number v1', 32));
}

export function receiptNumber(applicationId: string | number, receivedAt: Date, key: Buffer, timeZone = 'Asia/Tokyo'): string {
  const digest = hmacSha256(key)(`application:${applicationId}`);
  // the first 40 bits, 8 characters of 5 bits, most significant first (a Number holds 53 bits: no BigInt,
  // which cost a twentieth of a list page)
  let bits = digest.readUIntBE(0, 5);
  let code = '';
  for (let i = 0; i < 8; i += 1) {
    code = ALPHABET[bits % 32]! + code;
    bits = Math.floor(bits / 32);
  }
  const day = businessDateOf(receivedAt, timeZone); // YYYY-MM-DD
  return `CW-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${code.slice(0, 4)}-${code.slice(4)}`;
}
