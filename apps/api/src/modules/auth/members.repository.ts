/** The only writer of `members` (the company administrators' accounts). */
import { Injectable } from '@nestjs/common';
import { execute, isDuplicateKey, selectOne, type Executor } from '../../common/database/sql.js';
import type { LoginAccountRepository, LoginAccountRow } from './login-account.repository.js';

export interface NewMember {
  companyId: number;
  loginId: string;
  name: string;
  email: string;
}

@Injectable()
export class MembersRepository implements LoginAccountRepository {
  findByLoginId(db: Executor, loginId: string): Promise<LoginAccountRow | undefined> {
    return selectOne<LoginAccountRow>(db, 'SELECT id, password_hash, locked_until FROM members WHERE login_id = ?', [loginId]);
  }

  findById(db: Executor, id: number): Promise<LoginAccountRow | undefined> {
    return selectOne<LoginAccountRow>(db, 'SELECT id, password_hash, locked_until FROM members WHERE id = ?', [id]);
  }

  async clearFailuresUnlessLocked(db: Executor, id: number, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(
      db, 'UPDATE members SET failed_login_count = 0, locked_until = NULL WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)', [id, now],
    );
    return affectedRows === 1;
  }

  async clearFailureCountIfNeverLocked(db: Executor, id: number): Promise<void> {
    await execute(db, 'UPDATE members SET failed_login_count = 0 WHERE id = ? AND locked_until IS NULL', [id]);
  }

  async countLoginFailure(db: Executor, id: number, threshold: number, lockUntil: Date): Promise<Date | null> {
    await execute(
      db,
      `UPDATE members
          SET locked_until = IF(failed_login_count + 1 >= ?, ?, locked_until),
              failed_login_count = IF(failed_login_count + 1 >= ?, 0, failed_login_count + 1)
        WHERE id = ?`,
      [threshold, lockUntil, threshold, id],
    );
    return (await selectOne<{ locked_until: Date | null }>(db, 'SELECT locked_until FROM members WHERE id = ?', [id]))?.locked_until ?? null;
  }

  /** undefined when the login ID is taken (the caller draws another) */
  async create(db: Executor, member: NewMember, now: Date): Promise<number | undefined> {
    try {
      const { insertId } = await execute(
        db, 'INSERT INTO members (company_id, login_id, name, email, created_at) VALUES (?, ?, ?, ?, ?)',
        [member.companyId, member.loginId, member.name, member.email, now],
      );
      return insertId;
    } catch (error) {
      if (isDuplicateKey(error, 'uq_member_login_id')) return undefined;
      throw error;
    }
  }

  /** A password set through an emailed link: proving control of the mailbox also lifts a login lockout. */
  async setPasswordFromLink(db: Executor, id: number, hash: string, now: Date): Promise<void> {
    await execute(db, 'UPDATE members SET password_hash = ?, password_changed_at = ?, failed_login_count = 0, locked_until = NULL WHERE id = ?', [hash, now, id]);
  }

  async changePassword(db: Executor, id: number, hash: string, now: Date): Promise<void> {
    await execute(db, 'UPDATE members SET password_hash = ?, password_changed_at = ? WHERE id = ?', [hash, now, id]);
  }
}
