/**
 * AReq → ARes (in this order):
 * card not in the card master or replaced → N/08; expired or other expiry → N/05; fixed password locked → N/19;
 * not enrolled or 要再登録 → A (ECI 06) with ACS_ATTEMPTS, else N/13; then the risk engine: suspected fraud → R/11,
 * low risk and no challenge mandated → Y (ECI 05), otherwise C. Idempotent on threeDSServerTransID: the same ID
 * again gets the first answer (for the same card; another card gets an Erro, never someone else's cryptogram).
 */
import { Inject, Injectable } from '@nestjs/common';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  Limits, maskCardNumber, type AcsErrorMessage, type AuthenticationRequest, type AuthenticationResponse, type RiskRuleResult,
  type TransStatus, type TransStatusReason,
} from '@corpweb/shared-types';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import { ACS_CONFIG, type AcsConfig } from '../../config/acs-config.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { Metrics } from '../metrics/metrics.js';
import { CardsRepository, type CardholderRecord } from '../cards/cards.repository.js';
import { authenticationValue } from './authentication-value.js';
import { loggableAReq, readAReq } from './messages/areq-validation.js';
import { acsError } from './messages/acs-error.js';
import { RiskProviderClient } from './risk/risk-provider.client.js';
import { evaluateRisk, type ProviderOutcome, type RiskOutcome } from './risk/risk-rules.js';
import { AcsMessageLogRepository } from './transactions/acs-message-log.repository.js';
import { AcsTransactionsRepository, type AcsState } from './transactions/acs-transactions.repository.js';
import { dateParts } from '../../common/clock/date-formats.js';

