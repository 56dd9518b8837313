/** What the login flow needs from an account table; members.repository.ts and staff.repository.ts implement it. */
import type { Executor } from '../../common/database/sql.js';

export interface LoginAccountRow {
  id: number;
  password_hash: string | null;
  locked_until: Date | null;
}

export interface LoginAccountRepository {
  findByLoginId(db: Executor, loginId: string): Promise<LoginAccountRow | undefined>;
  findById(db: Executor, id: number): Promise<LoginAccountRow | undefined>;
  /** resets the failure counter unless the account is locked now; false when a lock stood in the way */
  clearFailuresUnlessLocked(db: Executor, id: number, now: Date): Promise<boolean>;
  /** a right current password: the counter restarts, a standing lock stays */
  clearFailureCountIfNeverLocked(db: Executor, id: number): Promise<void>;
  /**
   * One failure, counted and locked in one UPDATE: MariaDB assigns left to right, so `locked_until` is decided
   * from the old count before the count resets, and concurrent failures still lock at the threshold.
   * Returns the account's `locked_until` after the failure.
   */
  countLoginFailure(db: Executor, id: number, threshold: number, lockUntil: Date): Promise<Date | null>;
}
