/**
 * Owner of acs_transactions. Every state change of a challenge is one guarded UPDATE (its WHERE names the
 * state it leaves, and the deadline or step token it relies on): of a timer and a late answer, or of ten
 * concurrent answers, exactly one statement matches and decides. A decided AReq is written with its message-log
 * rows and audit event by one procedure (insertDecided), the bodies masked by the message log's own maskedBody().
 */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthenticationResponse, ChallengeCancel, RiskRuleResult, TransStatus, TransStatusReason } from '@corpweb/shared-types';
import { execute, isDuplicateKey, prepared, select, selectOne, type Executor } from '../../../common/database/sql.js';
import { retryingOnConflict } from '../../../database/retrying-transaction.js';
import { AuditService, type AuditInput } from '../../audit/audit.service.js';
import type { CardholderJoin } from '../../cards/cards.repository.js';
import { maskedBody } from './acs-message-log.repository.js';

export type AcsState = 'DECIDED' | 'AWAITING_CREQ' | 'CHALLENGING' | 'COMPLETED';

export interface AcsTransaction {
  acsTransId: string;
  threeDSServerTransId: string;
  dsTransId: string;
  messageVersion: '2.2.0' | '2.3.1';
  messageCategory: '01' | '02';
  panFingerprint: Buffer;
  cardId: number | null;
  companyId: number | null;
  cardLast4: string;
  purchaseAmount: string | null;
  purchaseCurrency: string | null;
  purchaseExponent: number | null;
  merchantName: string;
  notificationUrl: string;
  browserLanguage: string;
  state: AcsState;
  transStatus: TransStatus;
  transStatusReason: TransStatusReason | null;
  eci: string | null;
  authenticationMethod: 'OTP' | 'PASSWORD' | null;
  challengeWindowSize: string | null;
  sessionData: string | null;
  wrongAnswers: number;
  otpSends: number;
  otpHmac: Buffer | null;
  otpExpiresAt: Date | null;
  otpMessageId: number | null;
  interactions: number;
  challengeCancel: ChallengeCancel | null;
  ares: AuthenticationResponse;
  avVerifiedAt: Date | null;
  deadlineAt: Date | null;
  createdAt: Date;
}

export interface NewAcsTransaction {
  acsTransId: string;
  threeDSServerTransId: string;
  dsTransId: string;
  messageVersion: string;
  messageCategory: string;
  panFingerprint: Buffer;
  cardId: number | null;
  companyId: number | null;
  cardLast4: string;
  purchaseAmount: string | null;
  purchaseCurrency: string | null;
  purchaseExponent: number | null;
  merchantName: string;
  mcc: string | null;
  requestorName: string;
  notificationUrl: string;
  browserLanguage: string;
  browserIp: string | null;
  deviceHash: Buffer;
  challengeMandated: boolean;
  state: AcsState;
  transStatus: TransStatus;
  transStatusReason: TransStatusReason | null;
  eci: string | null;
  authenticationMethod: 'OTP' | 'PASSWORD' | null;
  riskOutcome: 'DENY' | 'CHALLENGE' | 'FRICTIONLESS' | null;
  riskRules: RiskRuleResult[];
  riskProvider: string;
  ares: AuthenticationResponse;
  deadlineAt: Date | null;
  createdAt: Date;
}

export interface RiskHistory {
  aReqsInWindow: number;
  deviceTrusted: boolean;
  ipSeenForCard: boolean;
}

export interface FinalResult {
  transStatus: 'Y' | 'N' | 'U';
  transStatusReason?: TransStatusReason;
  eci?: string;
  challengeCancel?: ChallengeCancel;
  /** the wrong answers counted when the challenge ends (the third one ends it) */
  wrongAnswers?: number;
}

