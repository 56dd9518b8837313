/** Member endpoints: session, profile, dashboard cards, card inquiry and enrollment. */
import type {
  CardInquiryRequest,
  CardInquiryResponse,
  CheckoutAuthenticationsResponse,
  CompanyCardsResponse,
  EnrollmentRequest,
  EnrollmentView,
  FraudDataSharingRequest,
  FraudDataSharingResponse,
  LoginRequest,
  LoginResponse,
  MeResponse,
  OtpVerificationRequest,
  OtpVerificationStarted,
  PasswordChangeRequest,
  FixedPasswordCheckRequest,
} from '@corpweb/shared-types';
import { http } from './client';

/** A failed login is 401 INVALID_CREDENTIALS, not an expired session: the call is public. */
export const login = (body: LoginRequest) => http.post<LoginResponse>('/session', body, { session: false });

export const logout = () => http.delete('/session');

/** Used to restore the session after a reload; its 401 is the normal "not logged in" answer. */
export const getMe = () => http.get<MeResponse>('/me', { session: false });

export const changePassword = (body: PasswordChangeRequest) => http.put<void>('/me/password', body);

export const listCompanyCards = () => http.get<CompanyCardsResponse>('/cards');

/** The company's newest checkout (3-D Secure) authentications, all cards. */
export const listCheckoutAuthentications = (limit?: number) =>
  http.get<CheckoutAuthenticationsResponse>('/checkout-authentications', { query: { limit } });

export const setFraudDataSharing = (body: FraudDataSharingRequest) =>
  http.put<FraudDataSharingResponse>('/company/fraud-data-sharing', body);

export const inquireCard = (body: CardInquiryRequest) => http.post<CardInquiryResponse>('/card-inquiries', body);

const enrollmentPath = (inquiryId: string) => `/card-inquiries/${encodeURIComponent(inquiryId)}/enrollment`;

/** 200 with the enrollment for a fixed password; 202 with a verification (SMS sent) for OTP. */
export const putEnrollment = (inquiryId: string, body: EnrollmentRequest) =>
  http.put<EnrollmentView | OtpVerificationStarted>(enrollmentPath(inquiryId), body);

export const verifyEnrollmentOtp = (inquiryId: string, body: OtpVerificationRequest) =>
  http.post<EnrollmentView>(`${enrollmentPath(inquiryId)}/verification`, body);

export const deleteEnrollment = (inquiryId: string) => http.delete(enrollmentPath(inquiryId));

/** 204 when the fixed password passes every rule of the registration (the portal password included). */
export const checkFixedPassword = (inquiryId: string, body: FixedPasswordCheckRequest) =>
  http.post<void>(`${enrollmentPath(inquiryId)}/password-check`, body);
