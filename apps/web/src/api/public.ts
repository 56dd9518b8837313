/** Public endpoints: terms, sign-up, password setup and reminders. No session needed. */
import type {
  HealthResponse,
  LoginIdReminderRequest,
  PasswordResetRequest,
  PasswordSetupRequest,
  SignupApplicationRequest,
  ServiceInfoResponse,
  SignupApplicationResponse,
  TermsResponse,
} from '@corpweb/shared-types';
import { http } from './client';

const open = { session: false } as const;

export const getHealth = () => http.get<HealthResponse>('/health', open);

export const getCurrentTerms = () => http.get<TermsResponse>('/terms/current', open);

export const submitSignupApplication = (body: SignupApplicationRequest) =>
  http.post<SignupApplicationResponse>('/signup-applications', body, open);

export const setupPassword = (body: PasswordSetupRequest) => http.post<void>('/password-setup', body, open);

export const requestPasswordReset = (body: PasswordResetRequest) => http.post<void>('/password-reset-requests', body, open);

export const requestLoginIdReminder = (body: LoginIdReminderRequest) => http.post<void>('/login-id-reminders', body, open);

export const getServiceInfo = () => http.get<ServiceInfoResponse>('/service-info', open);
