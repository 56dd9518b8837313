/**
 * The authenticationValue (CAVV-like cryptogram) the ACS issues with Y and A: 20 bytes of
 * HMAC-SHA256(ACS_AV_KEY, transaction ‖ card ‖ amount ‖ ECI), base64 (28 characters). It is never stored: the
 * issuer's authorization host sends it back with the card and amount, the ACS recomputes it and compares in
 * constant time — so a value only verifies for the card and amount it was issued for.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AuthenticationValueInput {
  acsTransId: string;
  pan: string;
  purchaseAmount: string | null;
  purchaseCurrency: string | null;
  eci: string;
}

export function authenticationValue(key: Buffer, input: AuthenticationValueInput): string {
  const mac = createHmac('sha256', key)
    .update(['corpweb-av-v1', input.acsTransId, input.pan, input.purchaseAmount ?? '', input.purchaseCurrency ?? '', input.eci].join('\u0000'))
    .digest();
  return mac.subarray(0, 20).toString('base64');
}

export function authenticationValueMatches(key: Buffer, input: AuthenticationValueInput, candidate: string): boolean {
  const expected = Buffer.from(authenticationValue(key, input));
  const given = Buffer.from(candidate);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
