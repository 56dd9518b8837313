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
  PASSWORD_NOT_LOCKED: 409,
};

/** One sentence per code (RFC 9457 `title`): the same for every occurrence of the code. */
export const TITLE_BY_CODE: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request has invalid fields.',
  MALFORMED_REQUEST: 'The request body could not be read.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body has an unsupported content type.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  NOT_FOUND: 'The resource was not found.',
  METHOD_NOT_ALLOWED: 'The method is not allowed on this resource.',
  RATE_LIMITED: 'Too many requests; try again later.',
  INTERNAL_ERROR: 'An unexpected error occurred.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable.',
  MAINTENANCE: 'The service is in its maintenance window.',
  UNAUTHENTICATED: 'A valid session is required.',
  CSRF_TOKEN_INVALID: 'The CSRF token is missing or does not match.',
  ORIGIN_NOT_ALLOWED: 'Requests from this origin are not allowed.',
  FORBIDDEN: 'The session is not allowed to do this.',
  INVALID_CREDENTIALS: 'The login ID or password is not correct.',
  ACCOUNT_LOCKED: 'The account is locked after repeated failed logins.',
  PASSWORD_NOT_SET: 'The account has no password yet.',
  TOKEN_INVALID: 'The link is invalid or has expired.',
  TERMS_NOT_AGREED: 'The terms must be agreed to.',
  TERMS_VERSION_STALE: 'The terms have changed since they were agreed to.',
  APPLICATION_EXISTS: 'An application for this corporate number already exists.',
  APPLICATION_NOT_FOUND: 'The application was not found.',
  APPLICATION_ALREADY_DECIDED: 'The application has already been decided.',
  CARD_NUMBER_INVALID: 'The card number is not valid.',
  CARD_BRAND_NOT_SUPPORTED: 'The card brand is not supported.',
  CARD_OR_PIN_INVALID: 'The card number or PIN is not correct.',
  PIN_LOCKED: 'The card is locked after repeated wrong PINs.',
  CARD_NOT_FOUND: 'The card was not found.',
  CARD_ALREADY_EXISTS: 'The card is already in the card master.',
  CARD_NOT_ACTIVE: 'The card is no longer active.',
  IMPORT_NOT_FOUND: 'The card import was not found.',
  INQUIRY_NOT_FOUND: 'The card inquiry has expired or belongs to another session.',
  NOT_ENROLLED: 'The card is not enrolled.',
  SECURE_ID_TAKEN: 'The secure ID is already in use.',
  VERIFICATION_NOT_FOUND: 'The verification was not found or has expired.',
  OTP_INVALID: 'The verification code is not correct.',
  OTP_EXPIRED: 'The verification code has expired.',
  OTP_RATE_LIMITED: 'Too many verification codes were requested.',
  ACS_TRANSACTION_NOT_FOUND: 'The authentication transaction was not found.',
  CHALLENGE_CLOSED: 'The authentication challenge has ended.',
  SERVER_BUSY: 'The server is busy; try again in a moment.',
  MFA_REQUIRED: 'A one-time code from the authenticator app is required.',
  MFA_ENROLLMENT_REQUIRED: 'Set up the second factor before using the back office.',
  PASSWORD_NOT_LOCKED: 'The fixed password is not locked at checkout.',
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
