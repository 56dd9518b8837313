/** The only writer of `members` (the company administrators' accounts). */
import { Injectable } from '@nestjs/common';
import { execute, isDuplicateKey, select, selectOne, type Executor } from '../../common/database/sql.js';
import type { LoginAccountRepository, LoginAccountRow } from './login-account.repository.js';

/** A member with their company's name and data-sharing choice (the profile, password links, reminders). */
export interface MemberWithCompanyRow {
  id: number;
  login_id: string;
  name: string;
  email: string;
  password_hash: string | null;
  company_name: string;
  fraud_data_sharing: number;
}

const MEMBER_WITH_COMPANY_SQL = `SELECT m.id, m.login_id, m.name, m.email, m.password_hash, c.name AS company_name, c.fraud_data_sharing
  FROM members m JOIN companies c ON c.id = m.company_id`;

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

  findWithCompanyById(db: Executor, id: number): Promise<MemberWithCompanyRow | undefined> {
    return selectOne<MemberWithCompanyRow>(db, `${MEMBER_WITH_COMPANY_SQL} WHERE m.id = ?`, [id]);
  }

  findWithCompanyByLoginId(db: Executor, loginId: string): Promise<MemberWithCompanyRow | undefined> {
    return selectOne<MemberWithCompanyRow>(db, `${MEMBER_WITH_COMPANY_SQL} WHERE m.login_id = ?`, [loginId]);
  }

  /** Every member registered with the address (a login ID reminder names them all). */
  findWithCompanyByEmail(db: Executor, email: string): Promise<MemberWithCompanyRow[]> {
    return select<MemberWithCompanyRow>(db, `${MEMBER_WITH_COMPANY_SQL} WHERE m.email = ? ORDER BY m.id`, [email]);
  }

  async loginIdOf(db: Executor, id: number): Promise<string | undefined> {
    return (await selectOne<{ login_id: string }>(db, 'SELECT login_id FROM members WHERE id = ?', [id]))?.login_id;
  }

  async companyIdOf(db: Executor, id: number): Promise<number | undefined> {
    return (await selectOne<{ company_id: number }>(db, 'SELECT company_id FROM members WHERE id = ?', [id]))?.company_id;
  }

  /** Everyone to tell about a change to one of the company's cards, oldest member first. */
  contactsOfCompany(db: Executor, companyId: number): Promise<{ name: string; email: string }[]> {
    return select<{ name: string; email: string }>(db, 'SELECT name, email FROM members WHERE company_id = ? ORDER BY id', [companyId]);
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
