/**
 * Append-only, hash-chained audit log (SPEC §2, PCI DSS 10.2/10.3). Each event's hash covers its content and
 * the previous event's hash in the same chain; editing, deleting or reordering a row breaks verification.
 * Events are spread over AUDIT_CHAINS chains so concurrent transactions rarely wait on the same chain head.
 * Appending must be the LAST statement of a transaction: the chain-head row lock is then held only briefly
 * and never while waiting for another lock (no deadlock cycle through the head).
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditEvent, AuditVerification } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { execute, select, selectOne } from '../../common/database/sql.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AUDIT_CHAINS, GENESIS_HASH } from '../../database/migrations/1764100000000-seed-terms-and-audit-chains.js';

export type AuditActorType = AuditEvent['actorType'];
export interface AuditInput {
  actorType: AuditActorType;
  actorId?: string | number;
  action: string;
  targetType?: string;
  targetId?: string | number;
  meta?: Pick<RequestMeta, 'ip' | 'userAgent'>;
  detail?: Record<string, string | number | boolean | null>;
}

interface AuditRow {
  id: number;
  chain: number;
  seq: number;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: string | null;
  prev_hash: Buffer;
  hash: Buffer;
}

export function auditHash(prevHash: Buffer, row: Omit<AuditRow, 'id' | 'prev_hash' | 'hash'>): Buffer {
  const canonical = JSON.stringify([
    row.chain, Number(row.seq), row.occurred_at.toISOString(), row.actor_type, row.actor_id, row.action,
    row.target_type, row.target_id, row.ip, row.user_agent, row.detail,
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest();
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Appends inside the caller's transaction, so the event commits or rolls back with the change. */
  async append(manager: EntityManager, input: AuditInput): Promise<void> {
    const chain = randomInt(AUDIT_CHAINS);
    const head = await selectOne<{ seq: number; hash: Buffer }>(
      manager, 'SELECT seq, hash FROM audit_chain_heads WHERE chain = ? FOR UPDATE', [chain],
    );
    if (!head) throw new Error(`audit chain ${chain} has no head`);
    const row = {
      chain,
      seq: Number(head.seq) + 1,
      occurred_at: this.clock.now(),
      actor_type: input.actorType,
      actor_id: input.actorId === undefined ? null : String(input.actorId),
      action: input.action,
      target_type: input.targetType ?? null,
      target_id: input.targetId === undefined ? null : String(input.targetId),
      ip: input.meta?.ip ?? null,
      user_agent: input.meta?.userAgent ?? null,
      detail: input.detail ? JSON.stringify(input.detail) : null,
    };
    const hash = auditHash(head.hash, row);
    await execute(
      manager,
      `INSERT INTO audit_events (chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, ip,
         user_agent, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.chain, row.seq, row.occurred_at, row.actor_type, row.actor_id, row.action, row.target_type, row.target_id,
        row.ip, row.user_agent, row.detail, head.hash, hash],
    );
    await execute(manager, 'UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?', [row.seq, hash, chain]);
  }

  /** For events that are not part of another change (a failed login, a lockout). */
  async record(input: AuditInput): Promise<void> {
    await this.dataSource.transaction((manager) => this.append(manager, input));
  }

  async list(cursor: number | undefined, limit: number): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
    const rows = await select<AuditRow>(
      this.dataSource,
      `SELECT * FROM audit_events ${cursor ? 'WHERE id < ?' : ''} ORDER BY id DESC LIMIT ?`,
      cursor ? [cursor, limit + 1] : [limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAuditEvent),
      ...(rows.length > limit ? { nextCursor: String(page[page.length - 1]!.id) } : {}),
    };
  }

  /**
   * Walks every chain in order and recomputes each hash; reports the first broken event. Runs in one
   * REPEATABLE READ transaction so rows and chain heads come from the same snapshot while appends go on.
   */
  async verify(): Promise<AuditVerification> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.verifyIn(manager));
  }

  private async verifyIn(db: EntityManager): Promise<AuditVerification> {
    let checked = 0;
    for (let chain = 0; chain < AUDIT_CHAINS; chain += 1) {
      let prevHash: Buffer = GENESIS_HASH;
      let expectedSeq = 1;
      let lastSeq = 0;
      for (;;) {
        const rows = await select<AuditRow>(
          db,
          'SELECT * FROM audit_events WHERE chain = ? AND seq >= ? ORDER BY seq LIMIT 1000',
          [chain, expectedSeq],
        );
        for (const row of rows) {
          const seq = Number(row.seq);
          const broken = (reason: NonNullable<AuditVerification['brokenAt']>['reason']): AuditVerification => ({
            ok: false, checked, brokenAt: { chain, eventId: String(row.id), reason },
          });
          if (seq !== expectedSeq) return broken('SEQUENCE_GAP');
          if (!row.prev_hash.equals(prevHash)) return broken('LINK_BROKEN');
          if (!auditHash(prevHash, row).equals(row.hash)) return broken('HASH_MISMATCH');
          prevHash = row.hash;
          expectedSeq += 1;
          lastSeq = seq;
          checked += 1;
        }
        if (rows.length < 1000) break;
      }
      const head = await selectOne<{ seq: number; hash: Buffer }>(
        db, 'SELECT seq, hash FROM audit_chain_heads WHERE chain = ?', [chain],
      );
      // a deleted tail leaves the head pointing past the last row
      if (!head || Number(head.seq) !== lastSeq || !head.hash.equals(prevHash)) {
        return { ok: false, checked, brokenAt: { chain, eventId: `head:${chain}`, reason: 'SEQUENCE_GAP' } };
      }
    }
    return { ok: true, checked };
  }
}

function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: String(row.id),
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type as AuditActorType,
    ...(row.actor_id ? { actorId: row.actor_id } : {}),
    action: row.action,
    ...(row.target_type ? { targetType: row.target_type } : {}),
    ...(row.target_id ? { targetId: row.target_id } : {}),
    ...(row.ip ? { ip: row.ip } : {}),
    ...(row.user_agent ? { userAgent: row.user_agent } : {}),
    ...(row.detail ? { detail: JSON.parse(row.detail) as AuditEvent['detail'] } : {}),
  };
}
