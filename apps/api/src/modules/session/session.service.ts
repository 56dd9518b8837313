/**
 * Server-side sessions (OWASP ASVS V3): the cookie holds an opaque 256-bit token, the database
 * only its SHA-256 (a leaked table cannot be replayed). Idle timeout 15 min, absolute 8 h; a new session is
 * created at every login (rotation) and logout / password change revoke them.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Limits } from '@corpweb/shared-types';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { randomToken, sha256 } from '../../common/crypto/tokens.js';
import { execute, selectOne, type Executor } from '../../common/database/sql.js';
import type { RequestMeta } from '../../common/http/request-meta.js';

export type SessionKind = 'MEMBER' | 'STAFF';

export interface SessionContext {
  idHash: Buffer;
  kind: SessionKind;
  principalId: number;
  csrfToken: string;
  idleExpiresAt: Date;
}

interface SessionRow {
  id_hash: Buffer;
  kind: SessionKind;
  principal_id: number;
  csrf_token: string;
  last_seen_at: Date;
  absolute_expires_at: Date;
  revoked_at: Date | null;
}

/**
 * The idle timestamp's granularity: last_seen_at is rewritten only when it is more than this old (touching it on
 * every request would turn every read into a write). The 15-minute idle limit is enforced exactly against the
 * stored time, so a session expires after 15 minutes without a request at the latest, and at the earliest
 * 15 minutes minus this granularity after its last request (never late).
 */
export const SESSION_TOUCH_GRANULARITY_MS = 30_000;
const TOUCH_AFTER_MS = SESSION_TOUCH_GRANULARITY_MS;

@Injectable()
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(manager: EntityManager, kind: SessionKind, principalId: number, meta: RequestMeta) {
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const now = this.clock.now();
    await execute(
      manager,
      `INSERT INTO sessions (id_hash, kind, principal_id, csrf_token, created_at, last_seen_at, absolute_expires_at, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [sha256(token), kind, principalId, csrfToken, now, now, addSeconds(now, Limits.sessionAbsoluteTimeoutSeconds), meta.ip, meta.userAgent],
    );
    return { token, csrfToken, idleExpiresAt: addSeconds(now, Limits.sessionIdleTimeoutSeconds) };
  }

  async resolve(kind: SessionKind, token: string | undefined): Promise<SessionContext | undefined> {
    if (!token || token.length > 128) return undefined;
    const idHash = sha256(token);
    const row = await selectOne<SessionRow>(
      this.dataSource,
      'SELECT id_hash, kind, principal_id, csrf_token, last_seen_at, absolute_expires_at, revoked_at FROM sessions WHERE id_hash = ?',
      [idHash],
    );
    const now = this.clock.now();
    if (!row || row.kind !== kind || row.revoked_at) return undefined;
    const idleDeadline = addSeconds(row.last_seen_at, Limits.sessionIdleTimeoutSeconds);
    if (now >= idleDeadline || now >= row.absolute_expires_at) return undefined;
    const touch = now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS;
    if (touch) {
      await execute(this.dataSource, 'UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND revoked_at IS NULL', [now, idHash]);
    }
    const lastSeen = touch ? now : row.last_seen_at;
    const idle = addSeconds(lastSeen, Limits.sessionIdleTimeoutSeconds);
    return {
      idHash,
      kind,
      principalId: Number(row.principal_id),
      csrfToken: row.csrf_token,
      idleExpiresAt: idle < row.absolute_expires_at ? idle : row.absolute_expires_at,
    };
  }

  async revoke(db: Executor, idHash: Buffer): Promise<void> {
    await execute(db, 'UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL', [this.clock.now(), idHash]);
  }

  async revokeAllOf(db: Executor, kind: SessionKind, principalId: number, except?: Buffer): Promise<void> {
    await execute(
      db,
      `UPDATE sessions SET revoked_at = ? WHERE kind = ? AND principal_id = ? AND revoked_at IS NULL${except ? ' AND id_hash <> ?' : ''}`,
      except ? [this.clock.now(), kind, principalId, except] : [this.clock.now(), kind, principalId],
    );
  }
}
