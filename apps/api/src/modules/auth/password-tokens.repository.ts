/** The only writer of `password_tokens`: single-use links for the first password (SETUP) and for a reset (RESET). */
import { Injectable } from '@nestjs/common';
import { execute, selectOne, type Executor } from '../../common/database/sql.js';

export type PasswordTokenPurpose = 'SETUP' | 'RESET';

export interface LivePasswordToken {
  id: number;
  member_id: number;
  purpose: PasswordTokenPurpose;
}

@Injectable()
export class PasswordTokensRepository {
  /** stores only the token's hash */
  async issue(db: Executor, memberId: number, purpose: PasswordTokenPurpose, tokenHash: Buffer, expiresAt: Date, now: Date): Promise<void> {
    await execute(
      db,
      'INSERT INTO password_tokens (member_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
      [memberId, purpose, tokenHash, expiresAt, now],
    );
  }

  /** unused and not expired at `now` */
  findLive(db: Executor, tokenHash: Buffer, now: Date): Promise<LivePasswordToken | undefined> {
    return selectOne<LivePasswordToken>(
      db, 'SELECT id, member_id, purpose FROM password_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?', [tokenHash, now],
    );
  }

  /** true for exactly one caller: the guarded UPDATE makes a concurrent second use fail */
  async consumeToken(db: Executor, id: number, now: Date): Promise<boolean> {
    const { affectedRows } = await execute(db, 'UPDATE password_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL', [now, id]);
    return affectedRows === 1;
  }

  /** Every outstanding setup or reset token of the account stops working (password changed, or a newer token). */
  async revokeAllOf(db: Executor, memberId: number, now: Date): Promise<void> {
    await execute(db, 'UPDATE password_tokens SET used_at = ? WHERE member_id = ? AND used_at IS NULL', [now, memberId]);
  }
}
