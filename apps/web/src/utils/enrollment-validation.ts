/** The 登録/変更 form's checks with the shared rules: secure ID, OTP mobile number, fixed password. */
import {
  FieldErrorCodes,
  checkPasswordRules,
  normalizeMobilePhone,
  validateSecureId,
  type FieldErrorCode,
} from '@corpweb/shared-types';
import type { EnrollmentDraft } from '../stores/enrollment';

export type EnrollmentField = 'secureId' | 'phone' | 'password' | 'passwordConfirmation';
/** A field rule code, the confirmation mismatch, or the API's 409 for a secure ID someone else holds. */
export type EnrollmentErrorCode = FieldErrorCode | 'MISMATCH' | 'SECURE_ID_TAKEN';
export type EnrollmentErrors = Partial<Record<EnrollmentField, EnrollmentErrorCode>>;

export interface EnrollmentContext {
  loginId?: string;
  cardNumber?: string;
}

/**
 * Local checks only; the strength score (PASSWORD_TOO_COMMON) comes from the lazily loaded module and is
 * added by the form, and the API adds "same as the portal password".
 */
export function validateEnrollment(draft: EnrollmentDraft, confirmation: string, context: EnrollmentContext): EnrollmentErrors {
  const errors: EnrollmentErrors = {};
  const secureId = draft.secureId.trim();
  if (secureId === '') errors.secureId = FieldErrorCodes.REQUIRED;
  else {
    const [first] = validateSecureId(secureId, context.loginId);
    if (first) errors.secureId = first;
  }
  if (draft.method === 'OTP') {
    if (draft.phone.trim() === '') errors.phone = FieldErrorCodes.REQUIRED;
    else if (!normalizeMobilePhone(draft.phone)) errors.phone = FieldErrorCodes.MOBILE_PHONE_INVALID;
  } else {
    if (draft.password === '') errors.password = FieldErrorCodes.REQUIRED;
    else {
      const [first] = checkPasswordRules(draft.password, { secureId, loginId: context.loginId, cardNumber: context.cardNumber });
      if (first) errors.password = first;
    }
    if (confirmation !== draft.password) errors.passwordConfirmation = 'MISMATCH';
  }
  return errors;
}
