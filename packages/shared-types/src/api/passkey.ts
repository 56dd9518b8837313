/**
 * Passkeys (WebAuthn) for staff (second factor, preferred to TOTP) and members (an optional way to log in).
 * The options and credentials are the JSON forms of @simplewebauthn (PublicKeyCredentialCreationOptionsJSON,
 * RegistrationResponseJSON, …), kept loose here so this package does not depend on it.
 */
export interface PasskeyOptionsResponse {
  /** pass to @simplewebauthn/browser startRegistration / startAuthentication as `optionsJSON` */
  options: Record<string, unknown>;
}
export interface PasskeyCredentialJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: Record<string, unknown>;
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment?: string;
}
export interface PasskeyRegistrationRequest {
  credential: PasskeyCredentialJson;
  /** a label for the list (e.g. "会社のPC"); default: the date of registration */
  name?: string;
}
export interface PasskeyLoginRequest {
  credential: PasskeyCredentialJson;
}
/** members: re-enter the password before a passkey is added to the account */
export interface MemberPasskeyOptionsRequest {
  currentPassword: string;
}
/** staff: the password first; the passkey then stands for the TOTP code */
export interface StaffPasskeyChallengeRequest {
  loginId: string;
  password: string;
}
export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string;
  /** synced (multi-device) passkey */
  backedUp: boolean;
}
export interface PasskeyList {
  items: PasskeySummary[];
}
