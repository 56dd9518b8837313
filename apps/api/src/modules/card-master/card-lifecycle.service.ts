/**
 * Staff actions on one card (§3 back office). Each is one transaction that starts by
 * locking the card row, so two staff acting on the same card are serialized, and ends with its audit event.
 *  - PIN unlock: the counter and the lock go together (3 wrong PINs lock the card until staff unlock it).
 *  - Reissue: the new number becomes a new card of the same company; the old card is REPLACED, its enrollment
 *    ends (the new card starts 未登録) and its open card inquiries die with it.
 *  - Provisional phone: the issuer sets an OTP phone; the enrollment shows 要再登録 until the administrator
 *    registers again, and the company's members are told by email.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isExpired, maskCardNumber, maskPhone, type BackofficeCard, type CardReissueResponse } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import { isDuplicateKey } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { MembersRepository } from '../auth/members.repository.js';
import { CardInquiryRepository } from '../cards/card-inquiry.repository.js';
import { parseCardNumber } from '../cards/card-number.js';
import type { ReregistrationCause } from '../notifications/emails/reregistration-required.js';
import { Emails } from '../notifications/messages.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { EnrollmentsRepository } from '../enrollment/enrollments.repository.js';
import { CardMasterRepository, type LockedCard } from './card-master.repository.js';
import { CardSearchService } from './card-search.service.js';

export interface ReissueInput {
  newCardNumber: string;
  expiryYymm: string;
  pin: string;
}

@Injectable()
export class CardLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cardCrypto: CardCrypto,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly cards: CardSearchService,
    private readonly enrollments: EnrollmentsRepository,
    private readonly cardRows: CardMasterRepository,
    private readonly inquiries: CardInquiryRepository,
    private readonly members: MembersRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async unlockPin(cardId: number, staffId: number, meta: RequestMeta): Promise<BackofficeCard> {
    await this.dataSource.transaction(async (manager) => {
      const card = await this.lockCard(manager, cardId);
      await this.cardRows.unlockPin(manager, cardId, this.clock.now());
      await this.audit.append(manager, {
        actorType: 'STAFF', actorId: staffId, action: 'PIN_UNLOCKED', targetType: 'CARD', targetId: cardId, meta,
        detail: { wasLocked: card.pin_locked_at !== null, failCount: Number(card.pin_fail_count) },
      });
    });
    return this.cards.find(cardId);
  }

  async reissue(cardId: number, input: ReissueInput, staffId: number, meta: RequestMeta): Promise<CardReissueResponse> {
    // the same parse and answer as the card inquiry's (a PAN is never stored unvalidated)
    const pan = parseCardNumber(input.newCardNumber, 'newCardNumber');
    if (isExpired(input.expiryYymm, this.clock.now(), this.config.businessTimeZone)) {
      throw AppException.validation([{ field: 'expiryYymm', code: 'CARD_EXPIRED' }]);
    }
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const old = await this.lockCard(manager, cardId);
      if (old.status !== 'ACTIVE') throw new AppException('CARD_NOT_ACTIVE');

      const encrypted = this.cardCrypto.encryptPan(pan);
      let newCardId: number;
      try {
        newCardId = await this.cardRows.insertOne(manager, {
          companyId: old.company_id, panCiphertext: encrypted.ciphertext, panKeyId: encrypted.keyId, fingerprint: this.cardCrypto.fingerprint(pan),
          first4: pan.slice(0, 4), last4: pan.slice(-4), expiryYymm: input.expiryYymm, holderName: old.holder_name, pinHash: this.cardCrypto.pinHash(pan, input.pin),
        }, now);
      } catch (error) {
        if (isDuplicateKey(error, 'uq_card_fingerprint')) throw new AppException('CARD_ALREADY_EXISTS');
        throw error;
      }
      await this.cardRows.markReplaced(manager, cardId, newCardId, now);
      const endedEnrollment = await this.enrollments.remove(manager, cardId);
      await this.inquiries.forgetGrantsForCard(manager, cardId);

      const newMasked = maskCardNumber(pan.slice(0, 4), pan.slice(-4));
      if (endedEnrollment) {
        // the cardholder can no longer pass 3-D Secure until the new card is registered: tell the company
        await this.notifyMembers(manager, old.company_id, newMasked, { cause: 'CARD_REISSUED', oldMaskedNumber: maskCardNumber(old.first4, old.last4) });
      }
      await this.audit.append(manager, {
        actorType: 'STAFF', actorId: staffId, action: 'CARD_REISSUED', targetType: 'CARD', targetId: cardId, meta,
        detail: { newCardId, enrollmentEnded: endedEnrollment },
      });
      return { cardId: String(newCardId), maskedNumber: newMasked };
    });
  }

  async setProvisionalPhone(cardId: number, phoneE164: string, staffId: number, meta: RequestMeta): Promise<BackofficeCard> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const card = await this.lockCard(manager, cardId);
      if (card.status !== 'ACTIVE') throw new AppException('CARD_NOT_ACTIVE');
      const previousStatus = await this.enrollments.lockStatus(manager, cardId);
      await this.enrollments.setProvisionalPhone(manager, cardId, phoneE164, now);
      await this.notifyMembers(manager, card.company_id, maskCardNumber(card.first4, card.last4), { cause: 'PROVISIONAL_PHONE_SET' });
      await this.audit.append(manager, {
        actorType: 'STAFF', actorId: staffId, action: 'PROVISIONAL_PHONE_SET', targetType: 'CARD', targetId: cardId, meta,
        detail: { maskedPhone: maskPhone(phoneE164), previousStatus: previousStatus ?? 'UNREGISTERED' },
      });
    });
    return this.cards.find(cardId);
  }

  private async lockCard(manager: EntityManager, cardId: number): Promise<LockedCard> {
    const card = await this.cardRows.lockForStaffAction(manager, cardId);
    if (!card) throw new AppException('CARD_NOT_FOUND');
    return card;
  }

  private async notifyMembers(manager: EntityManager, companyId: number, maskedNumber: string, why: ReregistrationCause): Promise<void> {
    const members = await this.members.contactsOfCompany(manager, companyId);
    for (const member of members) {
      await this.outbox.email(manager, member.email, 'reregistration-required', Emails.reregistrationRequired({ name: member.name, maskedNumber, ...why }));
    }
  }
}
