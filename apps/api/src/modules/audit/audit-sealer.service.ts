/**
 * The audit sealer (issue 13): requests append their events unsealed, with no lock on a chain head, and one
 * sealer chains what has committed, every AUDIT_SEAL_INTERVAL_MS (200 ms), so an event is sealed within about a
 * second of its commit. The order of the chain is the order in which the sealer sees events committed, batch
 * after batch (never the AUTO_INCREMENT order, which on Galera interleaves between nodes and is not commit
 * order); within a batch, by time then id. A pass extends one chain; the AUDIT_CHAINS chains take turns every 1,000 events.
 * - One sealer across all instances and Galera nodes: the `audit-sealer` lease (audit_leases). Correctness does
 *   not rest on it: a sealing transaction locks every chain head and seals only rows still unsealed (on Galera,
 *   two concurrent sealers conflict on the head rows and one fails at commit), so a second sealer only wastes work.
 * - Only events whose append MAC verifies are sealed; anything else stays unsealed and verification reports it.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { execute, select } from '../../common/database/sql.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AUDIT_CHAINS, CHAIN_COLUMNS, appendMacValid, auditKeyFor, auditMac, type AuditRow } from './audit-chain.js';
import { AuditLeasesRepository } from './audit-leases.repository.js';

/** events left unsealed longer than this are reported by verification */
export const AUDIT_SEAL_BOUND_MS = 1000;
/** a sealer that stops (crash, pause) is replaced after this */
const LEASE_TTL_MS = 3000;
/** events a chain takes before the next chain's turn */
const CHAIN_RUN = 1000;
/** events per sealing pass (a transaction) */
export const AUDIT_SEAL_BATCH = 2000;
const BATCH = AUDIT_SEAL_BATCH;
/** rows per UPDATE statement: one statement assigns chain, seq and hashes to many events */
const UPDATE_CHUNK = 250;

@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private readonly holder = `${process.pid}:${randomUUID()}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private leaseRenewAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly leases: AuditLeasesRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick().catch((error: { code?: string }) => this.logger.warn({ errorCode: error?.code }, 'audit sealing pass failed'))
        .finally(() => { this.running = undefined; });
    }, this.config.auditSealIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    if (this.leaseRenewAt > 0) await this.leases.release('audit-sealer', this.holder).catch(() => undefined);
  }

  /** idle = one indexed read per interval; the lease is taken (or renewed, once it is past a third of its term) only when there is work */
  private async tick(): Promise<void> {
    if (!(await this.hasPending())) return;
    if (this.clock.now().getTime() > this.leaseRenewAt) {
      if (!(await this.leases.take('audit-sealer', this.holder, LEASE_TTL_MS))) return;
      this.leaseRenewAt = this.clock.now().getTime() + LEASE_TTL_MS / 3;
    }
    while ((await this.sealPending()) === BATCH) { /* a backlog: keep going while the lease is ours */ }
  }

  private async hasPending(): Promise<boolean> {
    return (await select<{ id: number }>(this.dataSource, 'SELECT id FROM audit_events WHERE chain IS NULL LIMIT 1')).length > 0;
  }

  /**
   * Chains up to BATCH committed unsealed events; the number sealed (events without a valid append MAC are skipped). Safe to call from anywhere at any time
   * (verification and checkpoints call it to start from everything committed).
   */
  async sealPending(): Promise<number> {
    // cheap when there is nothing to do: no transaction, no lock
    if (!(await this.hasPending())) return 0;
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const heads = await select<{ chain: number; seq: number; hash: Buffer }>(
        manager, 'SELECT chain, seq, hash FROM audit_chain_heads ORDER BY chain FOR UPDATE',
      );
      // read after the heads are locked: a sealer that committed meanwhile is seen
      const pending = await select<AuditRow>(
        manager, `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE chain IS NULL ORDER BY occurred_at, id LIMIT ?`, [BATCH],
      );
      const { auditKey, auditKeyId } = this.config.keys;
      const sealed: { id: number; chain: number; seq: number; prev: Buffer; hash: Buffer }[] = [];
      const moved = new Map<number, { seq: number; hash: Buffer }>();
      // a pass extends one chain (its head row is updated once); the chains take turns every CHAIN_RUN events,
      // derived from the heads themselves so that every sealer on every node agrees
      const total = heads.reduce((sum, h) => sum + Number(h.seq), 0);
      const chain = Math.floor(total / CHAIN_RUN) % AUDIT_CHAINS;
      for (const row of pending) {
        if (!appendMacValid(auditKeyFor(this.config.keys, row.key_id), row.key_id, row)) {
          this.logger.error({ eventId: String(row.id) }, 'unsealed audit event without a valid append MAC: not sealed');
          continue;
        }
        const head = moved.get(chain) ?? heads.find((h) => Number(h.chain) === chain);
        if (!head) throw new Error(`audit chain ${chain} has no head`);
        const seq = Number(head.seq) + 1;
        const hash = auditMac(auditKey, auditKeyId, head.hash, { ...row, chain, seq });
        sealed.push({ id: Number(row.id), chain, seq, prev: head.hash, hash });
        moved.set(chain, { seq, hash });
      }
      for (let start = 0; start < sealed.length; start += UPDATE_CHUNK) {
        const chunk = sealed.slice(start, start + UPDATE_CHUNK);
        const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ');
        const params: unknown[] = [];
        for (const column of ['chain', 'seq', 'prev', 'hash'] as const) for (const event of chunk) params.push(event.id, event[column]);
        const result = await execute(
          manager,
          `UPDATE audit_events SET chain = CASE id ${cases} END, seq = CASE id ${cases} END, prev_hash = CASE id ${cases} END,
             hash = CASE id ${cases} END, key_id = ? WHERE id IN (${chunk.map(() => '?').join(', ')}) AND chain IS NULL`,
          [...params, auditKeyId, ...chunk.map((event) => event.id)],
        );
        if (result.affectedRows !== chunk.length) throw new Error('audit events sealed concurrently; this pass is rolled back');
      }
      for (const [chain, head] of moved) {
        await execute(manager, 'UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?', [head.seq, head.hash, chain]);
      }
      return sealed.length;
    });
  }

  /** The oldest unsealed event's age in ms (0 when none): the sealing lag, for monitoring. */
  async lagMs(): Promise<number> {
    const [row] = await select<{ oldest: Date | null }>(this.dataSource, 'SELECT MIN(occurred_at) AS oldest FROM audit_events WHERE chain IS NULL');
    return row?.oldest ? Math.max(0, this.clock.now().getTime() - row.oldest.getTime()) : 0;
  }
}
