/** ACS (EMV 3-D Secure access control server) endpoints (SPEC §3 "ACS"). */
export const TransStatuses = ['Y', 'C', 'N', 'R', 'U', 'A'] as const;
export type TransStatus = (typeof TransStatuses)[number];
export interface AcsAuthenticationRequest {
  cardNumber: string;
  amount: number;
  currency: string;
  merchantName: string;
  browser: { ip: string; userAgent: string; acceptLanguage: string };
}
export interface AcsAuthenticationResponse {
  acsTransId: string;
  transStatus: TransStatus;
  transStatusReason?: string;
  challengeUrl?: string;
}
export interface AcsChallengeView {
  acsTransId: string;
  merchantName: string;
  amount: number;
  currency: string;
  maskedNumber: string;
  method: 'OTP' | 'PASSWORD';
  maskedPhone?: string;
  expiresAt: string;
  remainingAttempts: number;
}
export interface AcsChallengeAnswer {
  secureId: string;
  otp?: string;
  password?: string;
}
export interface AcsResult {
  transStatus: TransStatus;
  transStatusReason?: string;
}
