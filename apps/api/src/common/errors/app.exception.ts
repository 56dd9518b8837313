/** The one exception type for expected failures: a code from shared-types and its HTTP status. */
import type { ErrorCode, FieldError } from '@corpweb/shared-types';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  MALFORMED_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  SERVER_BUSY: 503,
  MAINTENANCE: 503,
  UNAUTHENTICATED: 401,
  CSRF_TOKEN_INVALID: 403,
  ORIGIN_NOT_ALLOWED: 403,
  FORBIDDEN: 403,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  MFA_REQUIRED: 401,
  MFA_ENROLLMENT_REQUIRED: 403,
  PASSWORD_NOT_SET: 401,
  TOKEN_INVALID: 410,
  TERMS_NOT_AGREED: 422,
  TERMS_VERSION_STALE: 422,
  APPLICATION_EXISTS: 409,
  APPLICATION_NOT_FOUND: 404,
  APPLICATION_ALREADY_DECIDED: 409,
  CARD_NUMBER_INVALID: 422,
  CARD_BRAND_NOT_SUPPORTED: 422,
  CARD_OR_PIN_INVALID: 422,
  PIN_LOCKED: 423,
  CARD_NOT_FOUND: 404,
  CARD_ALREADY_EXISTS: 409,
  CARD_NOT_ACTIVE: 409,
  IMPORT_NOT_FOUND: 404,
  INQUIRY_NOT_FOUND: 404,
  NOT_ENROLLED: 409,
  SECURE_ID_TAKEN: 409,
  VERIFICATION_NOT_FOUND: 404,
  OTP_INVALID: 422,
  OTP_EXPIRED: 410,
  OTP_RATE_LIMITED: 429,
  ACS_TRANSACTION_NOT_FOUND: 404,
  CHALLENGE_CLOSED: 409,
  PASSKEY_INVALID: 401,
  PASSKEY_REGISTRATION_FAILED: 422,
  PASSKEY_NOT_REGISTERED: 409,
};

export const TITLE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request has invalid fields',
  CARD_OR_PIN_INVALID: 'The card number or PIN is not correct',
  INVALID_CREDENTIALS: 'The login ID or password is not correct',
  MAINTENANCE: 'The service is in its maintenance window',
};

export class AppException extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly fieldErrors?: FieldError[],
    readonly headers: Record<string, string> = {},
    detail?: string,
  ) {
    super(detail ?? TITLE_BY_CODE[code] ?? code);
    this.status = STATUS_BY_CODE[code];
  }

  static validation(errors: FieldError[]): AppException {
    return new AppException('VALIDATION_FAILED', errors);
  }
}
