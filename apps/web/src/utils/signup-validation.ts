/**
 * The sign-up form's field checks: the same shared-types rules the API applies, so a
 * person sees the problem next to the field before submitting. The API stays the authority.
 */
import {
  FieldErrorCodes,
  isFullWidthKatakana,
  isValidCorporateNumber,
  isValidEmail,
  normalizeJapanesePhone,
  normalizePostalCode,
  SignupMaxLength,
  stripSeparators,
  toFullWidthKatakana,
  type FieldErrorCode,
  type SignupAdministrator,
  type SignupCompany,
} from '@corpweb/shared-types';

export interface SignupDraft {
  company: SignupCompany;
  administrator: SignupAdministrator;
}

export type SignupField = `company.${keyof SignupCompany}` | `administrator.${keyof SignupAdministrator}`;

/** The column limits the API checks, by form field (one source: SignupMaxLength in shared-types). */
export const SIGNUP_MAX_LENGTH: Record<SignupField, number> = {
  ...(Object.fromEntries(Object.entries(SignupMaxLength.company).map(([key, max]) => [`company.${key}`, max])) as Record<`company.${keyof SignupCompany}`, number>),
  ...(Object.fromEntries(Object.entries(SignupMaxLength.administrator).map(([key, max]) => [`administrator.${key}`, max])) as Record<`administrator.${keyof SignupAdministrator}`, number>),
};

export const SIGNUP_FIELDS = Object.keys(SIGNUP_MAX_LENGTH) as SignupField[];

export function emptySignupDraft(): SignupDraft {
  return {
    company: { name: '', nameKana: '', corporateNumber: '', postalCode: '', address: '', phone: '' },
    administrator: { name: '', nameKana: '', department: '', email: '', phone: '' },
  };
}

export function fieldValue(draft: SignupDraft, field: SignupField): string {
  const [group, key] = field.split('.') as ['company' | 'administrator', string];
  return (draft[group] as unknown as Record<string, string>)[key] ?? '';
}

const FORMAT_RULES: Partial<Record<SignupField, (value: string) => FieldErrorCode | null>> = {
  'company.nameKana': (v) => (isFullWidthKatakana(v) ? null : FieldErrorCodes.NOT_KATAKANA),
  'company.corporateNumber': (v) => (isValidCorporateNumber(stripSeparators(v)) ? null : FieldErrorCodes.CORPORATE_NUMBER_INVALID),
  'company.postalCode': (v) => (normalizePostalCode(v) ? null : FieldErrorCodes.POSTAL_CODE_INVALID),
  'company.phone': (v) => (normalizeJapanesePhone(v) ? null : FieldErrorCodes.PHONE_INVALID),
  'administrator.nameKana': (v) => (isFullWidthKatakana(v) ? null : FieldErrorCodes.NOT_KATAKANA),
  'administrator.email': (v) => (isValidEmail(v) ? null : FieldErrorCodes.EMAIL_INVALID),
  'administrator.phone': (v) => (normalizeJapanesePhone(v) ? null : FieldErrorCodes.PHONE_INVALID),
};

const KANA_FIELDS: ReadonlySet<SignupField> = new Set(['company.nameKana', 'administrator.nameKana']);

/** A kana field as the API will read it (the shared normalisation); other fields only trimmed. */
export function normalizeSignupField(field: SignupField, raw: string): string {
  return KANA_FIELDS.has(field) ? toFullWidthKatakana(raw) : raw.trim();
}

export function validateSignupField(field: SignupField, raw: string): FieldErrorCode | null {
  const value = normalizeSignupField(field, raw);
  if (value === '') return FieldErrorCodes.REQUIRED;
  const format = FORMAT_RULES[field]?.(value) ?? null;
  if (format) return format;
  // length after normalisation: "7000-0120-5000-2" is 13 digits once the hyphens are gone
  const normalized = field === 'company.corporateNumber' ? stripSeparators(value) : value;
  return [...normalized].length > SIGNUP_MAX_LENGTH[field] ? FieldErrorCodes.TOO_LONG : null;
}

export type SignupErrors = Partial<Record<SignupField, FieldErrorCode>>;

export function validateSignup(draft: SignupDraft): SignupErrors {
  const errors: SignupErrors = {};
  for (const field of SIGNUP_FIELDS) {
    const code = validateSignupField(field, fieldValue(draft, field));
    if (code) errors[field] = code;
  }
  return errors;
}

/** What is sent: trimmed, kana names normalised, the corporate number as 13 ASCII digits and the postal code as NNN-NNNN. */
export function normalizeSignupDraft(draft: SignupDraft): SignupDraft {
  const trim = <T extends object>(group: T): T =>
    Object.fromEntries(Object.entries(group).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;
  const company = trim(draft.company);
  const administrator = trim(draft.administrator);
  return {
    company: {
      ...company,
      nameKana: toFullWidthKatakana(company.nameKana),
      corporateNumber: stripSeparators(company.corporateNumber),
      postalCode: normalizePostalCode(company.postalCode) ?? company.postalCode,
    },
    administrator: { ...administrator, nameKana: toFullWidthKatakana(administrator.nameKana) },
  };
}
