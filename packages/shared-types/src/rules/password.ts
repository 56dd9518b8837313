// Fixed-password and portal-password rules. No third-party dependency: this sits in the SPA's initial bundle.
import { FieldErrorCodes, type FieldErrorCode } from '../errors.js';
import { Limits } from '../limits.js';
import { stripSeparators } from './normalize.js';

/** What the password must not contain; omit what does not apply (the portal password has no card or phone). */
export interface PasswordContext {
  secureId?: string;
  loginId?: string;
  cardNumber?: string;
  /** E.164 (`+819012345678`) or national (`090-1234-5678`) */
  phone?: string;
}

/** Returns true when the password breaks the rule. */
type Rule = (password: string, context: PasswordContext) => boolean;

/** Runs of this length count as repeated, sequential, or as a copy of card or phone digits. */
const RUN = 4;

const isTooShort: Rule = (password) => [...password].length < Limits.passwordMinLength;

/** At most 64 characters (code points). Checked first, everywhere a password is taken, before any costly check. */
export function isWithinPasswordMaxLength(password: string): boolean {
  return password.length <= Limits.passwordMaxLength || [...password].length <= Limits.passwordMaxLength;
}

const isTooLong: Rule = (password) => !isWithinPasswordMaxLength(password);

const hasNonPrintableAscii: Rule = (password) => !/^[\x20-\x7E]*$/.test(password);

/** `aaaa`, `1111`, and `aAaA` too: case does not make a run harder to guess. */
const hasRepeatedRun: Rule = (password) => /(.)\1{3}/i.test(password);

const hasSequentialRun: Rule = (password) => {
  const lower = password.toLowerCase();
  for (let i = 0; i + RUN <= lower.length; i++) {
    if (isSequence(lower.slice(i, i + RUN))) return true;
  }
  return false;
};

/** All digits or all letters, each code point one above (or one below) the previous: `1234`, `abcd`, `4321`, `dcba`. */
function isSequence(chunk: string): boolean {
  if (!/^(\d+|[a-z]+)$/.test(chunk)) return false;
  const step = chunk.charCodeAt(1) - chunk.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < chunk.length; i++) {
    if (chunk.charCodeAt(i) - chunk.charCodeAt(i - 1) !== step) return false;
  }
  return true;
}

function containsIgnoringCase(password: string, value: string | undefined): boolean {
  return !!value && password.toLowerCase().includes(value.toLowerCase());
}

const containsSecureId: Rule = (password, { secureId }) => containsIgnoringCase(password, secureId);

const containsLoginId: Rule = (password, { loginId }) => containsIgnoringCase(password, loginId);

/** True when any RUN consecutive digits of `digits` appear in the password. */
function containsDigitRunOf(password: string, digits: string): boolean {
  for (let i = 0; i + RUN <= digits.length; i++) {
    if (password.includes(digits.slice(i, i + RUN))) return true;
  }
  return false;
}

const containsCardDigits: Rule = (password, { cardNumber }) =>
  containsDigitRunOf(password, stripSeparators(cardNumber ?? '').replace(/\D/g, ''));

/** People write their phone number in national form, so `+8190…` is compared as `090…`. */
function nationalPhoneDigits(phone: string): string {
  const compact = stripSeparators(phone).replace(/[()（）]/g, '');
  return (compact.startsWith('+81') ? `0${compact.slice(3)}` : compact).replace(/\D/g, '');
}

const containsPhoneDigits: Rule = (password, { phone }) =>
  containsDigitRunOf(password, nationalPhoneDigits(phone ?? ''));

/** YYYYMMDD from 1900 to 2099 (birthdays, founding dates); the lookahead finds overlapping candidates. */
const DATE_LIKE = /(?=((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))/g;

const containsDate: Rule = (password) =>
  [...password.matchAll(DATE_LIKE)].some(
    ([, year, month, day]) => Number(day) <= daysInMonth(Number(year), Number(month)),
  );

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Each rule has its own code so the UI can say exactly why a password was refused. */
const PASSWORD_RULES: ReadonlyArray<{ code: FieldErrorCode; violated: Rule }> = [
  { code: FieldErrorCodes.PASSWORD_TOO_SHORT, violated: isTooShort },
  { code: FieldErrorCodes.PASSWORD_TOO_LONG, violated: isTooLong },
  { code: FieldErrorCodes.PASSWORD_INVALID_CHARACTERS, violated: hasNonPrintableAscii },
  { code: FieldErrorCodes.PASSWORD_REPEATED_CHARACTERS, violated: hasRepeatedRun },
  { code: FieldErrorCodes.PASSWORD_SEQUENTIAL_CHARACTERS, violated: hasSequentialRun },
  { code: FieldErrorCodes.PASSWORD_CONTAINS_SECURE_ID, violated: containsSecureId },
  { code: FieldErrorCodes.PASSWORD_CONTAINS_LOGIN_ID, violated: containsLoginId },
  { code: FieldErrorCodes.PASSWORD_CONTAINS_CARD_DIGITS, violated: containsCardDigits },
  { code: FieldErrorCodes.PASSWORD_CONTAINS_PHONE_DIGITS, violated: containsPhoneDigits },
  { code: FieldErrorCodes.PASSWORD_CONTAINS_DATE, violated: containsDate },
];

/** Every rule the password breaks, in table order; an empty array means it passes the local rules. */
export function checkPasswordRules(password: string, context: PasswordContext = {}): FieldErrorCode[] {
  return PASSWORD_RULES.filter(({ violated }) => violated(password, context)).map(({ code }) => code);
}
