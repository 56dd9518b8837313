/** Passkey (WebAuthn) endpoints: member passkey login and settings, staff passkey second factor and enrollment. */
import type {
  LoginResponse, MemberPasskeyOptionsRequest, PasskeyCredentialJson, PasskeyList, PasskeyOptionsResponse, PasskeySummary,
  StaffLoginResponse, StaffPasskeyChallengeRequest,
} from '@corpweb/shared-types';
import { http } from './client';

// members
export const memberPasskeyChallenge = () => http.post<PasskeyOptionsResponse>('/session/passkey-challenge', undefined, { session: false });
export const memberPasskeyLogin = (credential: PasskeyCredentialJson) =>
  http.post<LoginResponse>('/session/passkey', { credential }, { session: false });
export const listMemberPasskeys = () => http.get<PasskeyList>('/me/passkeys');
export const memberPasskeyRegistrationOptions = (body: MemberPasskeyOptionsRequest) =>
  http.post<PasskeyOptionsResponse>('/me/passkeys/registration-options', body);
export const registerMemberPasskey = (credential: PasskeyCredentialJson, name?: string) =>
  http.post<PasskeySummary>('/me/passkeys', { credential, ...(name ? { name } : {}) });
export const removeMemberPasskey = (id: string) => http.delete(`/me/passkeys/${encodeURIComponent(id)}`);

// staff
export const staffPasskeyChallenge = (body: StaffPasskeyChallengeRequest) =>
  http.post<PasskeyOptionsResponse>('/backoffice/session/passkey-challenge', body, { session: false });
export const staffPasskeyLogin = (credential: PasskeyCredentialJson) =>
  http.post<StaffLoginResponse>('/backoffice/session/passkey', { credential }, { session: false });
export const staffPasskeyRegistrationOptions = () => http.post<PasskeyOptionsResponse>('/backoffice/me/passkeys/registration-options');
export const registerStaffPasskey = (credential: PasskeyCredentialJson, name?: string) =>
  http.post<PasskeySummary>('/backoffice/me/passkeys', { credential, ...(name ? { name } : {}) });
