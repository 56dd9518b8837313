// Phone rules: company/administrator phones are any valid Japanese number; the OTP phone is a mobile 070/080/090 + 8 digits
// (the first of them 1–9: 0800 is a freephone prefix, which takes no SMS).
// `/core` with the `/min` metadata is exactly what `libphonenumber-js/min` bundles, imported by package paths
// so that no relative `*.json.js` import meets jest's `.js`-stripping module mapper.
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { stripSeparators } from './normalize.js';

/** National `0` + 9–10 digits or `+81` + the same without the 0; parentheses as in `03(1234)5678` are allowed. */
const JAPANESE_NUMBER = /^(0|\+81)[1-9]\d{8,9}$/;
const JAPANESE_MOBILE_E164 = /^\+81[789]0[1-9]\d{7}$/;

/**
 * E.164 (`+81312345678`) for a valid Japanese number, else null. The shape is checked before parsing because
 * libphonenumber also extracts numbers from surrounding text (`Tel: 03-…`), which a form field must not accept.
 */
export function normalizeJapanesePhone(input: string): string | null {
  const compact = stripSeparators(input)
    .replace(/[()（）]/g, '')
    .replace(/^＋/, '+');
  if (!JAPANESE_NUMBER.test(compact)) return null;
  const phone = parsePhoneNumberFromString(compact, 'JP', metadata);
  return phone?.countryCallingCode === '81' && phone.isValid() ? phone.number : null;
}

/** E.164 for a Japanese mobile number (070/080/090 + 8 digits), else null: 050 IP phones, 020 M2M and 0800 freephone numbers cannot take SMS OTP. */
export function normalizeMobilePhone(input: string): string | null {
  const e164 = normalizeJapanesePhone(input);
  return e164 !== null && JAPANESE_MOBILE_E164.test(e164) ? e164 : null;
}

/** `+819012345678` → `090-1234-5678`; a value that does not parse is returned unchanged. */
export function formatNationalPhone(e164: string): string {
  return parsePhoneNumberFromString(e164, metadata)?.formatNational() ?? e164;
}

/** `+819012345678` → `090-****-5678`: only the first and last groups stay visible. */
export function maskPhone(e164: string): string {
  // an SMS-OTP phone is always a mobile number, grouped 3-4-4: masked without parsing (2 % of a card inquiry's CPU)
  if (JAPANESE_MOBILE_E164.test(e164)) return `0${e164.slice(3, 5)}-****-${e164.slice(-4)}`;
  const groups = formatNationalPhone(e164).split('-');
  if (groups.length < 3) return `****${e164.slice(-4)}`;
  return groups.map((g, i) => (i === 0 || i === groups.length - 1 ? g : '*'.repeat(g.length))).join('-');
}
