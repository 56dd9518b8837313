// The zxcvbn-ts strength rule (score 3 or more),
// given the dictionaries to judge with. Imports only @zxcvbn-ts/core: the API passes the full
// @zxcvbn-ts/language-common set (password-strength.ts), the SPA a smaller set built into its lazy chunk.
import { ZxcvbnFactory, type OptionsType, type ZxcvbnResult } from '@zxcvbn-ts/core';

const MIN_SCORE = 3;
/** the dictionary name whose single whole-password match means "too common", whatever the score */
export const COMMON_PASSWORDS = 'passwords-common';

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  tooCommon: boolean;
}

/** The whole password is one blocklist entry (possibly l33t or reversed), whatever its score. */
function isCommonPassword(result: ZxcvbnResult): boolean {
  const [only, ...rest] = result.sequence;
  return rest.length === 0 && only?.pattern === 'dictionary' && only['dictionaryName'] === COMMON_PASSWORDS;
}

export type StrengthAssessor = (password: string, userInputs: string[]) => PasswordStrength;

/**
 * `userInputs` (IDs, company name, …) count as known words, so a password built from them scores low. The
 * estimator is built on first use: ranking the dictionaries takes tens of milliseconds an import should not cost.
 */
export function strengthAssessor(options: () => OptionsType): StrengthAssessor {
  let zxcvbn: ZxcvbnFactory | undefined;
  return (password, userInputs) => {
    zxcvbn ??= new ZxcvbnFactory(options());
    const result = zxcvbn.check(password, userInputs.filter((s) => s !== ''));
    return { score: result.score, tooCommon: result.score < MIN_SCORE || isCommonPassword(result) };
  };
}
