/** Member endpoints: card inquiry, enrollment, dashboard. */
export const EnrollmentStatuses = ['UNREGISTERED', 'REGISTERED', 'REREGISTRATION_REQUIRED'] as const;
export type EnrollmentStatus = (typeof EnrollmentStatuses)[number];
export const EnrollmentMethods = ['OTP', 'PASSWORD'] as const;
export type EnrollmentMethod = (typeof EnrollmentMethods)[number];
export const CardBrands = ['JCB', 'VISA', 'MASTERCARD', 'AMEX', 'DINERS', 'DISCOVER', 'UNIONPAY', 'UNKNOWN'] as const;
export type CardBrand = (typeof CardBrands)[number];

export interface CardInquiryRequest {
  cardNumber: string;
  pin: string;
}
export interface MaskedCard {
  /** `3540 **** **** 1234` */
  maskedNumber: string;
  brand: CardBrand;
  /** MM/YY */
  expiry: string;
}
export interface EnrollmentView {
  status: EnrollmentStatus;
  method?: EnrollmentMethod;
  secureId?: string;
  /** `090-****-5678` */
  maskedPhone?: string;
  updatedAt?: string;
}
export interface CardInquiryResponse {
  inquiryId: string;
  expiresAt: string;
  card: MaskedCard;
  enrollment: EnrollmentView;
}
export interface PasswordEnrollmentRequest {
  secureId: string;
  method: 'PASSWORD';
  password: string;
}
export interface OtpEnrollmentRequest {
  secureId: string;
  method: 'OTP';
  phone: string;
}
export type EnrollmentRequest = PasswordEnrollmentRequest | OtpEnrollmentRequest;
export interface OtpVerificationStarted {
  verificationId: string;
  expiresAt: string;
  maskedPhone: string;
  /** earliest time a new code may be requested */
  resendAvailableAt: string;
}
export interface OtpVerificationRequest {
  verificationId: string;
  code: string;
}
export interface CompanyCard {
  cardId: string;
  card: MaskedCard;
  holderName: string;
  pinLocked: boolean;
  enrollment: EnrollmentView;
}
export interface CompanyCardsResponse {
  items: CompanyCard[];
  summary: Record<EnrollmentStatus, number>;
}
export interface FraudDataSharingRequest {
  enabled: boolean;
}
export interface FraudDataSharingResponse {
  enabled: boolean;
}

/**
 * `POST /card-inquiries/{inquiryId}/enrollment/password-check` → 204 when the fixed password passes every rule
 * the registration applies (including "not the portal password"), else 422 with the rule codes. Registers nothing.
 */
export interface FixedPasswordCheckRequest {
  /** the secure ID typed so far (the password must not contain it); may be empty */
  secureId: string;
  password: string;
}
