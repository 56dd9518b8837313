/**
 * Ends a challenge, exactly once: the guarded UPDATE of AcsTransactionsRepository.complete() decides which of
 * the competing enders (the answer, a cancel, a timer, a failed SMS) wins; the winner writes, in the same
 * transaction, the RReq to the Directory Server through the outbox (its dedupe key is unique per transaction),
 * the message log and the audit event. A loser writes nothing.
 */
import { Inject, Injectable } from '@nestjs/common';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import { DataSource } from 'typeorm';
import { maskCardNumber, type ChallengeResponse, type ResultsRequest } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { ACS_CONFIG, type AcsConfig } from '../../config/acs-config.js';
import { AuditService } from '../audit/audit.service.js';
import { Metrics } from '../metrics/metrics.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { authenticationValue } from './authentication-value.js';
import { AcsMessageLogRepository } from './transactions/acs-message-log.repository.js';
import { AcsTransactionsRepository, type AcsState, type AcsTransaction, type FinalResult } from './transactions/acs-transactions.repository.js';

export interface Completion {
  cres: ChallengeResponse;
  transaction: AcsTransaction;
}

@Injectable()
export class ResultsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: AcsTransactionsRepository,
    private readonly messageLog: AcsMessageLogRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ACS_CONFIG) private readonly acs: AcsConfig,
    private readonly metrics: Metrics,
  ) {}

  /**
   * `pan` is needed only for Y (the cryptogram); `dueBy` marks a timer's attempt. Returns undefined when
   * something else ended the transaction first.
   */
  async complete(
    transaction: AcsTransaction, from: AcsState, result: FinalResult,
    options: { pan?: string; dueBy?: Date; actor: 'CARDHOLDER' | 'SYSTEM'; cause: string; beforeCommit?: (manager: import('typeorm').EntityManager) => Promise<void> },
  ): Promise<Completion | undefined> {
    const now = this.clock.now();
    const completion = await retryingTransaction(this.dataSource, async (manager) => {
      const won = await this.transactions.complete(manager, transaction.acsTransId, from, result, now, options.dueBy);
      if (!won) return undefined;
      await options.beforeCommit?.(manager);
      const rreq: ResultsRequest = {
        messageType: 'RReq',
        messageVersion: transaction.messageVersion,
        threeDSServerTransID: transaction.threeDSServerTransId,
        dsTransID: transaction.dsTransId,
        acsTransID: transaction.acsTransId,
        messageCategory: transaction.messageCategory,
        transStatus: result.transStatus,
        ...(result.transStatusReason ? { transStatusReason: result.transStatusReason } : {}),
        ...(result.eci ? { eci: result.eci } : {}),
        ...(result.transStatus === 'Y' && result.eci && options.pan
          ? {
              authenticationValue: authenticationValue(this.acs.avKey, {
                acsTransId: transaction.acsTransId, pan: options.pan, purchaseAmount: transaction.purchaseAmount,
                purchaseCurrency: transaction.purchaseCurrency, eci: result.eci,
              }),
            }
          : {}),
        authenticationType: transaction.authenticationMethod === 'OTP' ? '02' : '01',
        interactionCounter: String(Math.min(transaction.interactions + (options.actor === 'CARDHOLDER' ? 1 : 0), 99)).padStart(2, '0'),
        ...(result.challengeCancel ? { challengeCancel: result.challengeCancel } : {}),
      };
      await this.outbox.rreq(manager, this.acs.dsUrl, JSON.stringify(rreq), `rreq:${transaction.acsTransId}`);
      const cres: ChallengeResponse = {
        threeDSServerTransID: transaction.threeDSServerTransId,
        acsTransID: transaction.acsTransId,
        messageType: 'CRes',
        messageVersion: transaction.messageVersion,
        transStatus: result.transStatus,
        challengeCompletionInd: 'Y',
      };
      const ids = { acsTransId: transaction.acsTransId, threeDSServerTransId: transaction.threeDSServerTransId, at: now };
      await this.messageLog.append(manager, { ...ids, kind: 'RReq', direction: 'OUT', body: { ...rreq } });
      if (options.actor === 'CARDHOLDER') await this.messageLog.append(manager, { ...ids, kind: 'CRes', direction: 'OUT', body: { ...cres } });
      await this.audit.append(manager, {
        actorType: options.actor, action: 'ACS_CHALLENGE_COMPLETED', targetType: 'ACS_TRANSACTION', targetId: transaction.acsTransId,
        detail: {
          card: maskCardNumber('****', transaction.cardLast4), cause: options.cause, transStatus: result.transStatus,
          reason: result.transStatusReason ?? null, challengeCancel: result.challengeCancel ?? null,
        },
      });
      return { cres, transaction };
    });
    if (completion) this.metrics.acsDecisions.inc({ stage: 'challenge', trans_status: result.transStatus, reason: result.transStatusReason ?? 'none' });
    return completion;
  }
}
