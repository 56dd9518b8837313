/**
 * The one login and logout flow for both kinds of account. Whatever proved who it is (password, password + TOTP,
 * a passkey), the session starts the same way: in one transaction the browser's previous session of that kind
 * ends, a new one starts and LOGIN_SUCCEEDED is audited. Lockout lives in credential-check.service.ts.
 */
import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource, type EntityManager } from 'typeorm';
import { sha256 } from '../../common/crypto/tokens.js';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import type { AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { clearSessionCookies, sessionTokenOf, setSessionCookies } from '../session/session-cookies.js';
import { SessionService, type SessionKind } from '../session/session.service.js';

export interface StartedSession {
  token: string;
  csrfToken: string;
  idleExpiresAt: Date;
}

/** what proved the account, when it was not the password alone (kept on the audit event) */
export interface LoginEvidence {
  targetType?: 'PASSKEY';
  targetId?: string | number;
  detail?: Record<string, string | number | boolean | null>;
}

@Injectable()
export class LoginService {
  constructor(private readonly dataSource: DataSource, private readonly sessions: SessionService, private readonly audit: AuditService) {}

  /**
   * Starts the session and sets its cookies. `within` runs in the same transaction (the member's profile is read
   * there, so the answer matches the session).
   */
  async start<T = undefined>(
    kind: SessionKind, accountId: number, meta: RequestMeta, http: { request: FastifyRequest; reply: FastifyReply; config: AppConfig },
    evidence: LoginEvidence = {}, within?: (manager: EntityManager) => Promise<T>,
  ): Promise<{ session: StartedSession; extra: T | undefined }> {
    const previous = sessionTokenOf(http.request, kind, http.config);
    const result = await retryingTransaction(this.dataSource, async (manager) => {
      if (previous) await this.sessions.revoke(manager, sha256(previous));
      const session = await this.sessions.create(manager, kind, accountId, meta);
      const extra = within ? await within(manager) : undefined;
      await this.audit.append(manager, { actorType: kind, actorId: accountId, action: 'LOGIN_SUCCEEDED', meta, ...evidence });
      return { session, extra };
    });
    setSessionCookies(http.reply, kind, http.config, result.session.token, result.session.csrfToken);
    return result;
  }

  /** Ends this session (audited) and clears its cookies. */
  async end(kind: SessionKind, sessionHash: Buffer, accountId: number, meta: RequestMeta, http: { reply: FastifyReply; config: AppConfig }): Promise<void> {
    await retryingTransaction(this.dataSource, async (manager) => {
      await this.sessions.revoke(manager, sessionHash);
      await this.audit.append(manager, { actorType: kind, actorId: accountId, action: 'LOGOUT', meta });
    });
    clearSessionCookies(http.reply, kind, http.config);
  }
}
