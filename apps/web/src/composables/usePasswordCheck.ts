/**
 * Live password checking with the shared rules: the local
 * rules from shared-types at every keystroke, and the zxcvbn strength score from ./password-strength.ts, a
 * lazy chunk imported as soon as a password screen opens (its dictionary is the largest part of the SPA). The
 * API applies the same rules with the full dictionaries and has the last word.
 */
import { computed, onMounted, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { FieldErrorCodes, checkPasswordRules, type FieldErrorCode, type PasswordContext } from '@corpweb/shared-types';

type StrengthModule = typeof import('./password-strength.js');
let strengthModule: Promise<StrengthModule> | undefined;

export function loadStrengthModule(): Promise<StrengthModule> {
  strengthModule ??= import('./password-strength.js');
  return strengthModule;
}

export type ChecklistKey = 'length' | 'characters' | 'repeated' | 'sequential' | 'loginId' | 'secureId' | 'cardDigits' | 'date' | 'common';

/** Which rule codes each checklist line stands for. */
export const CHECKLIST_CODES: Record<ChecklistKey, FieldErrorCode[]> = {
  length: [FieldErrorCodes.PASSWORD_TOO_SHORT, FieldErrorCodes.PASSWORD_TOO_LONG],
  characters: [FieldErrorCodes.PASSWORD_INVALID_CHARACTERS],
  repeated: [FieldErrorCodes.PASSWORD_REPEATED_CHARACTERS],
  sequential: [FieldErrorCodes.PASSWORD_SEQUENTIAL_CHARACTERS],
  loginId: [FieldErrorCodes.PASSWORD_CONTAINS_LOGIN_ID],
  secureId: [FieldErrorCodes.PASSWORD_CONTAINS_SECURE_ID],
  cardDigits: [FieldErrorCodes.PASSWORD_CONTAINS_CARD_DIGITS],
  date: [FieldErrorCodes.PASSWORD_CONTAINS_DATE],
  common: [FieldErrorCodes.PASSWORD_TOO_COMMON],
};

/** The checklist lines that apply: ID and card lines only when that value is known. */
export function checklistKeys(context: PasswordContext): ChecklistKey[] {
  const keys: ChecklistKey[] = ['length', 'characters', 'repeated', 'sequential'];
  if (context.loginId) keys.push('loginId');
  if (context.secureId) keys.push('secureId');
  if (context.cardNumber) keys.push('cardDigits');
  keys.push('date', 'common');
  return keys;
}

export interface ChecklistLine {
  key: ChecklistKey;
  /** null while the answer is not known yet (empty password, strength module still loading) */
  met: boolean | null;
}

export function checklist(keys: ChecklistKey[], password: string, violations: FieldErrorCode[], strengthKnown: boolean): ChecklistLine[] {
  return keys.map((key) => {
    if (password === '' || (key === 'common' && !strengthKnown)) return { key, met: null };
    return { key, met: !CHECKLIST_CODES[key].some((code) => violations.includes(code)) };
  });
}

/**
 * What the meter shows: never "strong" beside a failed rule. While any checklist line is unmet the bar stays
 * at 弱い (1) at most, whatever zxcvbn thinks of the characters.
 */
export function meterScore(score: number | null, lines: ChecklistLine[]): number | null {
  if (score === null) return null;
  return lines.some((line) => line.met === false) ? Math.min(score, 1) : score;
}

export function usePasswordCheck(password: MaybeRefOrGetter<string>, context: MaybeRefOrGetter<PasswordContext>) {
  const strength = shallowRef<StrengthModule | null>(null);
  const score = ref<number | null>(null);
  const tooCommon = ref(false);

  onMounted(async () => {
    strength.value = await loadStrengthModule();
  });

  const localCodes = computed(() => checkPasswordRules(toValue(password), toValue(context)));

  // zxcvbn takes a few milliseconds per call: run it after typing pauses
  let timer: ReturnType<typeof setTimeout> | undefined;
  function assessWith(mod: StrengthModule, value: string, ctx: PasswordContext) {
    const inputs = [ctx.loginId, ctx.secureId, ctx.phone].filter((s): s is string => !!s);
    const result = mod.assessPasswordStrength(value, inputs);
    score.value = result.score;
    tooCommon.value = result.tooCommon;
  }
  watch(
    [() => toValue(password), () => toValue(context), strength],
    ([value, ctx, mod]) => {
      clearTimeout(timer);
      if (!mod || value === '') {
        score.value = null;
        tooCommon.value = false;
        return;
      }
      timer = setTimeout(() => assessWith(mod, value, ctx), 150);
    },
    { immediate: true },
  );

  const violations = computed<FieldErrorCode[]>(() =>
    tooCommon.value ? [...localCodes.value, FieldErrorCodes.PASSWORD_TOO_COMMON] : localCodes.value,
  );
  const strengthKnown = computed(() => score.value !== null);
  const lines = computed(() => checklist(checklistKeys(toValue(context)), toValue(password), violations.value, strengthKnown.value));
  /** every rule passes and the strength has been assessed */
  const acceptable = computed(() => toValue(password) !== '' && strengthKnown.value && violations.value.length === 0);

  /**
   * Judges the current password now, loading the strength module first if it is not there yet: a submit
   * awaits this instead of being dropped while the module downloads.
   */
  async function assessNow(): Promise<void> {
    const mod = strength.value ?? (strength.value = await loadStrengthModule());
    clearTimeout(timer);
    const value = toValue(password);
    if (value === '') return;
    assessWith(mod, value, toValue(context));
  }

  const meter = computed(() => meterScore(score.value, lines.value));

  return { score, meter, violations, lines, acceptable, strengthKnown, assessNow };
}
