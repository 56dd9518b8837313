/** Back-office endpoints. */
import type { ApplicationStatus, SignupAdministrator, SignupCompany } from './public.js';
import type { CardBrand, EnrollmentView } from './member.js';
import type { FieldErrorCode } from '../errors.js';

export const StaffRoles = ['OPERATOR', 'SUPERVISOR'] as const;
export type StaffRole = (typeof StaffRoles)[number];

export interface StaffLoginRequest {
  loginId: string;
  password: string;
  /** the 6-digit TOTP code, once an authenticator app is enrolled */
  otp?: string;
}
export interface StaffLoginResponse {
  staff: { loginId: string; role: StaffRole };
  csrfToken: string;
  /** true until the staff member has enrolled an authenticator app: nothing else is served before */
  totpEnrollmentRequired?: boolean;
}
export interface TotpEnrollment {
  /** base32, for typing into the authenticator app */
  secret: string;
  /** otpauth:// URI, for a QR code */
  otpauthUri: string;
}
export interface TotpConfirmationRequest {
  code: string;
}
export interface StaffMeResponse extends StaffLoginResponse {
  idleExpiresAt: string;
}
export interface Page<T> {
  items: T[];
  /** opaque; absent on the last page */
  nextCursor?: string;
}
export interface ApplicationSummary {
  applicationId: string;
  status: ApplicationStatus;
  companyName: string;
  corporateNumber: string;
  administratorName: string;
  receivedAt: string;
  decidedAt?: string;
  /** the 受付番号 the applicant was given (`CW-261201-7K3F-9QX2`) */
  receiptNumber?: string;
}
export interface ApplicationDetail extends ApplicationSummary {
  company: SignupCompany;
  administrator: SignupAdministrator;
  termsVersion: string;
  consent: { agreedAt: string; ip: string; userAgent: string };
  decision?: { decidedAt: string; decidedBy: string; reason?: string; memberLoginId?: string };
  notes: { at: string; by: string; text: string }[];
}
export interface ApprovalResponse {
  memberLoginId: string;
}
export interface RejectionRequest {
  reason: string;
}
export interface ApplicationNoteRequest {
  text: string;
}
export const CardImportStatuses = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export type CardImportStatus = (typeof CardImportStatuses)[number];
export interface CardImportAccepted {
  importId: string;
}
export interface CardImportProgress {
  status: CardImportStatus;
  total: number;
  processed: number;
  failed: number;
  errors: { line: number; code: FieldErrorCode }[];
}
export interface BackofficeCard {
  cardId: string;
  corporateNumber: string;
  companyName: string;
  maskedNumber: string;
  brand: CardBrand;
  expiry: string;
  holderName: string;
  status: 'ACTIVE' | 'REPLACED';
  pinLocked: boolean;
  enrollment: EnrollmentView;
}
export type BackofficeCardSearchResponse = Page<BackofficeCard>;
export interface CardReissueRequest {
  newCardNumber: string;
  expiryYymm: string;
  pin: string;
}
export interface CardReissueResponse {
  cardId: string;
  maskedNumber: string;
}
export interface ProvisionalPhoneRequest {
  phone: string;
}
export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorType: 'MEMBER' | 'STAFF' | 'SYSTEM' | 'ANONYMOUS' | 'CARDHOLDER';
  actorId?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  userAgent?: string;
  detail?: Record<string, string | number | boolean | null>;
  /** the acting member's or staff member's login ID */
  actorLoginId?: string;
  /** what the target is, for people: a masked card number and its company, a company, a staff login ID */
  targetLabel?: string;
}
/** `GET /backoffice/audit-events` (and its CSV export) filters; every one optional, all combined with AND. */
export interface AuditEventFilter {
  /** an action code, e.g. `PIN_LOCKED` */
  action?: string;
  /** a member's or staff member's login ID */
  actor?: string;
  /** a card's last 4 digits, a 13-digit corporate number, or part of a company name */
  target?: string;
  /** first and last day, inclusive, `YYYY-MM-DD` in the business time zone */
  from?: string;
  to?: string;
}
export interface AuditVerification {
  ok: boolean;
  checked: number;
  /**
   * the first event whose hash or link does not match, when not ok; UNSEALED: an event left unchained past the
   * sealing bound (chain -1 for an event not yet in a chain)
   */
  brokenAt?: { chain: number; eventId: string; reason: 'HASH_MISMATCH' | 'LINK_BROKEN' | 'SEQUENCE_GAP' | 'UNSEALED' };
}

/** GET /backoffice/signup-applications (the query string carries `limit` as text) */
export interface ApplicationListQuery {
  status?: ApplicationStatus;
  cursor?: string;
  limit?: number;
}

/** GET /backoffice/cards */
export interface CardSearchQuery {
  corporateNumber?: string;
  last4?: string;
}
