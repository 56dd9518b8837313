/**
 * Leases of the audit module's singleton jobs (table audit_leases). A lease is taken or renewed by one guarded
 * UPDATE: it succeeds for its holder, or for anyone once it has expired. On one MariaDB the row lock decides;
 * on Galera the write set is certified and concurrent takers on other nodes fail at commit, so one node wins.
 * A lease only saves duplicate work: every job re-checks what it changes in its own transaction.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { execute } from '../../common/database/sql.js';

export type AuditLease = 'audit-sealer' | 'audit-retention';

@Injectable()
export class AuditLeasesRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** true when `holder` holds `name` for the next `ttlMs` */
  async take(name: AuditLease, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const taken = async () => (await execute(
      this.dataSource,
      'UPDATE audit_leases SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR expires_at < ?)',
      [holder, new Date(now.getTime() + ttlMs), name, holder, now],
    )).affectedRows === 1;
    try {
      if (await taken()) return true;
      await execute(this.dataSource, 'INSERT IGNORE INTO audit_leases (name, holder, expires_at) VALUES (?, NULL, ?)', [name, new Date(0)]);
      return await taken();
    } catch (error) {
      // a certification conflict (Galera) or a lock wait lost to another taker: someone else holds it
      if (/ER_LOCK_DEADLOCK|ER_LOCK_WAIT_TIMEOUT/.test(String((error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code))) return false;
      throw error;
    }
  }

  async release(name: AuditLease, holder: string): Promise<void> {
    await execute(this.dataSource, 'UPDATE audit_leases SET holder = NULL, expires_at = ? WHERE name = ? AND holder = ?', [new Date(0), name, holder]);
  }
}
