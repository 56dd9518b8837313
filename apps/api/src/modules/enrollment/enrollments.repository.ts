/**
 * The checkout side of an enrollment's fixed password: consecutive wrong answers across ACS challenges are
 * counted on the enrollment, and reaching the limit locks the credential in the same UPDATE by marking the
 * enrollment 要再登録 (the portal shows it; registering again resets both). One atomic statement each, so
 * concurrent challenges cannot count past the limit unseen. A SUPERVISOR can lift a lock the ACS set
 * (back-office ACS console) without the administrator registering again.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Limits, type EnrollmentMethod } from '@corpweb/shared-types';
import { execute, selectOne, type Executor } from '../../common/database/sql.js';
import type { EnrollmentRow } from '../cards/card-views.js';

/** What the checkout-password lock depends on. */
export interface PasswordStateRow {
  method: 'OTP' | 'PASSWORD';
  status: 'REGISTERED' | 'REREGISTRATION_REQUIRED';
  password_fail_count: number;
}

export interface Registration {
  secureId: string;
  secureIdKey: string;
  method: EnrollmentMethod;
  phone: string | null;
  passwordHash: string | null;
}

@Injectable()
export class EnrollmentsRepository {
  /** Counts one wrong checkout answer; returns true when this answer locked the password. */
  async countChallengePasswordFailure(manager: EntityManager, cardId: number, now: Date): Promise<{ locked: boolean }> {
    const max = Limits.acsPasswordMaxConsecutiveFailures;
    await execute(
      manager,
      `UPDATE enrollments
          SET password_fail_count = LEAST(password_fail_count + 1, ?),
              status = IF(password_fail_count >= ?, 'REREGISTRATION_REQUIRED', status),
              updated_at = IF(password_fail_count >= ?, ?, updated_at)
        WHERE card_id = ? AND method = 'PASSWORD'`,
      // MariaDB evaluates SET left to right: password_fail_count already holds the new value in the IF()s
      [max, max, max, now, cardId],
    );
    const row = await selectOne<{ password_fail_count: number }>(
      manager, 'SELECT password_fail_count FROM enrollments WHERE card_id = ?', [cardId],
    );
    return { locked: Number(row?.password_fail_count ?? 0) >= max };
  }

  async clearChallengePasswordFailures(manager: EntityManager, cardId: number): Promise<void> {
    await execute(manager, "UPDATE enrollments SET password_fail_count = 0 WHERE card_id = ? AND method = 'PASSWORD' AND password_fail_count > 0", [cardId]);
  }

  /**
   * Lifts a lock the ACS set: only a PASSWORD enrollment at the failure limit (the ACS marked it 要再登録 in the
   * same UPDATE), so a provisional-phone 要再登録 is never turned back to 登録済. Returns whether it was locked.
   */
  async unlockChallengePassword(manager: EntityManager, cardId: number, now: Date): Promise<{ unlocked: boolean }> {
    const { affectedRows } = await execute(
      manager,
      `UPDATE enrollments SET password_fail_count = 0, status = 'REGISTERED', updated_at = ?
        WHERE card_id = ? AND method = 'PASSWORD' AND password_fail_count >= ?`,
      [now, cardId, Limits.acsPasswordMaxConsecutiveFailures],
    );
    return { unlocked: affectedRows === 1 };
  }

  /** A registration (or a change of it): 登録済 with a fresh failure count; the unique secure_id_key decides ID races. */
  async register(manager: EntityManager, cardId: number, registration: Registration, now: Date, exists: boolean): Promise<void> {
    const values = [registration.secureId, registration.secureIdKey, registration.method, registration.phone, registration.passwordHash, now];
    if (exists) {
      await execute(
        manager,
        `UPDATE enrollments SET secure_id = ?, secure_id_key = ?, method = ?, phone_e164 = ?, password_hash = ?, updated_at = ?,
                status = 'REGISTERED', password_fail_count = 0 WHERE card_id = ?`,
        [...values, cardId],
      );
    } else {
      await execute(
        manager,
        `INSERT INTO enrollments (secure_id, secure_id_key, method, phone_e164, password_hash, updated_at, status, card_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'REGISTERED', ?, ?)`,
        [...values, cardId, now],
      );
    }
  }

  findByCard(db: Executor, cardId: number): Promise<EnrollmentRow | undefined> {
    return selectOne<EnrollmentRow>(db, 'SELECT * FROM enrollments WHERE card_id = ?', [cardId]);
  }

  /** The enrollment's status, its row locked (undefined: none, 未登録). */
  async lockStatus(manager: EntityManager, cardId: number): Promise<string | undefined> {
    return (await selectOne<{ status: string }>(manager, 'SELECT status FROM enrollments WHERE card_id = ? FOR UPDATE', [cardId]))?.status;
  }

  /** The enrollment's method, status and checkout-password failures, its row locked (undefined: none). */
  lockPasswordState(manager: EntityManager, cardId: number): Promise<PasswordStateRow | undefined> {
    return selectOne<PasswordStateRow>(manager, 'SELECT method, status, password_fail_count FROM enrollments WHERE card_id = ? FOR UPDATE', [cardId]);
  }

  /** Returns whether there was an enrollment to end. */
  async remove(manager: EntityManager, cardId: number): Promise<boolean> {
    const { affectedRows } = await execute(manager, 'DELETE FROM enrollments WHERE card_id = ?', [cardId]);
    return affectedRows > 0;
  }

  /**
   * The issuer sets a provisional phone: the card becomes an OTP enrollment marked 要再登録. The secure ID (if any)
   * stays; a fixed password no longer applies to an OTP enrollment.
   */
  async setProvisionalPhone(manager: EntityManager, cardId: number, phoneE164: string, now: Date): Promise<void> {
    await execute(
      manager,
      `INSERT INTO enrollments (card_id, secure_id, secure_id_key, method, phone_e164, password_hash, status, password_fail_count, created_at, updated_at)
            VALUES (?, NULL, NULL, 'OTP', ?, NULL, 'REREGISTRATION_REQUIRED', 0, ?, ?)
       ON DUPLICATE KEY UPDATE method = 'OTP', phone_e164 = VALUES(phone_e164), password_hash = NULL,
            status = 'REREGISTRATION_REQUIRED', password_fail_count = 0, updated_at = VALUES(updated_at)`,
      [cardId, phoneE164, now, now],
    );
  }
}
