// 本人認証ID rule: 6–20 chars of [A-Za-z0-9._-] with a letter, unique case-insensitively, not the login ID.
import { FieldErrorCodes, type FieldErrorCode } from '../errors.js';
import { Limits } from '../limits.js';

const SECURE_ID = new RegExp(`^[A-Za-z0-9._-]{${Limits.secureIdMinLength},${Limits.secureIdMaxLength}}$`);

/** Every violated rule, so the form can show them all at once; an empty array means the ID is acceptable. */
export function validateSecureId(secureId: string, loginId?: string): FieldErrorCode[] {
  const codes: FieldErrorCode[] = [];
  if (!SECURE_ID.test(secureId) || !/[A-Za-z]/.test(secureId)) codes.push(FieldErrorCodes.SECURE_ID_INVALID);
  if (loginId && normalizeSecureId(secureId) === loginId.toLowerCase()) {
    codes.push(FieldErrorCodes.SECURE_ID_SAME_AS_LOGIN_ID);
  }
  return codes;
}

/** The form uniqueness is checked and stored under: IDs differing only in case are the same ID. */
export function normalizeSecureId(s: string): string {
  return s.toLowerCase();
}

/**
 * For emails and other places a person only needs to recognise the ID: the first two characters and the last
 * one stay, the rest become `*` (`yamada.keiri` → `ya*********i`).
 */
export function maskSecureId(secureId: string): string {
  const chars = [...secureId];
  if (chars.length <= 3) return '*'.repeat(chars.length);
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 3)}${chars[chars.length - 1]}`;
}
