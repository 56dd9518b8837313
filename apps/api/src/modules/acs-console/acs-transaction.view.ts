/** Rows of the ACS tables mapped by hand to the console's response objects (never a row serialized as is). */
import {
  Limits, maskCardNumber,
  type AcsAmount, type AcsMessageKind, type AcsPasswordLock, type AcsTimelineEntry, type AcsTransactionDetail,
  type AcsTransactionListItem, type CheckoutAuthentication, type RiskRuleResult,
} from '@corpweb/shared-types';
import type { PasswordStateRow } from '../enrollment/enrollments.repository.js';
import type { MessageRow, TransactionDetailRow, TransactionRow } from './acs-console.repository.js';

function maskedNumberOf(row: Pick<TransactionRow, 'first4' | 'card_last4'>): string {
  // a card the card master does not know (N/08) has no first four digits on record
  return row.first4 ? maskCardNumber(row.first4, row.card_last4) : `**** **** **** ${row.card_last4}`;
}

function amountOf(row: TransactionRow): AcsAmount | undefined {
  if (row.purchase_amount === null || row.purchase_currency === null) return undefined;
  return { value: String(row.purchase_amount), currency: row.purchase_currency, exponent: Number(row.purchase_exponent ?? 0) };
}

function json<T>(value: string | T | null): T | null {
  if (value === null) return null;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}

export function toListItem(row: TransactionRow): AcsTransactionListItem {
  const amount = amountOf(row);
  return {
    acsTransId: row.acs_trans_id,
    createdAt: row.created_at.toISOString(),
    maskedNumber: maskedNumberOf(row),
    ...(row.card_id !== null ? { cardId: String(row.card_id) } : {}),
    ...(row.company_name !== null ? { companyName: row.company_name } : {}),
    ...(row.corporate_number !== null ? { corporateNumber: row.corporate_number } : {}),
    merchantName: row.merchant_name,
    ...(amount ? { amount } : {}),
    transStatus: row.trans_status,
    ...(row.trans_status_reason ? { transStatusReason: row.trans_status_reason } : {}),
    ...(row.authentication_method ? { authenticationMethod: row.authentication_method } : {}),
    state: row.state,
  };
}

export function passwordLockOf(row: { [K in keyof PasswordStateRow]: PasswordStateRow[K] | null }): AcsPasswordLock | undefined {
  if (!row.method) return undefined;
  const failCount = Number(row.password_fail_count ?? 0);
  return {
    method: row.method,
    failCount,
    locked: row.method === 'PASSWORD' && failCount >= Limits.acsPasswordMaxConsecutiveFailures,
  };
}

export function toTimelineEntry(row: MessageRow): AcsTimelineEntry {
  return {
    id: String(row.id),
    kind: row.kind as AcsMessageKind,
    direction: row.direction,
    at: row.created_at.toISOString(),
    body: json<Record<string, unknown>>(row.body) ?? {},
  };
}

export function toDetail(row: TransactionDetailRow, messages: MessageRow[]): AcsTransactionDetail {
  const lock = passwordLockOf({ method: row.e_method, status: row.e_status, password_fail_count: row.e_password_fail_count });
  return {
    ...toListItem(row),
    threeDSServerTransId: row.three_ds_server_trans_id,
    dsTransId: row.ds_trans_id,
    messageVersion: row.message_version,
    messageCategory: row.message_category,
    ...(row.mcc ? { mcc: row.mcc } : {}),
    requestorName: row.requestor_name,
    browserLanguage: row.browser_language,
    ...(row.eci ? { eci: row.eci } : {}),
    challengeMandated: Boolean(Number(row.challenge_mandated)),
    ...(row.challenge_cancel ? { challengeCancel: row.challenge_cancel } : {}),
    wrongAnswers: Number(row.wrong_answers),
    otpSends: Number(row.otp_sends),
    interactions: Number(row.interactions),
    ...(row.risk_outcome ? { riskOutcome: row.risk_outcome } : {}),
    riskProvider: row.risk_provider,
    riskRules: json<RiskRuleResult[]>(row.risk_rules) ?? [],
    ...(row.completed_at ? { completedAt: row.completed_at.toISOString() } : {}),
    ...(lock ? { passwordLock: lock } : {}),
    timeline: messages.map(toTimelineEntry),
  };
}

export function toCheckoutAuthentication(row: TransactionRow): CheckoutAuthentication {
  const amount = amountOf(row);
  return {
    acsTransId: row.acs_trans_id,
    cardId: String(row.card_id),
    maskedNumber: maskedNumberOf(row),
    at: row.created_at.toISOString(),
    merchantName: row.merchant_name,
    ...(amount ? { amount } : {}),
    transStatus: row.trans_status,
    ...(row.trans_status_reason ? { transStatusReason: row.trans_status_reason } : {}),
    inProgress: row.state === 'AWAITING_CREQ' || row.state === 'CHALLENGING',
    challenged: row.state !== 'DECIDED',
  };
}