interface Decision {
  transStatus: TransStatus;
  reason?: TransStatusReason;
  card?: CardholderRecord;
  method?: 'OTP' | 'PASSWORD';
  risk?: { outcome: RiskOutcome; fired: RiskRuleResult[]; provider: ProviderOutcome['status'] };
}

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: CardCrypto,
    private readonly cards: CardsRepository,
    private readonly transactions: AcsTransactionsRepository,
    private readonly messageLog: AcsMessageLogRepository,
    private readonly provider: RiskProviderClient,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ACS_CONFIG) private readonly acs: AcsConfig,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async authenticate(raw: string): Promise<AuthenticationResponse | AcsErrorMessage> {
    const reading = readAReq(raw);
    const now = this.clock.now();
    if (!reading.ok) {
      const erro = acsError(reading.errorCode, reading.description, reading.detail, 'AReq', reading.version, reading.ids);
      await retryingTransaction(this.dataSource, async (manager) => {
        await this.messageLog.append(manager, { threeDSServerTransId: reading.ids.threeDSServerTransID, kind: 'Erro', direction: 'OUT', body: { ...erro }, at: now });
        await this.audit.append(manager, {
          actorType: 'SYSTEM', action: 'ACS_AREQ_REFUSED', targetType: 'ACS_TRANSACTION', targetId: reading.ids.threeDSServerTransID,
          detail: { errorCode: erro.errorCode, errorDetail: erro.errorDetail.slice(0, 200) },
        });
      });
      this.metrics.acsMessageErrors.inc({ error_code: erro.errorCode });
      return erro;
    }
    const areq = reading.areq;
    const fingerprint = this.crypto.fingerprint(areq.acctNumber);
    const earlier = await this.transactions.findByServerTransId(areq.threeDSServerTransID);
    if (earlier) return this.replay(earlier, fingerprint, areq);

    const decision = await this.decide(areq, fingerprint, now);
    const acsTransId = randomUUID();
    const ares = this.aresFor(areq, acsTransId, decision);
    const state: AcsState = decision.transStatus === 'C' ? 'AWAITING_CREQ' : 'DECIDED';
    const masked = maskCardNumber(areq.acctNumber.slice(0, 4), areq.acctNumber.slice(-4));
    const inserted = await this.transactions.insertDecided({
      acsTransId,
      threeDSServerTransId: areq.threeDSServerTransID,
      dsTransId: areq.dsTransID,
      messageVersion: areq.messageVersion,
      messageCategory: areq.messageCategory,
      panFingerprint: fingerprint,
      cardId: decision.card?.cardId ?? null,
      companyId: decision.card?.companyId ?? null,
      cardLast4: areq.acctNumber.slice(-4),
      purchaseAmount: areq.purchaseAmount ?? null,
      purchaseCurrency: areq.purchaseCurrency ?? null,
      purchaseExponent: areq.purchaseExponent === undefined ? null : Number(areq.purchaseExponent),
      merchantName: areq.merchantName,
      mcc: areq.mcc ?? null,
      requestorName: areq.threeDSRequestorName,
      notificationUrl: areq.notificationURL,
      browserLanguage: areq.browserLanguage,
      browserIp: areq.browserIP ?? null,
      deviceHash: deviceHash(areq),
      challengeMandated: challengeMandated(areq),
      state,
      transStatus: decision.transStatus,
      transStatusReason: decision.reason ?? null,
      eci: ares.eci ?? null,
      authenticationMethod: decision.method ?? null,
      riskOutcome: decision.risk?.outcome ?? null,
      riskRules: decision.risk?.fired ?? [],
      riskProvider: decision.risk?.provider ?? 'NOT_EVALUATED',
      ares,
      deadlineAt: state === 'AWAITING_CREQ' ? addSeconds(now, Limits.acsCreqTimeoutSeconds) : null,
      createdAt: now,
    }, { areq: loggableAReq(areq), ares: { ...ares } }, {
      actorType: 'SYSTEM', action: 'ACS_AREQ_DECIDED', targetType: 'ACS_TRANSACTION', targetId: acsTransId,
      detail: {
        card: masked, transStatus: decision.transStatus, reason: decision.reason ?? null, merchant: areq.merchantName,
        rules: (decision.risk?.fired ?? []).map((rule) => `${rule.rule}:${rule.action}`).join(',') || null,
      },
    });
    if (inserted === 'DUPLICATE') {
      // two identical AReqs raced: the other one's answer stands
      const winner = await this.transactions.findByServerTransId(areq.threeDSServerTransID);
      if (winner) return this.replay(winner, fingerprint, areq);
      throw new Error('an AReq lost the race for its threeDSServerTransID, and the winner is not there');
    }
    this.metrics.acsDecisions.inc({ stage: 'areq', trans_status: decision.transStatus, reason: decision.reason ?? 'none' });
    return this.withAuthenticationValue(ares, areq);
  }

  private async decide(areq: AuthenticationRequest, fingerprint: Buffer, now: Date): Promise<Decision> {
    const t = this.acs.risk;
    const read = await this.cards.findCardholderWith(fingerprint, this.transactions.riskHistoryJoin(
      { deviceHash: deviceHash(areq), ip: areq.browserIP ?? null },
      { velocity: addSeconds(now, -t.velocityWindowSeconds), trust: addSeconds(now, -t.trustedDeviceDays * 86_400) },
    ));
    if (!read || read.card.status !== 'ACTIVE') return { transStatus: 'N', reason: '08' };
    const { card, joined: { aReqsInWindow, deviceTrusted, ipSeenForCard } } = read;
    const thisMonth = yymmIn(now, this.config.businessTimeZone);
    const expiryGiven = areq.cardExpiryDate;
    if ((expiryGiven !== undefined && expiryGiven !== card.expiryYymm) || card.expiryYymm < thisMonth) {
      return { transStatus: 'N', reason: '05', card };
    }
    const enrollment = card.enrollment;
    if (enrollment?.method === 'PASSWORD' && enrollment.passwordFailCount >= Limits.acsPasswordMaxConsecutiveFailures) {
      return { transStatus: 'N', reason: '19', card };
    }
    if (!enrollment || enrollment.status !== 'REGISTERED' || !enrollment.secureIdKey) {
      return this.acs.attempts ? { transStatus: 'A', card } : { transStatus: 'N', reason: '13', card };
    }

    const provider: ProviderOutcome = card.fraudDataSharing
      ? await this.provider.score({
          acsTransID: areq.threeDSServerTransID,
          cardToken: fingerprint.toString('hex').slice(0, 32),
          messageCategory: areq.messageCategory,
          purchaseAmount: areq.purchaseAmount ?? null,
          purchaseCurrency: areq.purchaseCurrency ?? null,
          merchantName: areq.merchantName,
          mcc: areq.mcc ?? null,
          merchantCountryCode: areq.merchantCountryCode ?? null,
          browser: {
            ip: areq.browserIP ?? null, userAgent: areq.browserUserAgent, language: areq.browserLanguage,
            acceptHeader: areq.browserAcceptHeader,
            screen: areq.browserScreenWidth ? `${areq.browserScreenWidth}x${areq.browserScreenHeight ?? ''}` : null,
            tz: areq.browserTZ ?? null,
          },
        })
      : { status: 'NOT_SHARED' };
    const risk = evaluateRisk({
      messageCategory: areq.messageCategory,
      amountJpy: areq.messageCategory === '01' && areq.purchaseCurrency === '392' ? Number(areq.purchaseAmount) : null,
      currency: areq.purchaseCurrency ?? null,
      mcc: areq.mcc ?? null,
      browserIp: areq.browserIP ?? null,
      challengeMandated: challengeMandated(areq),
      aReqsInWindow,
      deviceTrusted,
      ipSeenForCard,
      provider,
    }, t);
    const explained = { ...risk, provider: provider.status };
    if (risk.outcome === 'DENY') return { transStatus: 'R', reason: '11', card, risk: explained };
    if (risk.outcome === 'FRICTIONLESS') return { transStatus: 'Y', card, risk: explained };
    return { transStatus: 'C', card, method: enrollment.method, risk: explained };
  }

  private aresFor(areq: AuthenticationRequest, acsTransId: string, decision: Decision): AuthenticationResponse {
    const base: AuthenticationResponse = {
      messageType: 'ARes',
      messageVersion: areq.messageVersion,
      threeDSServerTransID: areq.threeDSServerTransID,
      dsTransID: areq.dsTransID,
      acsTransID: acsTransId,
      acsReferenceNumber: this.acs.acsReferenceNumber,
      transStatus: decision.transStatus,
    };
    if (decision.reason) base.transStatusReason = decision.reason;
    if (decision.transStatus === 'Y') base.eci = '05';
    if (decision.transStatus === 'A') base.eci = '06';
    if (decision.transStatus === 'C') {
      base.acsURL = `${this.acs.publicUrl}/3ds/v2/challenge`;
      base.acsChallengeMandated = challengeMandated(areq) ? 'Y' : 'N';
      base.authenticationType = decision.method === 'OTP' ? '02' : '01';
    }
    return base;
  }

  /** The stored ARes never holds the cryptogram: it is recomputed for the answer. */
  private withAuthenticationValue(ares: AuthenticationResponse, areq: AuthenticationRequest): AuthenticationResponse {
    if (!ares.eci) return ares;
    return {
      ...ares,
      authenticationValue: authenticationValue(this.acs.avKey, {
        acsTransId: ares.acsTransID, pan: areq.acctNumber, purchaseAmount: areq.purchaseAmount ?? null,
        purchaseCurrency: areq.purchaseCurrency ?? null, eci: ares.eci,
      }),
    };
  }

  private replay(
    earlier: { panFingerprint: Buffer; ares: AuthenticationResponse; messageVersion: string },
    fingerprint: Buffer, areq: AuthenticationRequest,
  ): AuthenticationResponse | AcsErrorMessage {
    if (!earlier.panFingerprint.equals(fingerprint)) {
      return acsError('203', 'threeDSServerTransID already used for another card', 'threeDSServerTransID', 'AReq', areq.messageVersion, {
        threeDSServerTransID: areq.threeDSServerTransID, dsTransID: areq.dsTransID,
      });
    }
    return this.withAuthenticationValue(earlier.ares, areq);
  }
}

export function challengeMandated(areq: Pick<AuthenticationRequest, 'threeDSRequestorChallengeInd'>): boolean {
  const ind = areq.threeDSRequestorChallengeInd;
  return Array.isArray(ind) ? ind.includes('04') : ind === '04';
}

/** The browser as the AReq describes it (no cookie exists at AReq time): what "seen before" is keyed on. */
export function deviceHash(areq: AuthenticationRequest): Buffer {
  return createHash('sha256').update([
    areq.browserUserAgent, areq.browserAcceptHeader, areq.browserLanguage, areq.browserColorDepth ?? '',
    areq.browserScreenHeight ?? '', areq.browserScreenWidth ?? '', areq.browserTZ ?? '',
    String(areq.browserJavascriptEnabled ?? ''), String(areq.browserJavaEnabled ?? ''),
  ].join('\u0000')).digest();
}

function yymmIn(date: Date, timeZone: string): string {
  const parts = dateParts(date, 'en-CA', { timeZone, year: '2-digit', month: '2-digit' });
  const get = (type: 'year' | 'month') => parts[type] ?? '00';
  return `${get('year')}${get('month')}`;
}