interface Row {
  acs_trans_id: string;
  three_ds_server_trans_id: string;
  ds_trans_id: string;
  message_version: '2.2.0' | '2.3.1';
  message_category: '01' | '02';
  pan_fingerprint: Buffer;
  card_id: number | null;
  company_id: number | null;
  card_last4: string;
  purchase_amount: string | null;
  purchase_currency: string | null;
  purchase_exponent: number | null;
  merchant_name: string;
  notification_url: string;
  browser_language: string;
  state: AcsState;
  trans_status: TransStatus;
  trans_status_reason: TransStatusReason | null;
  eci: string | null;
  authentication_method: 'OTP' | 'PASSWORD' | null;
  challenge_window_size: string | null;
  session_data: string | null;
  wrong_answers: number;
  otp_sends: number;
  otp_hmac: Buffer | null;
  otp_expires_at: Date | null;
  otp_message_id: number | null;
  interactions: number;
  challenge_cancel: ChallengeCancel | null;
  ares: string | AuthenticationResponse;
  av_verified_at: Date | null;
  deadline_at: Date | null;
  created_at: Date;
}

function toTransaction(row: Row): AcsTransaction {
  return {
    acsTransId: row.acs_trans_id,
    threeDSServerTransId: row.three_ds_server_trans_id,
    dsTransId: row.ds_trans_id,
    messageVersion: row.message_version,
    messageCategory: row.message_category,
    panFingerprint: row.pan_fingerprint,
    cardId: row.card_id === null ? null : Number(row.card_id),
    companyId: row.company_id === null ? null : Number(row.company_id),
    cardLast4: row.card_last4,
    purchaseAmount: row.purchase_amount === null ? null : String(row.purchase_amount),
    purchaseCurrency: row.purchase_currency,
    purchaseExponent: row.purchase_exponent === null ? null : Number(row.purchase_exponent),
    merchantName: row.merchant_name,
    notificationUrl: row.notification_url,
    browserLanguage: row.browser_language,
    state: row.state,
    transStatus: row.trans_status,
    transStatusReason: row.trans_status_reason,
    eci: row.eci,
    authenticationMethod: row.authentication_method,
    challengeWindowSize: row.challenge_window_size,
    sessionData: row.session_data,
    wrongAnswers: Number(row.wrong_answers),
    otpSends: Number(row.otp_sends),
    otpHmac: row.otp_hmac,
    otpExpiresAt: row.otp_expires_at,
    otpMessageId: row.otp_message_id === null ? null : Number(row.otp_message_id),
    interactions: Number(row.interactions),
    challengeCancel: row.challenge_cancel,
    ares: typeof row.ares === 'string' ? (JSON.parse(row.ares) as AuthenticationResponse) : row.ares,
    avVerifiedAt: row.av_verified_at,
    deadlineAt: row.deadline_at,
    createdAt: row.created_at,
  };
}

