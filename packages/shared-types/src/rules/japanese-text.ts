// Sign-up form text rules: company/administrator kana names (one normalisation, one check, both sides), postal code,
// e-mail address.
import { toAsciiDigits } from './normalize.js';

/**
 * Kana name fields (法人名・氏名のフリガナ): full-width katakana (ァ–ヶ, ヴ, ー, ・), full-width digits, a full-width
 * space between words and the symbols company kana names use (（）．，－／＆). Letters are refused, full-width
 * or not: "Ｙａｍａｄａ" is romaji, not furigana, and staff must be able to read the name aloud.
 */
const KANA_NAME = /^[\u30A1-\u30F6\u30FB\u30FC\u3000（）．，－／＆０-９]+$/;

/** True when `s` is already a kana name as stored (see `toFullWidthKatakana` for what is normalised first). */
export function isFullWidthKatakana(s: string): boolean {
  return KANA_NAME.test(s) && /[\u30A1-\u30F6]/.test(s);
}

const HALF_WIDTH_KANA_RUN = /[\uFF61-\uFF9F]+/g;
const HIRAGANA = /[\u3041-\u3096\u309D\u309E]/g;
/** What a kana name may hold typed half-width (or as a look-alike): space, digits and the allowed symbols. */
const ASCII_IN_KANA_NAME = /[ ()0-9.,\-/&]/g;
const SPACES = /[\s\u3000]+/g;

/**
 * The one normalisation both the SPA and the API apply to kana name fields before checking them:
 * half-width kana (dakuten joined, ｶﾞ → ガ) and hiragana become full-width katakana; ASCII spaces, digits and
 * the allowed symbols become their full-width forms; runs of spaces become one full-width space; the ends are
 * trimmed. Letters are left as they are, so `isFullWidthKatakana` still refuses romaji.
 */
export function toFullWidthKatakana(s: string): string {
  return s
    .replace(HALF_WIDTH_KANA_RUN, (run) => run.normalize('NFKC'))
    .replace(HIRAGANA, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(ASCII_IN_KANA_NAME, (c) => (c === ' ' ? ' ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)))
    .replace(SPACES, ' ')
    .trim()
    .replace(/ /g, '\u3000');
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
