/** Public endpoints. */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
}

/** GET /health/live: the process answers (no database involved). */
export interface LivenessResponse {
  status: 'ok';
}

/** GET /health/ready: 200 when `ready`, else 503 with the failing parts. */
export interface ReadinessResponse {
  status: 'ready' | 'not-ready' | 'draining';
  db: 'up' | 'down';
  /** `unknown` when the database did not answer */
  migrations: 'current' | 'pending' | 'unknown';
  /** each background worker of this process (outbox, acsTimers) */
  workers: Record<string, 'alive' | 'stalled'>;
}

export interface TermsResponse {
  version: string;
  title: string;
  body: string;
  /** ISO date (YYYY-MM-DD) */
  effectiveDate: string;
}

export interface SignupCompany {
  name: string;
  /** full-width katakana */
  nameKana: string;
  /** 13 digits with a valid check digit */
  corporateNumber: string;
  /** NNN-NNNN or NNNNNNN */
  postalCode: string;
  address: string;
  phone: string;
}
export interface SignupAdministrator {
  name: string;
  nameKana: string;
  department: string;
  email: string;
  phone: string;
}
export interface SignupApplicationRequest {
  termsVersion: string;
  agreedToTerms: true;
  company: SignupCompany;
  administrator: SignupAdministrator;
}
export const ApplicationStatuses = ['RECEIVED', 'APPROVED', 'REJECTED'] as const;
export type ApplicationStatus = (typeof ApplicationStatuses)[number];
export interface SignupApplicationResponse {
  applicationId: string;
  status: 'RECEIVED';
  /** ISO timestamp */
  receivedAt: string;
  /** the 受付番号 shown to the applicant and quoted on the phone, e.g. `CW-261201-7K3F-9QX2` (not guessable) */
  receiptNumber: string;
}

export interface PasswordSetupRequest {
  token: string;
  password: string;
}
export interface PasswordResetRequest {
  loginId: string;
  email: string;
}
export interface LoginIdReminderRequest {
  email: string;
}
export interface LoginRequest {
  loginId: string;
  password: string;
}
export interface MemberProfile {
  loginId: string;
  companyName: string;
  email: string;
  fraudDataSharing: boolean;
}
export interface LoginResponse {
  member: MemberProfile;
  csrfToken: string;
}
export interface MeResponse {
  member: MemberProfile;
  csrfToken: string;
  /** ISO timestamp at which the session ends if idle */
  idleExpiresAt: string;
}
export interface PasswordChangeRequest {
  currentPassword: string;
  newPassword: string;
}

/** The issuer's contact desk, as configured (CONTACT_DESK_*): shown wherever a person is told to call. */
export interface ContactDesk {
  name: string;
  phone: string;
  /** business hours as a sentence, e.g. 「9:00〜17:00(土・日・祝日・年末年始を除く)」 */
  hours: string;
}
/** `GET /service-info`: what the screens tell people about the service; answered during maintenance too. */
export interface ServiceInfoResponse {
  contactDesk: ContactDesk;
  /** the daily maintenance window in `timeZone` (`"05:00"`, `"07:00"`), or null when disabled */
  maintenanceWindow: { start: string; end: string; timeZone: string } | null;
  /** whether this API exposes `GET /dev/outbox` (development only): the SPA shows its hints without probing for a 404 */
  devOutbox: boolean;
}
