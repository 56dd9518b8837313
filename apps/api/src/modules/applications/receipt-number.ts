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
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 8; i += 1) {
    code = ALPHABET[Number(bits & 31n)]! + code;
    bits >>= 5n;
  }
  const day = businessDateOf(receivedAt, timeZone); // YYYY-MM-DD
  return `CW-${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${code.slice(0, 4)}-${code.slice(4)}`;
}
