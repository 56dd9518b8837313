/**
 * 本人認証サービス登録状況照会: card number + card PIN → a 10-minute inquiry grant bound to the
 * member's session and that one card.
 * - Unknown card, another company's card and a wrong PIN give one answer (422 CARD_OR_PIN_INVALID) after the
 *   same work, so the endpoint is no oracle for card existence or ownership. Another company's card never
 *   touches the PIN counter (company A cannot lock company B's cards).
 * - 3 consecutive wrong PINs lock the card for every session until staff unlock it. Counting is one atomic
 *   UPDATE guarded by `pin_locked_at IS NULL`: row locks serialise concurrent attempts, so 50 concurrent wrong
 *   PINs evaluate at most 3 (CardInquiryRepository.countWrongPin).
 * - A correct PIN is granted only while the card is not locked, checked again in the write itself; the counter
 *   goes back to 0 only when it is not 0 already (issue 13: write only what changed).
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Limits, type CardInquiryResponse } from '@corpweb/shared-types';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { ResponseFloorsMs, withRefusalFloor } from '../../common/http/response-floor.js';
import { RateLimits } from '../../common/rate-limit/rate-limits.service.js';
import { AuditService } from '../audit/audit.service.js';
import { MembersRepository } from '../auth/members.repository.js';
import { CardInquiryRepository, type CardReadWithSession } from './card-inquiry.repository.js';
import { parseCardNumber } from './card-number.js';
import { enrollmentView, maskedCard } from './card-views.js';

@Injectable()
export class CardInquiryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inquiries: CardInquiryRepository,
    private readonly members: MembersRepository,
    private readonly crypto: CardCrypto,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimits,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** `read`: the card as the session guard read it (CardInquirySessionJoin); used only when it is this number's. */
  inquire(
    memberId: number, sessionHash: Buffer, cardNumber: string, pin: string, meta: RequestMeta, read?: CardReadWithSession,
  ): Promise<CardInquiryResponse> {
    return withRefusalFloor(ResponseFloorsMs.cardInquiry, () => this.check(memberId, sessionHash, cardNumber, pin, meta, read));
  }

  private async check(
    memberId: number, sessionHash: Buffer, cardNumber: string, pin: string, meta: RequestMeta, read: CardReadWithSession | undefined,
  ): Promise<CardInquiryResponse> {
    const pan = parseCardNumber(cardNumber, 'cardNumber');
    const readHere = read?.cardNumber !== cardNumber;
    if (this.rateLimits.active) {
      const companyId = readHere ? await this.members.companyIdOf(this.dataSource, memberId) : read.companyId;
      await this.rateLimits.take([
        ['cardInquiriesPerMember', String(memberId)], ['cardInquiriesPerCompany', String(companyId)], ['cardInquiriesPerIp', meta.ip],
      ]);
    }
    const card = readHere ? await this.inquiries.findMemberCard(this.crypto.fingerprint(pan), memberId) : read.card;
    const actor = { actorType: 'MEMBER' as const, actorId: memberId, meta };
    if (!card || card.status !== 'ACTIVE') {
      await this.audit.record({ ...actor, action: 'CARD_INQUIRY_REFUSED', detail: { last4: pan.slice(-4) } });
      throw new AppException('CARD_OR_PIN_INVALID');
    }
    const target = { targetType: 'CARD', targetId: card.id };
    if (card.pin_locked_at) {
      await this.audit.record({ ...actor, ...target, action: 'CARD_INQUIRY_REFUSED_LOCKED' });
      throw new AppException('PIN_LOCKED');
    }
    const now = this.clock.now();
    if (!this.crypto.pinMatches(pan, pin, card.pin_hash)) {
      // refusals are committed (counter + audit) before the error is answered
      const counted = await this.inquiries.countWrongPin(card.id, now, { ...actor, ...target });
      throw new AppException(counted === 'COUNTED' ? 'CARD_OR_PIN_INVALID' : 'PIN_LOCKED');
    }
    const inquiryId = randomUUID();
    const expiresAt = addSeconds(now, Limits.inquiryTtlSeconds);
    const granted = await this.inquiries.grantInquiry({
      inquiryId, sessionHash, memberId, cardId: card.id, expiresAt, now, resetFailures: Number(card.pin_fail_count) !== 0,
      event: { ...actor, ...target, action: 'CARD_INQUIRY_SUCCEEDED' },
    });
    if (!granted) {
      // locked by wrong PINs that committed after the read: the lock wins
      await this.audit.record({ ...actor, ...target, action: 'CARD_INQUIRY_REFUSED_LOCKED' });
      throw new AppException('PIN_LOCKED');
    }
    return { inquiryId, expiresAt: expiresAt.toISOString(), card: maskedCard(card), enrollment: enrollmentView(card.enrollment) };
  }
}
