/**
 * One transaction runner for MariaDB Galera. Two writers on different nodes never wait for each other's row
 * lock: both run, and at COMMIT the one certified second is rolled back with ER_LOCK_DEADLOCK (1213), the same
 * error InnoDB gives a deadlock victim on one server. For a transaction whose every effect is in the database
 * (its audit events and outbox messages included), re-running it whole is safe: the re-run reads what the
 * winner committed and decides again. A transaction that talks to the outside world before it commits, or
 * whose caller keeps state from a first run, must not be given to this runner.
 */
import { randomInt } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export const ER_LOCK_DEADLOCK = 1213;
/** a lock wait that timed out (single server) is retried the same way */
const ER_LOCK_WAIT_TIMEOUT = 1205;
const DEFAULT_ATTEMPTS = 5;

export function isRetryableConflict(error: unknown): boolean {
  const err = error as { errno?: number; driverError?: { errno?: number } } | undefined;
  const errno = err?.driverError?.errno ?? err?.errno;
  return errno === ER_LOCK_DEADLOCK || errno === ER_LOCK_WAIT_TIMEOUT;
}

/** 5, 10, 20, 40 ms … plus up to as much again at random, so that the losers of one conflict do not collide again */
export function conflictBackoffMs(attempt: number): number {
  const base = 5 * 2 ** (attempt - 1);
  return base + randomInt(base + 1);
}

/**
 * Runs `work` in a transaction and re-runs it whole, at most `attempts` times in all, when the commit (or a
 * statement) loses a certification conflict or a deadlock. Any other error, or the last conflict, is thrown.
 */
export function retryingTransaction<T>(
  dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, attempts = DEFAULT_ATTEMPTS,
): Promise<T> {
  return retryingOnConflict(() => dataSource.transaction(work), attempts);
}

/**
 * The same retry for one statement that is its own transaction (a stored procedure that commits inside, an
 * autocommit UPDATE): `run` must be safe to repeat after a conflict rolled it back.
 */
export async function retryingOnConflict<T>(run: () => Promise<T>, attempts = DEFAULT_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
    }
  }
}
