/**
 * The card inquiry's statements (issue 13: the inquiry at its floor). A successful inquiry costs one read (the
 * session with the member's card and its enrollment: `memberCardJoin`, read by the session guard) and one write
 * round trip (the `grant_card_inquiry` procedure: PIN counter reset only when it is not 0, the grant, its audit
 * event, in one transaction). The hot statements run as server-side prepared statements.
 * Each method is one transaction, so a deadlock-retry wrapper can wrap it whole.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Limits } from '@corpweb/shared-types';
import { execute, prepared, selectOne, type Executor } from '../../common/database/sql.js';
import { retryingOnConflict, retryingTransaction } from '../../database/retrying-transaction.js';
import { AuditService, type AuditInput } from '../audit/audit.service.js';
import type { SessionJoin } from '../session/session.service.js';
import type { CardRow, EnrollmentRow } from './card-views.js';

type EnrollmentColumns = { [K in keyof EnrollmentRow as `enrollment_${K}`]: EnrollmentRow[K] | null };
const ENROLLMENT_COLUMNS = (['card_id', 'secure_id', 'method', 'phone_e164', 'status', 'updated_at'] as const)
  .map((column) => `e.${column} AS enrollment_${column}`).join(', ');

export type GrantedCard = CardRow & {
  member_login_id: string; member_name: string; member_email: string; member_password_hash: string | null;
  enrolled_phone: string | null; secure_id_owner: number | null;
};

export type MemberCard = CardRow & { pin_fail_count: number; enrollment?: EnrollmentRow };

/**
 * The inquiry's read made with the session: the card (none: unknown or another company's) and the member's
 * company, for `cardNumber`, the very string of the body (so no second copy of the number, and no second HMAC).
 */
export interface CardReadWithSession {
  cardNumber: string;
  companyId: number | undefined;
  card: MemberCard | undefined;
}

type MemberCardColumns = CardRow & { pin_fail_count: number } & EnrollmentColumns;

/** The card and its enrollment from one row of `c.*` and ENROLLMENT_COLUMNS; undefined when no card joined. */
function memberCardOf(row: MemberCardColumns): MemberCard | undefined {
  if (row.id === null || row.id === undefined) return undefined;
  const enrollment: EnrollmentRow | undefined = row.enrollment_card_id === null ? undefined : {
    card_id: row.enrollment_card_id, secure_id: row.enrollment_secure_id, method: row.enrollment_method!, phone_e164: row.enrollment_phone_e164,
    password_hash: null, status: row.enrollment_status!, updated_at: row.enrollment_updated_at!,
  };
  return { ...row, enrollment };
}

