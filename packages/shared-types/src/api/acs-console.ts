/**
 * The back office's ACS console (issue 12) and the member dashboard's checkout
 * authentications: read views of acs_transactions and acs_messages. Card numbers are masked
 * (`3540 **** **** 1234`); message bodies were masked when the ACS logged them.
 */
import type { Page } from './backoffice.js';
import type { RiskRuleResult, TransStatus, TransStatusReason } from './acs.js';

export const AcsTransactionStates = ['DECIDED', 'AWAITING_CREQ', 'CHALLENGING', 'COMPLETED'] as const;
export type AcsTransactionState = (typeof AcsTransactionStates)[number];

export const AcsMessageKinds = ['AReq', 'ARes', 'Erro', 'CReq', 'CRes', 'RReq', 'RRes', 'RReqFailed', 'ChallengeStep'] as const;
export type AcsMessageKind = (typeof AcsMessageKinds)[number];

/** Query of GET /backoffice/acs-transactions (all optional; dates are YYYY-MM-DD in the business time zone, inclusive). */
export interface AcsTransactionListQuery {
  corporateNumber?: string;
  last4?: string;
  transStatus?: TransStatus;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: string;
}

/** An amount as the AReq gave it: minor units, ISO 4217 numeric currency and its exponent. */
export interface AcsAmount {
  value: string;
  currency: string;
  exponent: number;
}

export interface AcsTransactionListItem {
  acsTransId: string;
  createdAt: string;
  maskedNumber: string;
  /** absent when the card is not in the card master (N/08) */
  cardId?: string;
  companyName?: string;
  corporateNumber?: string;
  merchantName: string;
  /** absent for a non-payment (messageCategory 02) */
  amount?: AcsAmount;
  transStatus: TransStatus;
  transStatusReason?: TransStatusReason;
  authenticationMethod?: 'OTP' | 'PASSWORD';
  state: AcsTransactionState;
}
export type AcsTransactionListResponse = Page<AcsTransactionListItem>;

export interface AcsTimelineEntry {
  id: string;
  kind: AcsMessageKind;
  direction: 'IN' | 'OUT' | 'EVENT';
  at: string;
  /** the message as logged, card number and authenticationValue masked */
  body: Record<string, unknown>;
}

/** The card's fixed-password lock at checkout, as the unlock button needs it. */
export interface AcsPasswordLock {
  method: 'OTP' | 'PASSWORD';
  failCount: number;
  /** locked by the ACS: PASSWORD, fail count at the limit, 要再登録 */
  locked: boolean;
}

export interface AcsTransactionDetail extends AcsTransactionListItem {
  threeDSServerTransId: string;
  dsTransId: string;
  messageVersion: string;
  messageCategory: '01' | '02';
  mcc?: string;
  requestorName: string;
  browserLanguage: string;
  eci?: string;
  challengeMandated: boolean;
  challengeCancel?: string;
  wrongAnswers: number;
  otpSends: number;
  interactions: number;
  riskOutcome?: 'DENY' | 'CHALLENGE' | 'FRICTIONLESS';
  riskProvider: string;
  riskRules: RiskRuleResult[];
  completedAt?: string;
  passwordLock?: AcsPasswordLock;
  timeline: AcsTimelineEntry[];
}

/** GET /backoffice/acs-summary?from=&to= (YYYY-MM-DD, business time zone, at most acsSummaryMaxDays days). */
export interface AcsSummaryQuery {
  from: string;
  to: string;
}
export interface AcsSummaryDay {
  /** YYYY-MM-DD in the business time zone */
  date: string;
  total: number;
  /** Y at AReq, no challenge */
  frictionless: number;
  /** A at AReq (attempts, the card is not enrolled) */
  attempted: number;
  /** C at AReq: every challenge, however it ended */
  challenged: number;
  /** challenges that ended Y */
  challengeSucceeded: number;
  /** N or R at AReq */
  refused: number;
  /** U at AReq, and challenges that ended N or U */
  failed: number;
  /** challengeSucceeded / challenges that ended; null when none ended that day */
  challengeSuccessRate: number | null;
}
export interface AcsRefusalReason {
  transStatus: TransStatus;
  transStatusReason: string | null;
  count: number;
}
export interface AcsSummaryResponse {
  timeZone: string;
  from: string;
  to: string;
  days: AcsSummaryDay[];
  totals: Omit<AcsSummaryDay, 'date'>;
  /** the most frequent (transStatus, reason) pairs of N, R and U results in the range, most frequent first */
  topRefusalReasons: AcsRefusalReason[];
}

/** POST /backoffice/acs-locks/{cardId}/password-unlock → 200 */
export interface AcsPasswordUnlockResponse {
  cardId: string;
  maskedNumber: string;
  passwordLock: AcsPasswordLock;
}

/** Member: GET /cards/{cardId}/checkout-authentications and GET /checkout-authentications (the company's newest). */
export interface CheckoutAuthentication {
  acsTransId: string;
  cardId: string;
  maskedNumber: string;
  at: string;
  merchantName: string;
  amount?: AcsAmount;
  transStatus: TransStatus;
  transStatusReason?: TransStatusReason;
  /** still waiting for the cardholder's answer */
  inProgress: boolean;
  challenged: boolean;
}
export interface CheckoutAuthenticationsResponse {
  items: CheckoutAuthentication[];
}

export const AcsConsoleLimits = {
  transactionListMaxPageSize: 100,
  transactionListDefaultPageSize: 50,
  summaryMaxDays: 92,
  refusalReasonsShown: 5,
  checkoutAuthenticationsMaxItems: 50,
  checkoutAuthenticationsDefaultItems: 20,
} as const;
