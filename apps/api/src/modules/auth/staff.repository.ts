/** The only writer of `staff` (back-office accounts, their lockout and their TOTP second factor). */
import { Injectable } from '@nestjs/common';
import type { StaffRole } from '@corpweb/shared-types';
import { execute, selectOne, type Executor } from '../../common/database/sql.js';
import type { SessionJoin } from '../session/session.service.js';
import type { LoginAccountRepository, LoginAccountRow } from './login-account.repository.js';

export interface StaffAccess {
  role: StaffRole;
  /** an authenticator app (TOTP) or at least one passkey */
  secondFactorEnrolled: boolean;
}

const STAFF_ACCESS_JOIN: SessionJoin<StaffAccess | undefined> = {
  columns: `st.role AS staff_role, st.totp_enabled_at AS staff_totp_enabled_at,
            EXISTS (SELECT 1 FROM webauthn_credentials w WHERE w.owner_kind = 'STAFF' AND w.owner_id = st.id) AS staff_has_passkey`,
  joins: "LEFT JOIN staff st ON st.id = s.principal_id AND s.kind = 'STAFF'",
  params: [],
  parse: (row) => (row.staff_role === null || row.staff_role === undefined ? undefined : {
    role: row.staff_role as StaffRole,
    secondFactorEnrolled: Boolean(row.staff_totp_enabled_at) || Number(row.staff_has_passkey) === 1,
  }),
};

export interface StaffTotpRow {
  login_id: string;
  totp_secret: Buffer | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
}

@Injectable()
export class StaffRepository implements LoginAccountRepository {
  findByLoginId(db: Executor, loginId: string): Promise<LoginAccountRow | undefined> {
    return selectOne<LoginAccountRow>(db, 'SELECT id, password_hash, locked_until FROM staff WHERE login_id = ?', [loginId]);
  }

  findById(db: Executor, id: number): Promise<LoginAccountRow | undefined> {
    return selectOne<LoginAccountRow>(db, 'SELECT id, password_hash, locked_until FROM staff WHERE id = ?', [id]);
  }

  async clearFailuresUnlessLocked(db: Executor, id: number, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(
      db, 'UPDATE staff SET failed_login_count = 0, locked_until = NULL WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)', [id, now],
    );
    return affectedRows === 1;
  }

  async clearFailureCountIfNeverLocked(db: Executor, id: number): Promise<void> {
    await execute(db, 'UPDATE staff SET failed_login_count = 0 WHERE id = ? AND locked_until IS NULL', [id]);
  }

  async countLoginFailure(db: Executor, id: number, threshold: number, lockUntil: Date): Promise<Date | null> {
    await execute(
      db,
      `UPDATE staff
          SET locked_until = IF(failed_login_count + 1 >= ?, ?, locked_until),
              failed_login_count = IF(failed_login_count + 1 >= ?, 0, failed_login_count + 1)
        WHERE id = ?`,
      [threshold, lockUntil, threshold, id],
    );
    return (await selectOne<{ locked_until: Date | null }>(db, 'SELECT locked_until FROM staff WHERE id = ?', [id]))?.locked_until ?? null;
  }

  /**
   * The session guard's check of a staff session, read in its session statement (SessionService.resolve): the
   * role, and whether a second factor (TOTP or a passkey) is enrolled; undefined when the account is gone.
   */
  staffAccessJoin(): SessionJoin<StaffAccess | undefined> {
    return STAFF_ACCESS_JOIN;
  }

  async any(db: Executor): Promise<boolean> {
    return (await selectOne<{ id: number }>(db, 'SELECT id FROM staff LIMIT 1')) !== undefined;
  }

  async create(db: Executor, loginId: string, role: StaffRole, hash: string, now: Date): Promise<number> {
    const { insertId } = await execute(db, 'INSERT INTO staff (login_id, role, password_hash, created_at) VALUES (?, ?, ?, ?)', [loginId, role, hash, now]);
    return insertId;
  }

  async profile(db: Executor, id: number): Promise<{ login_id: string; role: StaffRole } | undefined> {
    return selectOne<{ login_id: string; role: StaffRole }>(db, 'SELECT login_id, role FROM staff WHERE id = ?', [id]);
  }

  totpOf(db: Executor, id: number): Promise<StaffTotpRow | undefined> {
    return selectOne<StaffTotpRow>(db, 'SELECT login_id, totp_secret, totp_enabled_at, totp_last_step FROM staff WHERE id = ?', [id]);
  }

  /** starting again replaces an unconfirmed secret, never a confirmed one */
  async storeUnconfirmedTotpSecret(db: Executor, id: number, sealed: Buffer): Promise<void> {
    await execute(db, 'UPDATE staff SET totp_secret = ? WHERE id = ? AND totp_enabled_at IS NULL', [sealed, id]);
  }

  async confirmTotp(db: Executor, id: number, step: number, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(db, 'UPDATE staff SET totp_enabled_at = ?, totp_last_step = ? WHERE id = ? AND totp_enabled_at IS NULL', [now, step, id]);
    return affectedRows === 1;
  }

  /** A TOTP step is accepted once: claimed only when later than the last one used. */
  async claimTotpStep(db: Executor, id: number, step: number): Promise<boolean> {
    const { affectedRows } = await execute(db, 'UPDATE staff SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)', [step, id, step]);
    return affectedRows === 1;
  }
}
