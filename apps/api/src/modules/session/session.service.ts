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
import { execute, prepared, type Executor } from '../../common/database/sql.js';
import type { RequestMeta } from '../../common/http/request-meta.js';

export type SessionKind = 'MEMBER' | 'STAFF';

export interface SessionContext {
  idHash: Buffer;
  kind: SessionKind;
  principalId: number;
  csrfToken: string;
  idleExpiresAt: Date;
}

const SESSION_COLUMN_NAMES = ['id_hash', 'kind', 'principal_id', 'csrf_token', 'last_seen_at', 'absolute_expires_at', 'revoked_at'] as const;
const SESSION_COLUMNS = SESSION_COLUMN_NAMES.map((column) => `s.${column} AS session_${column}`).join(', ');

interface SessionRow {
  session_id_hash: Buffer;
  session_kind: SessionKind;
  session_principal_id: number;
  session_csrf_token: string;
  session_last_seen_at: Date;
  session_absolute_expires_at: Date;
  session_revoked_at: Date | null;
}

/**
 * A read a route needs first, made in the session's own statement (issue 13: the card inquiry reads its session
 * and its card in one round trip). Its joins start from `s`, the session row, and keep one row per session; its
 * columns are named anything but `session_*`. Its result is only handed on for a session that is admitted.
 */
export interface SessionJoin<T> {
  columns: string;
  joins: string;
  params: unknown[];
  parse(row: Record<string, unknown>): T;
}

export interface ResolvedSession<T> {
  session: SessionContext;
  joined: T | undefined;
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

  /** The live session of this kind behind the token (touched at most every 30 s), with the route's joined read. */
  async resolve<T = never>(kind: SessionKind, token: string | undefined, join?: SessionJoin<T>): Promise<ResolvedSession<T> | undefined> {
    if (!token || token.length > 128) return undefined;
    const idHash = sha256(token);
    const sql = join
      ? `SELECT ${SESSION_COLUMNS}, ${join.columns} FROM sessions s ${join.joins} WHERE s.id_hash = ?`
      : `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id_hash = ?`;
    const [row] = await prepared<(SessionRow & Record<string, unknown>)[]>(this.dataSource, sql, join ? [...join.params, idHash] : [idHash]);
    const now = this.clock.now();
    if (!row || row.session_kind !== kind || row.session_revoked_at) return undefined;
    const lastSeenAt = row.session_last_seen_at;
    const absoluteExpiresAt = row.session_absolute_expires_at;
    if (now >= addSeconds(lastSeenAt, Limits.sessionIdleTimeoutSeconds) || now >= absoluteExpiresAt) return undefined;
    const touch = now.getTime() - lastSeenAt.getTime() > TOUCH_AFTER_MS;
    if (touch) {
      await execute(this.dataSource, 'UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND revoked_at IS NULL', [now, idHash]);
    }
    const idle = addSeconds(touch ? now : lastSeenAt, Limits.sessionIdleTimeoutSeconds);
    const session: SessionContext = {
      idHash,
      kind,
      principalId: Number(row.session_principal_id),
      csrfToken: row.session_csrf_token,
      idleExpiresAt: idle < absoluteExpiresAt ? idle : absoluteExpiresAt,
    };
    return { session, joined: join?.parse(row) };
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
