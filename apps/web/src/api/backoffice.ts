/** Back-office endpoints; the client sends the staff CSRF token for these paths. */
import type {
  AcsPasswordUnlockResponse,
  AcsSummaryQuery,
  AcsSummaryResponse,
  AcsTransactionDetail,
  AcsTransactionListQuery,
  AcsTransactionListResponse,
  ApplicationDetail,
  ApplicationListQuery,
  ApplicationNoteRequest,
  ApplicationSummary,
  ApprovalResponse,
  AuditEvent,
  AuditEventFilter,
  AuditVerification,
  BackofficeCardSearchResponse,
  CardImportAccepted,
  CardImportProgress,
  CardSearchQuery,
  CardReissueRequest,
  CardReissueResponse,
  Page,
  ProvisionalPhoneRequest,
  RejectionRequest,
  StaffLoginResponse,
  StaffLoginRequest,
  StaffMeResponse,
  TotpConfirmationRequest,
  TotpEnrollment,
} from '@corpweb/shared-types';

export type { ApplicationListQuery, CardSearchQuery };
import { buildUrl, http } from './client';

const id = (value: string) => encodeURIComponent(value);

export const staffLogin = (body: StaffLoginRequest) =>
  http.post<StaffLoginResponse>('/backoffice/session', body, { session: false });

export const startTotpEnrollment = () => http.post<TotpEnrollment>('/backoffice/me/totp');

export const confirmTotpEnrollment = (body: TotpConfirmationRequest) => http.post('/backoffice/me/totp/confirmation', body);

export const staffLogout = () => http.delete('/backoffice/session');

export const getStaffMe = () => http.get<StaffMeResponse>('/backoffice/me', { session: false });

export const listApplications = (query: ApplicationListQuery) =>
  http.get<Page<ApplicationSummary>>('/backoffice/signup-applications', { query: { ...query } });

export const getApplication = (applicationId: string) =>
  http.get<ApplicationDetail>(`/backoffice/signup-applications/${id(applicationId)}`);

export const approveApplication = (applicationId: string) =>
  http.post<ApprovalResponse>(`/backoffice/signup-applications/${id(applicationId)}/approval`);

export const rejectApplication = (applicationId: string, body: RejectionRequest) =>
  http.post<void>(`/backoffice/signup-applications/${id(applicationId)}/rejection`, body);

export const addApplicationNote = (applicationId: string, body: ApplicationNoteRequest) =>
  http.post<void>(`/backoffice/signup-applications/${id(applicationId)}/notes`, body);

export const uploadCardImport = (csv: Blob | string) =>
  http.upload<CardImportAccepted>('/backoffice/card-imports', 'text/csv', csv);

export const getCardImport = (importId: string) => http.get<CardImportProgress>(`/backoffice/card-imports/${id(importId)}`);

export const searchCards = (query: CardSearchQuery) =>
  http.get<BackofficeCardSearchResponse>('/backoffice/cards', { query: { ...query } });

export const unlockCardPin = (cardId: string) => http.post<void>(`/backoffice/cards/${id(cardId)}/pin-unlock`);

export const reissueCard = (cardId: string, body: CardReissueRequest) =>
  http.post<CardReissueResponse>(`/backoffice/cards/${id(cardId)}/reissue`, body);

export const setProvisionalPhone = (cardId: string, body: ProvisionalPhoneRequest) =>
  http.put<void>(`/backoffice/cards/${id(cardId)}/provisional-phone`, body);

export const listAuditEvents = (query: AuditEventFilter & { cursor?: string; limit?: number }) =>
  http.get<Page<AuditEvent>>('/backoffice/audit-events', { query: { ...query } });

/** The CSV export of a filtered view: a plain same-origin link (the staff cookie rides along; a GET needs no CSRF). */
export const auditExportUrl = (filter: AuditEventFilter, lang: 'ja' | 'en') => buildUrl('/backoffice/audit-events/export', { ...filter, lang });

export const verifyAuditChain = () => http.get<AuditVerification>('/backoffice/audit-events/verification');

export const listAcsTransactions = (query: AcsTransactionListQuery) =>
  http.get<AcsTransactionListResponse>('/backoffice/acs-transactions', { query: { ...query } });

export const getAcsTransaction = (acsTransId: string) => http.get<AcsTransactionDetail>(`/backoffice/acs-transactions/${id(acsTransId)}`);

export const getAcsSummary = (query: AcsSummaryQuery) => http.get<AcsSummaryResponse>('/backoffice/acs-summary', { query: { ...query } });

export const unlockAcsPassword = (cardId: string) =>
  http.post<AcsPasswordUnlockResponse>(`/backoffice/acs-locks/${id(cardId)}/password-unlock`);
