/**
 * The ACS's wire contract: EMV 3-D Secure 2.2.0 / 2.3.1 browser-flow messages as the issuer's ACS reads and
 * writes them (field names are EMV's), and the back office's view of an ACS transaction. Optional fields are
 * omitted, never sent empty.
 */
export const AcsMessageVersions = ['2.2.0', '2.3.1'] as const;
export type AcsMessageVersion = (typeof AcsMessageVersions)[number];

export const TransStatuses = ['Y', 'C', 'N', 'R', 'U', 'A'] as const;
export type TransStatus = (typeof TransStatuses)[number];

/** transStatusReason values the ACS uses (EMV codes). */
export const TransStatusReasons = {
  CARD_AUTHENTICATION_FAILED: '01',
  EXPIRED_CARD: '05',
  NO_CARD_RECORD: '08',
  SUSPECTED_FRAUD: '11',
  CARDHOLDER_NOT_ENROLLED: '13',
  TRANSACTION_TIMED_OUT: '14',
  EXCEEDS_ACS_MAXIMUM_CHALLENGES: '19',
  ACS_TECHNICAL_ISSUE: '22',
} as const;
export type TransStatusReason = (typeof TransStatusReasons)[keyof typeof TransStatusReasons];

/** challengeCancel values: why a challenge ended without an answer. */
export const ChallengeCancels = {
  CARDHOLDER_CANCELLED: '01',
  TIMED_OUT_ANSWER: '04',
  TIMED_OUT_CREQ: '05',
} as const;
export type ChallengeCancel = (typeof ChallengeCancels)[keyof typeof ChallengeCancels];

/** challengeWindowSize → the iframe's size in CSS pixels (05 = full page). */
export const ChallengeWindowSizes = {
  '01': { width: 250, height: 400 },
  '02': { width: 390, height: 400 },
  '03': { width: 500, height: 600 },
  '04': { width: 600, height: 400 },
  '05': { width: 0, height: 0 },
} as const;
export type ChallengeWindowSize = keyof typeof ChallengeWindowSizes;

/** EMV errorCode values the ACS answers in an Erro. */
export const AcsErrorCodes = {
  MESSAGE_RECEIVED_INVALID: '101',
  MESSAGE_VERSION_NOT_SUPPORTED: '102',
  REQUIRED_ELEMENT_MISSING: '201',
  INVALID_FORMAT: '203',
  TRANSACTION_ID_NOT_RECOGNISED: '301',
  TRANSACTION_TIMED_OUT: '402',
  TRANSIENT_SYSTEM_FAILURE: '404',
} as const;
export type AcsErrorCode = (typeof AcsErrorCodes)[keyof typeof AcsErrorCodes];

export const AuthenticationTypes = { STATIC_PASSWORD: '01', DYNAMIC_SMS_OTP: '02' } as const;
export type AuthenticationType = (typeof AuthenticationTypes)[keyof typeof AuthenticationTypes];

/** The AReq fields the ACS reads (browser channel). Everything arrives as JSON strings except where typed. */
export interface AuthenticationRequest {
  messageType: 'AReq';
  messageVersion: AcsMessageVersion;
  threeDSServerTransID: string;
  dsTransID: string;
  deviceChannel: '02';
  messageCategory: '01' | '02';
  acctNumber: string;
  cardExpiryDate?: string;
  purchaseAmount?: string;
  purchaseCurrency?: string;
  purchaseExponent?: string;
  purchaseDate?: string;
  merchantName: string;
  mcc?: string;
  merchantCountryCode?: string;
  acquirerBIN?: string;
  acquirerMerchantID?: string;
  threeDSRequestorID: string;
  threeDSRequestorName: string;
  threeDSRequestorURL: string;
  /** a string in 2.2.0, an array of strings in 2.3.1 */
  threeDSRequestorChallengeInd?: string | string[];
  notificationURL: string;
  browserAcceptHeader: string;
  browserIP?: string;
  browserLanguage: string;
  browserUserAgent: string;
  browserJavascriptEnabled?: boolean;
  browserJavaEnabled?: boolean;
  browserColorDepth?: string;
  browserScreenHeight?: string;
  browserScreenWidth?: string;
  browserTZ?: string;
}

export interface AuthenticationResponse {
  messageType: 'ARes';
  messageVersion: AcsMessageVersion;
  threeDSServerTransID: string;
  dsTransID: string;
  acsTransID: string;
  acsReferenceNumber: string;
  transStatus: TransStatus;
  transStatusReason?: TransStatusReason;
  eci?: string;
  authenticationValue?: string;
  acsURL?: string;
  acsChallengeMandated?: 'Y' | 'N';
  authenticationType?: AuthenticationType;
}

export interface AcsErrorMessage {
  messageType: 'Erro';
  messageVersion: string;
  errorCode: AcsErrorCode;
  errorComponent: 'A';
  errorDescription: string;
  errorDetail: string;
  errorMessageType: string;
  threeDSServerTransID?: string;
  dsTransID?: string;
  acsTransID?: string;
}

export interface ChallengeRequest {
  threeDSServerTransID: string;
  acsTransID: string;
  messageType: 'CReq';
  messageVersion: AcsMessageVersion;
  challengeWindowSize: ChallengeWindowSize;
}

export interface ChallengeResponse {
  threeDSServerTransID: string;
  acsTransID: string;
  messageType: 'CRes';
  messageVersion: AcsMessageVersion;
  transStatus: 'Y' | 'N' | 'U';
  challengeCompletionInd: 'Y';
}

export interface ResultsRequest {
  messageType: 'RReq';
  messageVersion: AcsMessageVersion;
  threeDSServerTransID: string;
  dsTransID: string;
  acsTransID: string;
  messageCategory: '01' | '02';
  transStatus: 'Y' | 'N' | 'U';
  transStatusReason?: TransStatusReason;
  eci?: string;
  authenticationValue?: string;
  authenticationType: AuthenticationType;
  interactionCounter: string;
  challengeCancel?: ChallengeCancel;
}

export interface ResultsResponse {
  messageType: 'RRes';
  messageVersion: string;
  threeDSServerTransID: string;
  dsTransID?: string;
  acsTransID: string;
  resultsStatus: string;
}

/** POST /3ds/v2/authentication-values/verification (the issuer's authorization host). */
export interface AuthenticationValueVerificationRequest {
  acsTransID: string;
  authenticationValue: string;
  acctNumber: string;
  purchaseAmount: string;
}
export interface AuthenticationValueVerification {
  valid: boolean;
  transStatus?: TransStatus;
  eci?: string;
}

/** One risk rule's verdict, stored with every decision so staff can read why. */
export interface RiskRuleResult {
  rule: string;
  action: 'DENY' | 'CHALLENGE' | 'NOTE';
  inputs: Record<string, string | number | boolean | null>;
}