@Injectable()
export class CardInquiryRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * One statement answers "does it exist", "is it this member's company's" (no row either way) and "what is
   * enrolled". The enrollment is read before any write: a change committing in between shows at the next
   * inquiry, and every enrollment write re-reads under the card's row lock.
   */
  async findMemberCard(fingerprint: Buffer, memberId: number): Promise<MemberCard | undefined> {
    const [row] = await prepared<MemberCardColumns[]>(
      this.dataSource,
      `SELECT c.*, ${ENROLLMENT_COLUMNS} FROM cards c
         JOIN members m ON m.company_id = c.company_id
         LEFT JOIN enrollments e ON e.card_id = c.id
        WHERE c.pan_fingerprint = ? AND m.id = ?`,
      [fingerprint, memberId],
    );
    return row && memberCardOf(row);
  }

  /**
   * The same read as findMemberCard, made in the session guard's statement (SessionService.resolve): from the
   * session row, its member's company and that company's card with the fingerprint. A staff session joins nothing.
   */
  memberCardJoin(cardNumber: string, fingerprint: Buffer): SessionJoin<CardReadWithSession> {
    return {
      columns: `m.company_id AS member_company_id, c.*, ${ENROLLMENT_COLUMNS}`,
      joins: `LEFT JOIN members m ON m.id = s.principal_id AND s.kind = 'MEMBER'
              LEFT JOIN cards c ON c.pan_fingerprint = ? AND c.company_id = m.company_id
              LEFT JOIN enrollments e ON e.card_id = c.id`,
      params: [fingerprint],
      parse: (row) => ({
        cardNumber,
        companyId: row.member_company_id === null ? undefined : Number(row.member_company_id),
        card: memberCardOf(row as unknown as MemberCardColumns),
      }),
    };
  }

  /**
   * The write of a correct PIN, one round trip: false when the card was PIN-locked since it was read (nothing
   * written). `resetFailures` only when the counter read was not 0 (a correct PIN on a clean card writes no UPDATE).
   */
  async grantInquiry(grant: {
    inquiryId: string; sessionHash: Buffer; memberId: number; cardId: number; expiresAt: Date; now: Date; resetFailures: boolean; event: AuditInput;
  }): Promise<boolean> {
    // the procedure commits inside; on Galera a certification conflict rolls it back whole, so it is re-run
    const [[result]] = await retryingOnConflict(() => prepared<[[{ granted: number | string }]]>(
      this.dataSource,
      'CALL grant_card_inquiry(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [grant.inquiryId, grant.sessionHash, grant.memberId, grant.cardId, grant.expiresAt, grant.now, grant.resetFailures ? 1 : 0, ...this.audit.prepare(grant.event)],
    ));
    return Number(result?.granted) === 1;
  }

  /**
   * The grant behind an enrollment step, in one prepared read: this session's and member's, not expired, its
   * card still active and still the member's company's; with the card, the member's name, address and portal
   * password hash, the phone the card is enrolled with (the fixed-password rules compare against it) and, for
   * `secureIdKey`, the card already enrolled under that secure ID (null: none, or no key given).
   */
  async findLiveGrant(grant: { inquiryId: string; sessionHash: Buffer; memberId: number }, now: Date, secureIdKey: string | null = null): Promise<GrantedCard | undefined> {
    const [row] = await prepared<GrantedCard[]>(
      this.dataSource,
      `SELECT c.*, m.login_id AS member_login_id, m.name AS member_name, m.email AS member_email, m.password_hash AS member_password_hash,
              e.phone_e164 AS enrolled_phone, o.card_id AS secure_id_owner
         FROM card_inquiries i JOIN cards c ON c.id = i.card_id JOIN members m ON m.id = i.member_id
         LEFT JOIN enrollments e ON e.card_id = c.id
         LEFT JOIN enrollments o ON o.secure_id_key = ?
        WHERE i.id = ? AND i.session_hash = ? AND i.member_id = ? AND i.expires_at > ? AND c.status = 'ACTIVE' AND c.company_id = m.company_id`,
      [secureIdKey, grant.inquiryId, grant.sessionHash, grant.memberId, now],
    );
    return row;
  }

  /** A reissued card's open inquiry grants die with it (in the reissue's transaction). */
  async forgetGrantsForCard(db: Executor, cardId: number): Promise<void> {
    await execute(db, 'DELETE FROM card_inquiries WHERE card_id = ?', [cardId]);
  }

  /**
   * A wrong PIN: one atomic UPDATE guarded by `pin_locked_at IS NULL` (row locks serialise concurrent attempts,
   * so 50 concurrent wrong PINs evaluate at most 3), with its audit event in the same transaction.
   * 'LOCKED_ALREADY' when the card was locked before this attempt counted.
   */
  countWrongPin(cardId: number, now: Date, event: Omit<AuditInput, 'action' | 'detail'>): Promise<'LOCKED_ALREADY' | 'LOCKED' | 'COUNTED'> {
    return retryingTransaction(this.dataSource, async (manager) => {
      const counted = await execute(
        manager,
        `UPDATE cards
            SET pin_locked_at = IF(pin_fail_count + 1 >= ?, ?, pin_locked_at), pin_fail_count = pin_fail_count + 1, updated_at = ?
          WHERE id = ? AND pin_locked_at IS NULL`,
        [Limits.pinMaxConsecutiveFailures, now, now, cardId],
      );
      if (counted.affectedRows === 0) {
        await this.audit.append(manager, { ...event, action: 'CARD_INQUIRY_REFUSED_LOCKED' });
        return 'LOCKED_ALREADY';
      }
      const after = await selectOne<{ pin_locked_at: Date | null; pin_fail_count: number }>(
        manager, 'SELECT pin_locked_at, pin_fail_count FROM cards WHERE id = ?', [cardId],
      );
      const locked = Boolean(after?.pin_locked_at);
      await this.audit.append(manager, { ...event, action: locked ? 'PIN_LOCKED' : 'PIN_FAILED', detail: { failures: Number(after?.pin_fail_count ?? 0) } });
      return locked ? 'LOCKED' : 'COUNTED';
    });
  }
}
