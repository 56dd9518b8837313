/**
 * rate-limiter-flexible's MySQL store with each hit in one statement. The library's own upsert is four round
 * trips on a pooled connection (BEGIN, INSERT … ON DUPLICATE KEY UPDATE, SELECT of the row, COMMIT): twelve for
 * the three limits of a card inquiry. MariaDB's `INSERT … ON DUPLICATE KEY UPDATE … RETURNING` answers with the
 * row as that statement left it, atomically, so the SELECT and the transaction around it are not needed. The
 * counting is the library's, unchanged (the same SQL, with RETURNING); `_upsert` is the method a store provides
 * to the library (RateLimiterStoreAbstract), everything else — points, blocks, Retry-After — stays the library's.
 */
import { RateLimiterMySQL } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { prepared } from '../database/sql.js';

const COUNT = `INSERT INTO rate_limits (\`key\`, points, expire) VALUES (?, ?, ?)
  ON DUPLICATE KEY UPDATE points = IF(expire <= ?, ?, points + (?)), expire = IF(expire <= ?, ?, expire)
  RETURNING points, expire`;
/** a block (`forceExpire`): the points and the expiry are set, whatever the row held */
const SET = `INSERT INTO rate_limits (\`key\`, points, expire) VALUES (?, ?, ?)
  ON DUPLICATE KEY UPDATE points = ?, expire = ?
  RETURNING points, expire`;

type StoreOptions = ConstructorParameters<typeof RateLimiterMySQL>[0];
/** what the limiter sets itself: the app's pool, and its table (a migration creates it) */
type OwnOptions = 'storeClient' | 'storeType' | 'tableName' | 'tableCreated';

export class OneStatementMySQLLimiter extends RateLimiterMySQL {
  /** `dbName`: the pool's own database, where the library's reads and sweeps find rate_limits too */
  constructor(private readonly dataSource: DataSource, options: Omit<StoreOptions, OwnOptions>) {
    super({
      ...options,
      storeClient: (dataSource.driver as unknown as { pool: unknown }).pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true,
    });
  }

  /** what the library's `_getRateLimiterRes` reads: the rows `[{ points, expire }]` */
  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<{ points: number; expire: number | null }[]> {
    const now = Date.now();
    const expire = msDuration > 0 ? now + msDuration : null;
    return forceExpire
      ? prepared(this.dataSource, SET, [key, points, expire, points, expire])
      : prepared(this.dataSource, COUNT, [key, points, expire, now, points, points, now, expire]);
  }
}