@Injectable()
export class AcsTransactionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * A decided AReq in one round trip (procedure record_areq_decision, a prepared CALL): its row, the AReq and
   * the ARes in the message log, and its audit event, in one transaction. 'DUPLICATE', with nothing written,
   * when its threeDSServerTransID was answered already (idempotency).
   */
  async insertDecided(
    t: NewAcsTransaction, log: { areq: Record<string, unknown>; ares: Record<string, unknown> }, event: AuditInput,
  ): Promise<'INSERTED' | 'DUPLICATE'> {
    const params = [t.acsTransId, t.threeDSServerTransId, t.dsTransId, t.messageVersion, t.messageCategory, t.panFingerprint, t.cardId,
      t.companyId, t.cardLast4, t.purchaseAmount, t.purchaseCurrency, t.purchaseExponent, t.merchantName, t.mcc,
      t.requestorName, t.notificationUrl, t.browserLanguage, t.browserIp, t.deviceHash, t.challengeMandated ? 1 : 0, t.state,
      t.transStatus, t.transStatusReason, t.eci, t.authenticationMethod, t.riskOutcome, JSON.stringify(t.riskRules),
      t.riskProvider, JSON.stringify(t.ares), t.deadlineAt, t.createdAt,
      maskedBody(log.areq), maskedBody(log.ares), ...this.audit.prepare(event)];
    try {
      // the procedure commits inside; on Galera a certification conflict rolls it back whole, so it is re-run
      await retryingOnConflict(() => prepared(this.dataSource, `CALL record_areq_decision(${params.map(() => '?').join(', ')})`, params));
      return 'INSERTED';
    } catch (error) {
      if (isDuplicateKey(error, 'uq_acs_server_trans')) return 'DUPLICATE';
      throw error;
    }
  }

  async findByServerTransId(id: string): Promise<AcsTransaction | undefined> {
    const [row] = await prepared<Row[]>(this.dataSource, 'SELECT * FROM acs_transactions WHERE three_ds_server_trans_id = ?', [id]);
    return row ? toTransaction(row) : undefined;
  }

  async find(acsTransId: string, db: Executor = this.dataSource): Promise<AcsTransaction | undefined> {
    const row = await selectOne<Row>(db, 'SELECT * FROM acs_transactions WHERE acs_trans_id = ?', [acsTransId]);
    return row ? toTransaction(row) : undefined;
  }

  /**
   * The risk rules' history of a card, read with the card itself (CardsRepository.findCardholderWith): three
   * indexed subqueries correlated on the card `c`: AReqs for its PAN since `since.velocity` (ix_acs_velocity);
   * whether this browser passed a challenge for the card since `since.trust`, and whether the card was used from
   * this IP since then (false without an IP), both by the card's id (ix_acs_card_device, ix_acs_card_ip).
   */
  riskHistoryJoin(browser: { deviceHash: Buffer; ip: string | null }, since: { velocity: Date; trust: Date }): CardholderJoin<RiskHistory> {
    return {
      columns: `(SELECT COUNT(*) FROM acs_transactions t WHERE t.pan_fingerprint = c.pan_fingerprint AND t.created_at > ?) AS risk_areqs,
                EXISTS (SELECT 1 FROM acs_transactions t
                         WHERE t.card_id = c.id AND t.device_hash = ? AND t.completed_at > ? AND t.authentication_method IS NOT NULL
                           AND t.state = 'COMPLETED' AND t.trans_status = 'Y') AS risk_device_trusted,
                EXISTS (SELECT 1 FROM acs_transactions t WHERE t.card_id = c.id AND t.browser_ip = ? AND t.created_at > ?) AS risk_ip_seen`,
      params: [since.velocity, browser.deviceHash, since.trust, browser.ip, since.trust],
      parse: (row) => ({
        aReqsInWindow: Number(row.risk_areqs ?? 0), deviceTrusted: Number(row.risk_device_trusted) === 1, ipSeenForCard: Number(row.risk_ip_seen) === 1,
      }),
    };
  }

  /** AWAITING_CREQ → CHALLENGING, only before the CReq deadline. */
  async startChallenge(
    manager: EntityManager, acsTransId: string, now: Date,
    step: { tokenHash: Buffer; windowSize: string; sessionData: string | null; answerDeadline: Date },
  ): Promise<boolean> {
    const result = await execute(
      manager,
      `UPDATE acs_transactions SET state = 'CHALLENGING', step_token_hash = ?, challenge_window_size = ?, session_data = ?, deadline_at = ?
        WHERE acs_trans_id = ? AND state = 'AWAITING_CREQ' AND deadline_at > ?`,
      [step.tokenHash, step.windowSize, step.sessionData, step.answerDeadline, acsTransId, now],
    );
    return result.affectedRows === 1;
  }

  /** A CReq posted again during the challenge (a reload): a fresh step token replaces the old one. */
  async renewStepToken(acsTransId: string, tokenHash: Buffer, windowSize: string, now: Date): Promise<boolean> {
    const result = await execute(
      this.dataSource,
      `UPDATE acs_transactions SET step_token_hash = ?, challenge_window_size = ?
        WHERE acs_trans_id = ? AND state = 'CHALLENGING' AND deadline_at > ?`,
      [tokenHash, windowSize, acsTransId, now],
    );
    return result.affectedRows === 1;
  }

  /** Single use: of concurrent posts of one challenge page exactly one claims its step token. */
  async claimStep(acsTransId: string, tokenHash: Buffer, now: Date): Promise<boolean> {
    const result = await execute(
      this.dataSource,
      `UPDATE acs_transactions SET step_token_hash = NULL, interactions = LEAST(interactions + 1, 99)
        WHERE acs_trans_id = ? AND state = 'CHALLENGING' AND step_token_hash = ? AND deadline_at > ?`,
      [acsTransId, tokenHash, now],
    );
    return result.affectedRows === 1;
  }

  /** After a claimed step that did not end the challenge: the next page's token, and what changed. */
  async nextStep(
    manager: EntityManager, acsTransId: string,
    step: { tokenHash: Buffer; wrongAnswers?: number; otp?: { hmac: Buffer; expiresAt: Date; messageId: number } },
  ): Promise<boolean> {
    const result = await execute(
      manager,
      `UPDATE acs_transactions SET step_token_hash = ?, wrong_answers = COALESCE(?, wrong_answers),
              otp_hmac = COALESCE(?, otp_hmac), otp_expires_at = COALESCE(?, otp_expires_at),
              otp_message_id = COALESCE(?, otp_message_id), otp_sends = otp_sends + ?
        WHERE acs_trans_id = ? AND state = 'CHALLENGING' AND step_token_hash IS NULL`,
      [step.tokenHash, step.wrongAnswers ?? null, step.otp?.hmac ?? null, step.otp?.expiresAt ?? null,
        step.otp?.messageId ?? null, step.otp ? 1 : 0, acsTransId],
    );
    return result.affectedRows === 1;
  }

  /** The first OTP of a challenge, sent when its first page is shown. */
  async recordOtp(manager: EntityManager, acsTransId: string, otp: { hmac: Buffer; expiresAt: Date; messageId: number }): Promise<void> {
    await execute(
      manager,
      'UPDATE acs_transactions SET otp_hmac = ?, otp_expires_at = ?, otp_message_id = ?, otp_sends = otp_sends + 1 WHERE acs_trans_id = ?',
      [otp.hmac, otp.expiresAt, otp.messageId, acsTransId],
    );
  }

  /**
   * Ends a challenge. `from` is the state the caller saw; `dueBy` (timers) additionally requires the deadline
   * to have passed, so a timer can never end a challenge whose deadline a late answer is still inside.
   */
  async complete(
    manager: EntityManager, acsTransId: string, from: AcsState, result: FinalResult, now: Date, dueBy?: Date,
  ): Promise<boolean> {
    const updated = await execute(
      manager,
      `UPDATE acs_transactions SET state = 'COMPLETED', trans_status = ?, trans_status_reason = ?, eci = ?, challenge_cancel = ?,
              step_token_hash = NULL, deadline_at = NULL, completed_at = ?, wrong_answers = COALESCE(?, wrong_answers)
        WHERE acs_trans_id = ? AND state = ? ${dueBy ? 'AND deadline_at <= ?' : ''}`,
      [result.transStatus, result.transStatusReason ?? null, result.eci ?? null, result.challengeCancel ?? null, now, result.wrongAnswers ?? null,
        acsTransId, from, ...(dueBy ? [dueBy] : [])],
    );
    return updated.affectedRows === 1;
  }

  /** Challenges whose deadline has passed (30 s for the CReq, 600 s for the answer). */
  async due(now: Date, limit: number): Promise<{ acsTransId: string; state: AcsState }[]> {
    const rows = await select<{ acs_trans_id: string; state: AcsState }>(
      this.dataSource,
      `(SELECT acs_trans_id, state FROM acs_transactions WHERE state = 'AWAITING_CREQ' AND deadline_at <= ? LIMIT ${limit})
       UNION ALL
       (SELECT acs_trans_id, state FROM acs_transactions WHERE state = 'CHALLENGING' AND deadline_at <= ? LIMIT ${limit})`,
      [now, now],
    );
    return rows.map((row) => ({ acsTransId: row.acs_trans_id, state: row.state }));
  }

  /** OTP challenges whose SMS was given up on, or is still undelivered after the deadline. */
  async undeliveredOtps(queuedBefore: Date, limit: number): Promise<string[]> {
    const rows = await select<{ acs_trans_id: string }>(
      this.dataSource,
      `SELECT t.acs_trans_id FROM acs_transactions t JOIN outbox_messages o ON o.id = t.otp_message_id
        WHERE t.state = 'CHALLENGING' AND o.status <> 'SENT' AND (o.status = 'DEAD' OR o.created_at <= ?) LIMIT ${limit}`,
      [queuedBefore],
    );
    return rows.map((row) => row.acs_trans_id);
  }

  /** An authenticationValue is good for one authorization. */
  async markAuthenticationValueUsed(acsTransId: string, now: Date): Promise<boolean> {
    const result = await execute(
      this.dataSource,
      "UPDATE acs_transactions SET av_verified_at = ? WHERE acs_trans_id = ? AND av_verified_at IS NULL AND trans_status IN ('Y','A')",
      [now, acsTransId],
    );
    return result.affectedRows === 1;
  }
}
