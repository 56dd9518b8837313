/**
 * The SPA's strength check: the shared zxcvbn-ts rule with the most common passwords of
 * @zxcvbn-ts/language-common only (vite.config.ts builds `virtual:common-passwords` from the package at build
 * time), so this lazy chunk stays within its gzip budget (bench/web-size.mjs). A password ranked lower in the list
 * may pass here and still be refused by the API, which checks the full set and has the last word.
 */
import { adjacencyGraphs } from '@zxcvbn-ts/language-common';
import { COMMON_PASSWORDS, strengthAssessor } from '@corpweb/shared-types/password-strength-rule';
import { commonPasswords } from 'virtual:common-passwords';

export const assessPasswordStrength = strengthAssessor(() => ({
  dictionary: { [COMMON_PASSWORDS]: commonPasswords.split('\n') },
  graphs: adjacencyGraphs,
}));
