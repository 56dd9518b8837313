// Sign-up form text rules: company/administrator names in full-width katakana, postal code, e-mail address.
import { toAsciiDigits } from './normalize.js';

/** Katakana (ァ–ヶ, ー, ・), full-width space, （）and full-width alphanumerics, as banks accept in company kana names. */
const FULL_WIDTH_KANA_NAME = /^[\u30A1-\u30F6\u30FB\u30FC\u3000（）０-９Ａ-Ｚａ-ｚ]+$/;

export function isFullWidthKatakana(s: string): boolean {
  return FULL_WIDTH_KANA_NAME.test(s) && s.replace(/\u3000/g, '') !== '';
}

const HALF_WIDTH_KANA_RUN = /[\uFF61-\uFF9F]+/g;
const HIRAGANA = /[\u3041-\u3096\u309D\u309E]/g;
/** The other characters a kana name may hold, typed half-width: space, parentheses, letters and digits. */
const ASCII_IN_KANA_NAME = /[ ()0-9A-Za-z]/g;

/**
 * Input hint for kana name fields: half-width kana (dakuten joined, ｶﾞ → ガ) and hiragana become full-width
 * katakana, and ASCII space, parentheses and alphanumerics become their full-width forms.
 */
export function toFullWidthKatakana(s: string): string {
  return s
    .replace(HALF_WIDTH_KANA_RUN, (run) => run.normalize('NFKC'))
    .replace(HIRAGANA, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(ASCII_IN_KANA_NAME, (c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
}

/** Accepts `1000001`, `100-0001` and their full-width forms; returns `100-0001`, or null when it is not a postal code. */
export function normalizePostalCode(s: string): string | null {
  const match = /^(\d{3})[-－ー]?(\d{4})$/.exec(toAsciiDigits(s.trim()));
  return match ? `${match[1]}-${match[2]}` : null;
}

/** Local part: printable ASCII except space and @ (so IME full-width input is caught); domain: ASCII labels. */
const EMAIL = /^[!-?A-~]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Pragmatic, not RFC 5322: one @, no spaces, a domain with a dot, at most 254 characters (RFC 5321 path limit). */
export function isValidEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}
