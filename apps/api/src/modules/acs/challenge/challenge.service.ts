/**
 * The browser challenge: the first CReq opens it (and sends the OTP through the outbox in the same
 * transaction), each page carries a single-use step token (no cookies), and the cardholder answers with the
 * secure ID (case-insensitive) plus the SMS OTP or the fixed password. 3 wrong answers → N/19; more than 3
 * resends → U/19; cancel → N/01; 5 consecutive wrong fixed passwords across challenges lock the credential →
 * N/19. Every page post claims its step token first (one guarded UPDATE), so ten concurrent right answers
 * make one result and one RReq.
 */
import { Inject, Injectable } from '@nestjs/common';
import { retryingTransaction } from '../../../database/retrying-transaction.js';
import { Ajv } from 'ajv';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AcsMessageVersions, ChallengeWindowSizes, Limits, maskPhone, normalizeSecureId, type AcsErrorCode, type ChallengeRequest,
  type ChallengeWindowSize,
} from '@corpweb/shared-types';
import { Clock, addSeconds } from '../../../common/clock/clock.js';
import { CardCrypto } from '../../../common/crypto/card-crypto.service.js';
import { PasswordHasher } from '../../../common/crypto/password-hasher.service.js';
import { ACS_CONFIG, type AcsConfig } from '../../../config/acs-config.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { CardsRepository, type CardholderRecord } from '../../cards/cards.repository.js';
import { newOtpCode, otpHmac, otpMatches } from '../../enrollment/otp-codes.js';
import { EnrollmentsRepository } from '../../enrollment/enrollments.repository.js';
import { Sms } from '../../notifications/messages.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { acsError } from '../messages/acs-error.js';
import { ResultsService, type Completion } from '../results.service.js';
import { AcsMessageLogRepository } from '../transactions/acs-message-log.repository.js';
import { AcsTransactionsRepository, type AcsTransaction, type FinalResult } from '../transactions/acs-transactions.repository.js';
import { ChallengePages } from './challenge-pages.js';
import { CHALLENGE_TEXTS, formatAmount, languageOf, type ChallengeLanguage } from './challenge-texts.js';

export interface Page {
  html: string;
  /** origin the page's form may post to besides the ACS (the merchant's notificationURL) */
  formTarget?: string;
}

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const validateCReq = new Ajv({ allErrors: true }).compile({
  type: 'object',
  required: ['threeDSServerTransID', 'acsTransID', 'messageType', 'messageVersion', 'challengeWindowSize'],
  properties: {
    threeDSServerTransID: { type: 'string', pattern: UUID },
    acsTransID: { type: 'string', pattern: UUID },
    messageType: { type: 'string', const: 'CReq' },
    messageVersion: { type: 'string', enum: [...AcsMessageVersions] },
    challengeWindowSize: { type: 'string', enum: Object.keys(ChallengeWindowSizes) },
  },
});

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

