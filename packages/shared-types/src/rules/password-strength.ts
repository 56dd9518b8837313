// Strength rule: zxcvbn-ts score 3 or more.
// A separate entry point (`@corpweb/shared-types/password-strength`) because its dictionaries are large: the SPA lazy-loads it.
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { FieldErrorCodes, type FieldErrorCode } from '../errors.js';
import { checkPasswordRules, type PasswordContext } from './password.js';

const MIN_SCORE = 3;
const COMMON_PASSWORDS = 'passwords-common';

let zxcvbn: ZxcvbnFactory | undefined;

/** Built on first use: ranking the dictionaries takes tens of milliseconds that an import should not cost. */
function estimator(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return zxcvbn;
}

/** The whole password is one blocklist entry (possibly l33t or reversed), whatever its score. */
function isCommonPassword(result: ZxcvbnResult): boolean {
  const [only, ...rest] = result.sequence;
  return rest.length === 0 && only?.pattern === 'dictionary' && only['dictionaryName'] === COMMON_PASSWORDS;
}

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  tooCommon: boolean;
}

/** `userInputs` (IDs, company name, …) count as known words, so a password built from them scores low. */
export function assessPasswordStrength(password: string, userInputs: string[]): PasswordStrength {
  const knownWords = userInputs.filter((s) => s !== '');
  const result = estimator().check(password, knownWords);
  return { score: result.score, tooCommon: result.score < MIN_SCORE || isCommonPassword(result) };
}

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
