// Card number, PIN and expiry rules: 14–19 Luhn-valid digits, only JCB (IIN 3528–3589) is enrolled.
import type { CardBrand } from '../api/member.js';
import { FieldErrorCodes } from '../errors.js';
import { Limits } from '../limits.js';
import { stripSeparators } from './normalize.js';

/** Strips ASCII/full-width spaces and hyphens and converts full-width digits; anything else is kept so validation can refuse it. */
export function normalizeCardNumber(input: string): string {
  return stripSeparators(input);
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** IIN ranges as [prefix length, from, to]; the first match wins, so narrower ranges come first. */
const IIN_RANGES: ReadonlyArray<readonly [CardBrand, number, number, number]> = [
  ['JCB', 4, 3528, 3589],
  ['AMEX', 2, 34, 34],
  ['AMEX', 2, 37, 37],
  ['DINERS', 3, 300, 305],
  ['DINERS', 2, 36, 36],
  ['DINERS', 2, 38, 39],
  ['VISA', 1, 4, 4],
  ['MASTERCARD', 2, 51, 55],
  ['MASTERCARD', 4, 2221, 2720],
  ['DISCOVER', 4, 6011, 6011],
  ['DISCOVER', 3, 644, 649],
  ['DISCOVER', 2, 65, 65],
  ['UNIONPAY', 2, 62, 62],
];

export function cardBrandFromIin(digits: string): CardBrand {
  for (const [brand, length, from, to] of IIN_RANGES) {
    const prefix = digits.slice(0, length);
    if (prefix.length === length && /^\d+$/.test(prefix) && Number(prefix) >= from && Number(prefix) <= to) {
      return brand;
    }
  }
  return 'UNKNOWN';
}

export type CardNumberValidation =
  | { ok: true; digits: string; brand: 'JCB' }
  | { ok: false; code: typeof FieldErrorCodes.REQUIRED | typeof FieldErrorCodes.CARD_NUMBER_INVALID | typeof FieldErrorCodes.CARD_BRAND_NOT_SUPPORTED };

export function validateCardNumber(input: string): CardNumberValidation {
  const digits = normalizeCardNumber(input);
  // nothing typed is "please enter", not "the number is wrong"
  if (digits === '') return { ok: false, code: FieldErrorCodes.REQUIRED };
  if (!/^\d{14,19}$/.test(digits) || !luhnValid(digits)) {
    return { ok: false, code: FieldErrorCodes.CARD_NUMBER_INVALID };
  }
  if (cardBrandFromIin(digits) !== 'JCB') {
    return { ok: false, code: FieldErrorCodes.CARD_BRAND_NOT_SUPPORTED };
  }
  return { ok: true, digits, brand: 'JCB' };
}

/** The only form a card number may take outside the vault: `3540 **** **** 1234`. */
export function maskCardNumber(first4: string, last4: string): string {
  return `${first4} **** **** ${last4}`;
}

const PIN = new RegExp(`^[0-9]{${Limits.pinLength}}$`);

export function isValidPin(pin: string): boolean {
  return PIN.test(pin);
}

export function isValidExpiryYymm(yymm: string): boolean {
  return /^\d{2}(0[1-9]|1[0-2])$/.test(yymm);
}

function parseExpiry(yymm: string): { year: number; month: number } {
  if (!isValidExpiryYymm(yymm)) throw new RangeError(`invalid expiry YYMM: ${yymm}`);
  return { year: 2000 + Number(yymm.slice(0, 2)), month: Number(yymm.slice(2)) };
}

/** `2712` → `12/27`. Throws RangeError on a malformed value (stored expiries are validated on import). */
export function formatExpiry(yymm: string): string {
  parseExpiry(yymm);
  return `${yymm.slice(2)}/${yymm.slice(0, 2)}`;
}

/**
 * A card is valid through the last day of its expiry month in the issuer's time zone, so the month is
 * compared as the calendar month at `now` in `timeZone`, not in the server's zone or UTC.
 */
export function isExpired(yymm: string, now: Date, timeZone = 'Asia/Tokyo'): boolean {
  const expiry = parseExpiry(yymm);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return year * 12 + month > expiry.year * 12 + expiry.month;
}
