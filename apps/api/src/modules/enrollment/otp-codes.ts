/**
 * One-time codes: 6 digits from a CSPRNG, stored only as HMAC(otpKey, verificationId‖code), compared
 * in constant time. Shared by enrollment phone verification and the ACS challenge.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export function newOtpCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function otpHmac(key: Buffer, verificationId: string, code: string): Buffer {
  return createHmac('sha256', key).update(`${verificationId}\u0000${code}`).digest();
}

export function otpMatches(key: Buffer, verificationId: string, code: string, stored: Buffer): boolean {
  const candidate = otpHmac(key, verificationId, code);
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
