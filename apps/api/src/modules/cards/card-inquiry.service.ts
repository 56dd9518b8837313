/**
 * 本人認証サービス登録状況照会 (SPEC §1 step 3): card number + card PIN → a 10-minute inquiry grant bound to the
 * member's session and that one card.
 * - Unknown card, another company's card and a wrong PIN give one answer (422 CARD_OR_PIN_INVALID) after the
 *   same work, so the endpoint is no oracle for card existence or ownership. Another company's card never
 *   touches the PIN counter (company A cannot lock company B's cards).
 * - 3 consecutive wrong PINs lock the card for every session until staff unlock it. Counting is one atomic
 *   UPDATE guarded by `pin_locked_at IS NULL`: row locks serialise concurrent attempts, so 50 concurrent wrong
 *   PINs evaluate at most 3.
 */
import { Inject, Injectable } from '@nestjs/common';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Limits, validateCardNumber, type CardInquiryResponse } from '@corpweb/shared-types';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { CardCrypto } from '../../common/crypto/card-crypto.service.js';
import { execute, selectOne } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { ResponseFloorsMs, withRefusalFloor } from '../../common/http/response-floor.js';
import { RateLimits } from '../../common/rate-limit/rate-limits.service.js';
import { AuditService } from '../audit/audit.service.js';
import { enrollmentView, maskedCard, type CardRow, type EnrollmentRow } from './card-views.js';

type EnrollmentColumns = { [K in keyof EnrollmentRow as `enrollment_${K}`]: EnrollmentRow[K] | null };
const ENROLLMENT_COLUMNS = (['card_id', 'secure_id', 'method', 'phone_e164', 'status', 'updated_at'] as const)
  .map((column) => `e.${column} AS enrollment_${column}`).join(', ');

function enrollmentOf(row: EnrollmentColumns): EnrollmentRow | undefined {
  if (row.enrollment_card_id === null) return undefined;
  return {
    card_id: row.enrollment_card_id, secure_id: row.enrollment_secure_id, method: row.enrollment_method!, phone_e164: row.enrollment_phone_e164,
    password_hash: null, status: row.enrollment_status!, updated_at: row.enrollment_updated_at!,
  };
}

@Injectable()
export class CardInquiryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: CardCrypto,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimits,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  inquire(memberId: number, sessionHash: Buffer, cardNumber: string, pin: string, meta: RequestMeta): Promise<CardInquiryResponse> {
    return withRefusalFloor(ResponseFloorsMs.cardInquiry, () => this.check(memberId, sessionHash, cardNumber, pin, meta));
  }

  private async check(memberId: number, sessionHash: Buffer, cardNumber: string, pin: string, meta: RequestMeta): Promise<CardInquiryResponse> {
    const parsed = validateCardNumber(cardNumber);
    if (!parsed.ok) {
      // an empty number is a plain validation error; a wrong one keeps its own top-level code
      if (parsed.code === 'REQUIRED') throw AppException.validation([{ field: 'cardNumber', code: 'REQUIRED' }]);
      throw new AppException(parsed.code, [{ field: 'cardNumber', code: parsed.code }]);
    }
    const pan = parsed.digits;
    if (this.rateLimits.active) {
      const member = await selectOne<{ company_id: number }>(this.dataSource, 'SELECT company_id FROM members WHERE id = ?', [memberId]);
      await this.rateLimits.take([
        ['cardInquiriesPerMember', String(memberId)], ['cardInquiriesPerCompany', String(member?.company_id)], ['cardInquiriesPerIp', meta.ip],
      ]);
    }
    // One statement answers "does it exist", "is it this member's company's" (no row either way) and "what is
    // enrolled". The enrollment is read before the card's row lock: a change committing in between shows at
    // the next inquiry, and every enrollment write re-reads under that lock.
    const card = await selectOne<CardRow & EnrollmentColumns>(
      this.dataSource,
      `SELECT c.*, ${ENROLLMENT_COLUMNS} FROM cards c
         JOIN members m ON m.company_id = c.company_id
         LEFT JOIN enrollments e ON e.card_id = c.id
        WHERE c.pan_fingerprint = ? AND m.id = ?`,
      [this.crypto.fingerprint(pan), memberId],
    );
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
    const correct = this.crypto.pinMatches(pan, pin, card.pin_hash);
    const now = this.clock.now();
    return retryingTransaction(this.dataSource, async (manager) => {
      const counted = await execute(
        manager,
        `UPDATE cards
            SET pin_locked_at = IF(? = 0 AND pin_fail_count + 1 >= ?, ?, pin_locked_at),
                pin_fail_count = IF(? = 1, 0, pin_fail_count + 1),
                updated_at = ?
          WHERE id = ? AND pin_locked_at IS NULL`,
        [correct ? 1 : 0, Limits.pinMaxConsecutiveFailures, now, correct ? 1 : 0, now, card.id],
      );
      if (counted.affectedRows === 0) {
        await this.audit.append(manager, { ...actor, ...target, action: 'CARD_INQUIRY_REFUSED_LOCKED' });
        return { refused: 'PIN_LOCKED' as const, inquiry: undefined };
      }
      if (!correct) {
        const after = await selectOne<{ pin_locked_at: Date | null; pin_fail_count: number }>(
          manager, 'SELECT pin_locked_at, pin_fail_count FROM cards WHERE id = ?', [card.id],
        );
        const locked = Boolean(after?.pin_locked_at);
        await this.audit.append(manager, { ...actor, ...target, action: locked ? 'PIN_LOCKED' : 'PIN_FAILED', detail: { failures: Number(after?.pin_fail_count ?? 0) } });
        return { refused: locked ? ('PIN_LOCKED' as const) : ('CARD_OR_PIN_INVALID' as const), inquiry: undefined };
      }
      const inquiryId = randomUUID();
      const expiresAt = addSeconds(now, Limits.inquiryTtlSeconds);
      await execute(
        manager,
        'INSERT INTO card_inquiries (id, session_hash, member_id, card_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [inquiryId, sessionHash, memberId, card.id, expiresAt, now],
      );
      await this.audit.append(manager, { ...actor, ...target, action: 'CARD_INQUIRY_SUCCEEDED' });
      const inquiry: CardInquiryResponse = { inquiryId, expiresAt: expiresAt.toISOString(), card: maskedCard(card), enrollment: enrollmentView(enrollmentOf(card)) };
      return { refused: undefined, inquiry };
    }).then(({ refused, inquiry }) => {
      // refusals are committed (counter + audit) before the error is answered
      if (refused || !inquiry) throw new AppException(refused ?? 'CARD_OR_PIN_INVALID');
      return inquiry;
    });
  }
}
