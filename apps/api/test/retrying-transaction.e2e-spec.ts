/**
 * The retrying transaction runner on a real MariaDB: a real InnoDB deadlock (two transactions taking two rows in
 * opposite order) is the same ER_LOCK_DEADLOCK that Galera raises for a certification conflict at COMMIT; the
 * victim's transaction is re-run whole and both commit. Other errors are not retried.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDuplicateKey } from '../src/common/database/sql.js';
import { retryingTransaction } from '../src/database/retrying-transaction.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
beforeAll(async () => {
  h = await startTestApp();
  // a table of this file's own database only (each test file gets a fresh clone)
  await h.db.query('CREATE TABLE retry_probe (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB');
  await h.db.query('INSERT INTO retry_probe VALUES (1, 0), (2, 0)');
});
afterAll(async () => { await h.close(); });

describe('retryingTransaction', () => {
  it('re-runs the deadlock victim whole; both transactions commit once', async () => {
    let runs = 0;
    let bothHoldOne!: () => void;
    const barrier = new Promise<void>((resolve) => { bothHoldOne = resolve; });
    let holding = 0;
    const crossing = (first: number, second: number) => retryingTransaction(h.db, async (manager) => {
      runs += 1;
      await manager.query('UPDATE retry_probe SET n = n + 1 WHERE id = ?', [first]);
      holding += 1;
      if (holding === 2) bothHoldOne();
      await barrier;
      await manager.query('UPDATE retry_probe SET n = n + 1 WHERE id = ?', [second]);
    });
    await Promise.all([crossing(1, 2), crossing(2, 1)]);
    expect(runs).toBe(3);
    const rows = await h.db.query('SELECT id, n FROM retry_probe ORDER BY id');
    expect(rows.map((row: { n: number }) => Number(row.n))).toEqual([2, 2]);
  });

  it('does not retry any other error', async () => {
    let runs = 0;
    const failing = retryingTransaction(h.db, async (manager) => {
      runs += 1;
      await manager.query('INSERT INTO retry_probe VALUES (1, 0)');
    });
    const error = await failing.then(() => undefined, (thrown: unknown) => thrown);
    expect(isDuplicateKey(error)).toBe(true);
    expect(runs).toBe(1);
  });
});
