/**
 * The checkout side of an enrollment's fixed password: consecutive wrong answers across ACS challenges are
 * counted on the enrollment, and reaching the limit locks the credential in the same UPDATE by marking the
 * enrollment 要再登録 (the portal shows it; registering again resets both). One atomic statement each, so
 * concurrent challenges cannot count past the limit unseen. A SUPERVISOR can lift a lock the ACS set
 * (back-office ACS console) without the administrator registering again.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Limits } from '@corpweb/shared-types';
import { execute, selectOne } from '../../common/database/sql.js';

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
}
