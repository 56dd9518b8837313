// The full strength check as the API runs it.
// A separate entry point (`@corpweb/shared-types/password-strength`) because its dictionaries are large (~240 KB
// gzip); the SPA lazy-loads a smaller set instead (apps/web/src/composables/password-strength.ts).
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { FieldErrorCodes, type FieldErrorCode } from '../errors.js';
import { checkPasswordRules, type PasswordContext } from './password.js';
import { strengthAssessor, type PasswordStrength } from './password-strength-rule.js';

export type { PasswordStrength };

/** The full @zxcvbn-ts/language-common set: the API's check, which has the last word. */
export const assessPasswordStrength = strengthAssessor(() => ({ dictionary, graphs: adjacencyGraphs }));

/** The local rules plus PASSWORD_TOO_COMMON: the full server-side check (the API adds the portal-password comparison). */
export function checkPassword(password: string, context: PasswordContext = {}): FieldErrorCode[] {
  const codes = checkPasswordRules(password, context);
  // zxcvbn's cost grows with the length (0.4–0.5 s of blocking for 256 characters): never run it on a password
  // that is refused anyway
  if (codes.includes(FieldErrorCodes.PASSWORD_TOO_LONG)) return codes;
  const userInputs = [context.secureId, context.loginId, context.phone].filter((s): s is string => !!s);
  if (assessPasswordStrength(password, userInputs).tooCommon) codes.push(FieldErrorCodes.PASSWORD_TOO_COMMON);
  return codes;
}
