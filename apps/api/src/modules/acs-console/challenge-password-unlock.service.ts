/**
 * A SUPERVISOR lifts a fixed password the ACS locked at checkout (5 consecutive wrong answers across challenges):
 * the failure count goes back to 0 and the enrollment back to 登録済 — only when the ACS locked it
 * (PASSWORD, count at the limit); any other 要再登録 (a provisional phone) still needs the administrator. One
 * transaction: the card row is locked first (as every staff card action does), the guarded UPDATE is the
 * enrollment owner's, and the audit event is the last statement.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { maskCardNumber, type AcsPasswordUnlockResponse } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from '../audit/audit.service.js';
import { EnrollmentsRepository } from '../enrollment/enrollments.repository.js';
import { CardMasterRepository } from '../card-master/card-master.repository.js';
import { passwordLockOf } from './acs-transaction.view.js';

@Injectable()
export class ChallengePasswordUnlockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardMasterRepository,
    private readonly enrollments: EnrollmentsRepository,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async unlock(cardId: number, staffId: number, meta: RequestMeta): Promise<AcsPasswordUnlockResponse> {
    return this.dataSource.transaction(async (manager) => {
      // the card row first: the unlock serializes with reissue and re-registration
      const card = await this.cards.lockNumber(manager, cardId);
      if (!card) throw new AppException('CARD_NOT_FOUND');
      const before = await this.enrollments.lockPasswordState(manager, cardId);
      const { unlocked } = await this.enrollments.unlockChallengePassword(manager, cardId, this.clock.now());
      if (!unlocked) throw new AppException('PASSWORD_NOT_LOCKED');
      await this.audit.append(manager, {
        actorType: 'STAFF', actorId: staffId, action: 'ACS_PASSWORD_UNLOCKED', targetType: 'CARD', targetId: cardId, meta,
        detail: { failCount: before ? Number(before.password_fail_count) : null, previousStatus: before?.status ?? null },
      });
      return {
        cardId: String(cardId),
        maskedNumber: maskCardNumber(card.first4, card.last4),
        passwordLock: passwordLockOf({ method: 'PASSWORD', status: 'REGISTERED', password_fail_count: 0 })!,
      };
    });
  }
}