@Injectable()
export class ChallengeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: AcsTransactionsRepository,
    private readonly messageLog: AcsMessageLogRepository,
    private readonly cards: CardsRepository,
    private readonly enrollments: EnrollmentsRepository,
    private readonly results: ResultsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly crypto: CardCrypto,
    private readonly pages: ChallengePages,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ACS_CONFIG) private readonly acs: AcsConfig,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A post of the challenge form: the first CReq (`creq`) or a step (`stepToken`). */
  async handle(fields: Record<string, string>, acceptLanguage: string): Promise<Page> {
    if (fields.creq !== undefined) return this.begin(fields.creq, fields.threeDSSessionData, acceptLanguage);
    if (fields.stepToken !== undefined && fields.acsTransID !== undefined) return this.step(fields, acceptLanguage);
    return this.errorPage(languageOf(acceptLanguage), '201', 'Required data element missing', 'creq');
  }

  private async begin(encoded: string, sessionData: string | undefined, acceptLanguage: string): Promise<Page> {
    const fallback = languageOf(acceptLanguage);
    const creq = decodeCReq(encoded);
    if (!creq.ok) return this.errorPage(fallback, creq.code, creq.description, creq.detail);
    const request = creq.value;
    if (sessionData !== undefined && (Buffer.byteLength(sessionData) > Limits.acsSessionDataMaxBytes || !/^[A-Za-z0-9_\-=]*$/.test(sessionData))) {
      return this.errorPage(fallback, '203', 'Format or value of one or more data elements is invalid', 'threeDSSessionData', request);
    }
    const transaction = await this.transactions.find(request.acsTransID);
    if (!transaction || transaction.threeDSServerTransId.toLowerCase() !== request.threeDSServerTransID.toLowerCase()) {
      return this.errorPage(fallback, '301', 'Transaction ID not recognised', 'acsTransID', request);
    }
    const language = languageOf(transaction.browserLanguage);
    const now = this.clock.now();
    await this.messageLog.append(undefined, { acsTransId: transaction.acsTransId, threeDSServerTransId: transaction.threeDSServerTransId, kind: 'CReq', direction: 'IN', body: { ...request }, at: now });

    if (transaction.state === 'AWAITING_CREQ' && transaction.deadlineAt && transaction.deadlineAt > now) {
      const cardholder = await this.cardholder(transaction);
      const token = randomBytes(24).toString('base64url');
      const started = await retryingTransaction(this.dataSource, async (manager) => {
        const won = await this.transactions.startChallenge(manager, transaction.acsTransId, now, {
          tokenHash: tokenHash(token), windowSize: request.challengeWindowSize, sessionData: sessionData ?? null,
          answerDeadline: addSeconds(now, Limits.acsChallengeTimeoutSeconds),
        });
        if (!won) return false;
        if (transaction.authenticationMethod === 'OTP' && cardholder?.enrollment?.phoneE164) {
          await this.sendOtp(manager, transaction, cardholder.enrollment.phoneE164, now, 'first');
        }
        await this.audit.append(manager, {
          actorType: 'CARDHOLDER', action: 'ACS_CHALLENGE_STARTED', targetType: 'ACS_TRANSACTION', targetId: transaction.acsTransId,
          detail: { method: transaction.authenticationMethod, windowSize: request.challengeWindowSize },
        });
        return true;
      });
      if (started) {
        return this.challengePage({ ...transaction, challengeWindowSize: request.challengeWindowSize, otpSends: 1 }, cardholder, token, language, {});
      }
      return this.begin(encoded, sessionData, acceptLanguage);
    }
    if (transaction.state === 'CHALLENGING' && transaction.deadlineAt && transaction.deadlineAt > now) {
      // the same CReq again (a reload): a new page, the old page's token is void
      const token = randomBytes(24).toString('base64url');
      if (await this.transactions.renewStepToken(transaction.acsTransId, tokenHash(token), request.challengeWindowSize, now)) {
        return this.challengePage({ ...transaction, challengeWindowSize: request.challengeWindowSize }, await this.cardholder(transaction), token, language, {});
      }
    }
    return this.errorPage(language, '402', 'Transaction timed out or already completed', 'acsTransID', request, transaction.challengeWindowSize);
  }

  private async step(fields: Record<string, string>, acceptLanguage: string): Promise<Page> {
    const fallback = languageOf(acceptLanguage);
    const acsTransId = fields.acsTransID ?? '';
    if (!new RegExp(UUID).test(acsTransId) || !/^[A-Za-z0-9_-]{16,64}$/.test(fields.stepToken ?? '')) {
      return this.errorPage(fallback, '203', 'Format or value of one or more data elements is invalid', 'acsTransID,stepToken');
    }
    const transaction = await this.transactions.find(acsTransId);
    if (!transaction) return this.errorPage(fallback, '301', 'Transaction ID not recognised', 'acsTransID');
    const language = languageOf(transaction.browserLanguage);
    const t = CHALLENGE_TEXTS[language];
    const now = this.clock.now();
    const ids = { acsTransID: transaction.acsTransId, threeDSServerTransID: transaction.threeDSServerTransId };
    if (transaction.state !== 'CHALLENGING' || !transaction.deadlineAt || transaction.deadlineAt <= now) {
      return this.errorPage(language, '402', 'Transaction timed out or already completed', 'acsTransID', ids, transaction.challengeWindowSize);
    }
    if (!(await this.transactions.claimStep(acsTransId, tokenHash(fields.stepToken!), now))) {
      // a second post of a page already answered (double click, back button, a concurrent answer)
      return this.errorPage(language, '402', 'Challenge page already used', 'stepToken', ids, transaction.challengeWindowSize, t.stale);
    }
    const action = fields.action === 'resend' || fields.action === 'cancel' ? fields.action : 'submit';
    const log = (body: Record<string, unknown>) => this.messageLog.append(undefined, {
      acsTransId, threeDSServerTransId: transaction.threeDSServerTransId, kind: 'ChallengeStep', direction: 'EVENT', body, at: now,
    });

    if (action === 'cancel') {
      await log({ action: 'cancel' });
      return this.finish(transaction, { transStatus: 'N', transStatusReason: '01', challengeCancel: '01' }, 'CANCELLED', language);
    }
    const cardholder = await this.cardholder(transaction);
    const enrollment = cardholder?.enrollment;
    if (!cardholder || !enrollment || enrollment.status !== 'REGISTERED' || enrollment.method !== transaction.authenticationMethod) {
      // the enrollment changed under the challenge (deregistered, re-registered with another method)
      await log({ action, outcome: 'enrollment changed' });
      return this.finish(transaction, { transStatus: 'N', transStatusReason: '13' }, 'ENROLLMENT_CHANGED', language);
    }
    if (transaction.authenticationMethod === 'OTP' && (await this.smsFailed(transaction))) {
      await log({ action, outcome: 'SMS undelivered' });
      return this.finish(transaction, { transStatus: 'U', transStatusReason: '22' }, 'SMS_UNDELIVERED', language);
    }

    if (action === 'resend') {
      if (transaction.authenticationMethod !== 'OTP' || !enrollment.phoneE164) {
        return this.nextPage(transaction, cardholder, language, {});
      }
      if (transaction.otpSends - 1 >= Limits.acsMaxOtpResends) {
        await log({ action: 'resend', outcome: 'resend limit exceeded' });
        return this.finish(transaction, { transStatus: 'U', transStatusReason: '19' }, 'RESENDS_EXCEEDED', language);
      }
      await log({ action: 'resend' });
      return this.nextPage(transaction, cardholder, language, { notice: t.resent, resendTo: enrollment.phoneE164 });
    }

    const secureId = (fields.secureId ?? '').slice(0, 64);
    // the answer as it is checked: an OTP trimmed, a password as typed and cut one past its 64-character limit
    const secret = transaction.authenticationMethod === 'OTP'
      ? (fields.otp ?? '').trim().slice(0, 16)
      : (fields.password ?? '').slice(0, Limits.passwordMaxLength + 1);
    if (secureId.trim() === '' || secret === '') {
      // a field left empty (Enter pressed in the ID field) checks no secret, so it is no wrong answer: it costs
      // neither one of the challenge's 3 attempts nor one of the password's 5 across challenges
      await log({ action: 'submit', outcome: 'incomplete' });
      return this.nextPage(transaction, cardholder, language, {
        error: t.incomplete(transaction.authenticationMethod), secureId,
        remaining: transaction.wrongAnswers > 0 ? Limits.acsMaxWrongAnswers - transaction.wrongAnswers : undefined,
      });
    }
    const idMatches = enrollment.secureIdKey !== null && normalizeSecureId(secureId) === enrollment.secureIdKey;
    let correct: boolean;
    let expired = false;
    if (transaction.authenticationMethod === 'OTP') {
      expired = !transaction.otpExpiresAt || transaction.otpExpiresAt <= now;
      correct = !expired && transaction.otpHmac !== null && /^\d{6}$/.test(secret) && otpMatches(this.config.keys.otpKey, transaction.acsTransId, secret, transaction.otpHmac);
    } else {
      // the 64-character limit holds before the hash; the hash runs even for a wrong ID (uniform timing)
      correct = secret.length <= Limits.passwordMaxLength && (await this.hasher.verify(enrollment.passwordHash, secret));
    }
    correct = correct && idMatches;
    await log({ action: 'submit', outcome: correct ? 'correct' : expired ? 'expired code' : 'wrong answer' });

    if (correct) {
      const pan = this.crypto.decryptPan(cardholder.encryptedPan);
      return this.finish(transaction, { transStatus: 'Y', eci: '05' }, 'AUTHENTICATED', language, {
        pan,
        beforeCommit: (manager) => this.enrollments.clearChallengePasswordFailures(manager, cardholder.cardId),
      });
    }
    const wrongAnswers = transaction.wrongAnswers + 1;
    let passwordLocked = false;
    const outcome = await retryingTransaction(this.dataSource, async (manager) => {
      if (transaction.authenticationMethod === 'PASSWORD') {
        passwordLocked = (await this.enrollments.countChallengePasswordFailure(manager, cardholder.cardId, now)).locked;
      }
      await this.audit.append(manager, {
        actorType: 'CARDHOLDER', action: passwordLocked ? 'ACS_PASSWORD_LOCKED' : 'ACS_CHALLENGE_WRONG_ANSWER',
        targetType: 'ACS_TRANSACTION', targetId: transaction.acsTransId,
        detail: { wrongAnswers, method: transaction.authenticationMethod },
      });
      return passwordLocked || wrongAnswers >= Limits.acsMaxWrongAnswers ? 'END' : 'AGAIN';
    });
    if (outcome === 'END') {
      return this.finish(transaction, { transStatus: 'N', transStatusReason: '19', wrongAnswers }, passwordLocked ? 'PASSWORD_LOCKED' : 'WRONG_ANSWERS', language);
    }
    return this.nextPage({ ...transaction, wrongAnswers }, cardholder, language, {
      error: expired ? t.otpExpired : t.wrong, remaining: Limits.acsMaxWrongAnswers - wrongAnswers, wrongAnswers, secureId,
    });
  }

  /** The page after a step that did not end the challenge: a new token (and, for a resend, a new code). */
  private async nextPage(
    transaction: AcsTransaction, cardholder: CardholderRecord, language: ChallengeLanguage,
    p: { error?: string; remaining?: number; notice?: string; wrongAnswers?: number; resendTo?: string; secureId?: string },
  ): Promise<Page> {
    const token = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    const ok = await retryingTransaction(this.dataSource, async (manager) => {
      let otp: { hmac: Buffer; expiresAt: Date; messageId: number } | undefined;
      if (p.resendTo) otp = await this.sendOtp(manager, transaction, p.resendTo, now, 'resend', false);
      return this.transactions.nextStep(manager, transaction.acsTransId, { tokenHash: tokenHash(token), wrongAnswers: p.wrongAnswers, otp });
    });
    if (!ok) {
      return this.errorPage(language, '402', 'Transaction timed out or already completed', 'acsTransID',
        { acsTransID: transaction.acsTransId, threeDSServerTransID: transaction.threeDSServerTransId }, transaction.challengeWindowSize);
    }
    const otpSends = transaction.otpSends + (p.resendTo ? 1 : 0);
    return this.challengePage({ ...transaction, otpSends }, cardholder, token, language, p);
  }

  private async sendOtp(
    manager: EntityManager, transaction: AcsTransaction, phone: string, now: Date, kind: 'first' | 'resend', record = true,
  ): Promise<{ hmac: Buffer; expiresAt: Date; messageId: number }> {
    const code = newOtpCode();
    // the SMS speaks the language of the challenge page the cardholder is looking at
    const language = languageOf(transaction.browserLanguage);
    const amount = formatAmount(transaction.purchaseAmount, transaction.purchaseCurrency, transaction.purchaseExponent, language);
    const messageId = await this.outbox.sms(manager, phone, 'acs-challenge-otp', Sms.challengeCode(code, transaction.merchantName, amount, language));
    const otp = { hmac: otpHmac(this.config.keys.otpKey, transaction.acsTransId, code), expiresAt: addSeconds(now, Limits.otpTtlSeconds), messageId };
    if (record) await this.transactions.recordOtp(manager, transaction.acsTransId, otp);
    await this.audit.append(manager, {
      actorType: 'SYSTEM', action: 'OTP_SENT', targetType: 'ACS_TRANSACTION', targetId: transaction.acsTransId,
      detail: { purpose: 'ACS_CHALLENGE', kind, phone: maskPhone(phone) },
    });
    return otp;
  }

  private async smsFailed(transaction: AcsTransaction): Promise<boolean> {
    if (!this.config.smsGatewayUrl || transaction.otpMessageId === null) return false;
    const delivery = await this.outbox.deliveryStatus(transaction.otpMessageId);
    if (!delivery) return false;
    if (delivery.status === 'DEAD') return true;
    return delivery.status === 'PENDING' && this.clock.now().getTime() - delivery.createdAt.getTime() > this.acs.smsDeliveryDeadlineSeconds * 1000;
  }

  private async finish(
    transaction: AcsTransaction, result: FinalResult, cause: string, language: ChallengeLanguage,
    options: { pan?: string; beforeCommit?: (manager: EntityManager) => Promise<void> } = {},
  ): Promise<Page> {
    const completion: Completion | undefined = await this.results.complete(transaction, 'CHALLENGING', result, { ...options, actor: 'CARDHOLDER', cause });
    if (!completion) {
      return this.errorPage(language, '402', 'Transaction timed out or already completed', 'acsTransID',
        { acsTransID: transaction.acsTransId, threeDSServerTransID: transaction.threeDSServerTransId }, transaction.challengeWindowSize);
    }
    const cres = Buffer.from(JSON.stringify(completion.cres)).toString('base64url');
    return {
      html: this.pages.result({
        language, windowSize: (transaction.challengeWindowSize ?? '05') as ChallengeWindowSize, transStatus: result.transStatus,
        notificationUrl: transaction.notificationUrl, cres, sessionData: transaction.sessionData,
      }),
      formTarget: new URL(transaction.notificationUrl).origin,
    };
  }

  private challengePage(
    transaction: AcsTransaction, cardholder: CardholderRecord | undefined, token: string, language: ChallengeLanguage,
    p: { error?: string; remaining?: number; notice?: string; secureId?: string },
  ): Page {
    const method = transaction.authenticationMethod ?? 'PASSWORD';
    const phone = cardholder?.enrollment?.phoneE164;
    return {
      html: this.pages.challenge({
        language,
        windowSize: (transaction.challengeWindowSize ?? '05') as ChallengeWindowSize,
        action: `${this.acs.publicUrl}/3ds/v2/challenge`,
        acsTransId: transaction.acsTransId,
        stepToken: token,
        merchantName: transaction.merchantName,
        amount: formatAmount(transaction.purchaseAmount, transaction.purchaseCurrency, transaction.purchaseExponent, language),
        maskedCard: `**** **** **** ${transaction.cardLast4}`,
        method,
        ...(method === 'OTP' && phone ? { maskedPhone: maskPhone(phone), resendsLeft: Math.max(0, Limits.acsMaxOtpResends - (transaction.otpSends - 1)) } : {}),
        ...p,
      }),
    };
  }

  private async cardholder(transaction: AcsTransaction): Promise<CardholderRecord | undefined> {
    return transaction.cardId === null ? undefined : this.cards.findCardholder({ cardId: transaction.cardId });
  }

  private errorPage(
    language: ChallengeLanguage, code: AcsErrorCode, description: string, detail: string,
    ids: { acsTransID?: string; threeDSServerTransID?: string } = {}, windowSize?: string | null, message?: string,
  ): Page {
    const erro = acsError(code, description, detail, 'CReq', '2.3.1', ids);
    return { html: this.pages.error({ language, windowSize: (windowSize ?? undefined) as ChallengeWindowSize | undefined, erro, message }) };
  }
}

function decodeCReq(encoded: string):
  | { ok: true; value: ChallengeRequest }
  | { ok: false; code: AcsErrorCode; description: string; detail: string } {
  if (encoded.length > 4096 || !/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) {
    return { ok: false, code: '203', description: 'CReq is not base64url', detail: 'creq' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded.replace(/=+$/, ''), 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: '101', description: 'CReq is not valid JSON', detail: 'creq' };
  }
  if (!validateCReq(parsed)) {
    const missing = (validateCReq.errors ?? []).filter((e) => e.keyword === 'required').map((e) => String(e.params.missingProperty));
    if (missing.length) return { ok: false, code: '201', description: 'Required data element missing', detail: [...new Set(missing)].join(',') };
    const invalid = (validateCReq.errors ?? []).map((e) => e.instancePath.slice(1)).filter((f) => /^[A-Za-z]{1,40}$/.test(f));
    return { ok: false, code: '203', description: 'Format or value of one or more data elements is invalid', detail: [...new Set(invalid)].join(',') || 'creq' };
  }
  return { ok: true, value: parsed as ChallengeRequest };
}
