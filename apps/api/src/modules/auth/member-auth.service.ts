/**
 * Member authentication: login/logout, password setup and reset from emailed single-use tokens (setup 72 h,
 * reset 1 h), forgotten login ID, password change. Reset and reminder requests always answer the same way,
 * whether or not the account exists, and never lock anything.
 */
import { Inject, Injectable } from '@nestjs/common';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import { DataSource } from 'typeorm';
import type { MemberProfile } from '@corpweb/shared-types';
import { Clock } from '../../common/clock/clock.js';
import { PasswordHasher } from '../../common/crypto/password-hasher.service.js';
import { randomToken, sha256 } from '../../common/crypto/tokens.js';
import type { Executor } from '../../common/database/sql.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { ResponseFloorsMs, withResponseFloor } from '../../common/http/response-floor.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RateLimits } from '../../common/rate-limit/rate-limits.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Emails, businessTime } from '../notifications/messages.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { SessionService } from '../session/session.service.js';
import { CredentialCheck } from './credential-check.service.js';
import { passwordTokenExpiry } from './lockout.js';
import { MembersRepository } from './members.repository.js';
import { PasswordTokensRepository } from './password-tokens.repository.js';
import { assertPortalPassword } from './portal-password.policy.js';

@Injectable()
export class MemberAuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: CredentialCheck,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly members: MembersRepository,
    private readonly passwordTokens: PasswordTokensRepository,
    private readonly rateLimits: RateLimits,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async profile(memberId: number, db: Executor = this.dataSource): Promise<MemberProfile> {
    const row = await this.members.findWithCompanyById(db, memberId);
    if (!row) throw new AppException('UNAUTHENTICATED');
    return { loginId: row.login_id, companyName: row.company_name, email: row.email, fraudDataSharing: Boolean(row.fraud_data_sharing) };
  }

  /** Sets the password from a setup (72 h) or reset (1 h) token; single use even under concurrent requests. */
  async setPassword(token: string, password: string, meta: RequestMeta): Promise<void> {
    await this.rateLimits.take([['passwordSetupsPerIp', meta.ip]]);
    const now = this.clock.now();
    const tokenRow = await this.passwordTokens.findLive(this.dataSource, sha256(token), now);
    if (!tokenRow) throw new AppException('TOKEN_INVALID');
    const member = await this.members.findWithCompanyById(this.dataSource, tokenRow.member_id);
    if (!member) throw new AppException('TOKEN_INVALID');
    assertPortalPassword(password, member.login_id);
    const hash = await this.hasher.hash(password);
    await retryingTransaction(this.dataSource, async (manager) => {
      if (!(await this.passwordTokens.consumeToken(manager, tokenRow.id, now))) throw new AppException('TOKEN_INVALID');
      // proving control of the mailbox also lifts a login lockout
      await this.members.setPasswordFromLink(manager, member.id, hash, now);
      await this.revokePasswordTokens(manager, member.id, now);
      await this.sessions.revokeAllOf(manager, 'MEMBER', member.id);
      await this.outbox.email(manager, member.email, 'password-changed', Emails.passwordChanged({ name: member.name, changedAt: businessTime(now, this.config.businessTimeZone) }));
      await this.audit.append(manager, {
        actorType: 'MEMBER', actorId: member.id, action: tokenRow.purpose === 'SETUP' ? 'PASSWORD_SET' : 'PASSWORD_RESET', meta,
      });
    });
  }

  async changePassword(memberId: number, sessionHash: Buffer, currentPassword: string, newPassword: string, meta: RequestMeta) {
    const member = await this.members.findWithCompanyById(this.dataSource, memberId);
    if (!member) throw new AppException('UNAUTHENTICATED');
    const current = await this.credentials.verifyCurrentPassword('members', memberId, currentPassword, meta);
    if (current === 'LOCKED') {
      // whoever holds this session cannot go on guessing: every session of the account ends with the lock
      await retryingTransaction(this.dataSource, (manager) => this.sessions.revokeAllOf(manager, 'MEMBER', memberId));
      throw new AppException('ACCOUNT_LOCKED');
    }
    if (current === 'WRONG') throw AppException.validation([{ field: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG' }]);
    assertPortalPassword(newPassword, member.login_id, 'newPassword');
    // the current password's check admitted this change; its two further hashes are not refused half-way
    if (await this.hasher.verify(member.password_hash, newPassword, { admitted: true })) {
      throw AppException.validation([{ field: 'newPassword', code: 'PASSWORD_REUSED' }]);
    }
    const hash = await this.hasher.hash(newPassword, { admitted: true });
    const now = this.clock.now();
    await retryingTransaction(this.dataSource, async (manager) => {
      await this.members.changePassword(manager, memberId, hash, now);
      // a reset or setup link sent before the change must not undo it
      await this.revokePasswordTokens(manager, memberId, now);
      await this.sessions.revokeAllOf(manager, 'MEMBER', memberId, sessionHash);
      await this.outbox.email(manager, member.email, 'password-changed', Emails.passwordChanged({ name: member.name, changedAt: businessTime(now, this.config.businessTimeZone) }));
      await this.audit.append(manager, { actorType: 'MEMBER', actorId: memberId, action: 'PASSWORD_CHANGED', meta });
    });
  }

  /** Always 202 to the caller; an email goes out only when login ID and email belong together. */
  requestReset(loginId: string, email: string, meta: RequestMeta): Promise<void> {
    return withResponseFloor(ResponseFloorsMs.accountRecovery, () => this.resetIfMatching(loginId, email, meta));
  }

  private async resetIfMatching(loginId: string, email: string, meta: RequestMeta): Promise<void> {
    await this.rateLimits.take([['recoveryRequestsPerIp', meta.ip]]);
    const member = await this.members.findWithCompanyByLoginId(this.dataSource, loginId);
    const matches = member !== undefined && member.email.toLowerCase() === email.toLowerCase();
    // silent limits: a 429 here would say that the account exists; the answer stays 202, only no email goes out
    const send = matches && (await this.rateLimits.hit('resetEmailsPerAccount', String(member.id)))
      && (await this.rateLimits.hit('recoveryEmailsPerAddress', member.email.toLowerCase()));
    await retryingTransaction(this.dataSource, async (manager) => {
      if (matches && send) {
        // one live reset token per account: a new request replaces the links sent before
        await this.revokePasswordTokens(manager, member.id, this.clock.now());
        const token = await this.issueToken(manager, member.id, 'RESET');
        await this.outbox.email(manager, member.email, 'password-reset', Emails.passwordReset({
          name: member.name, resetUrl: this.passwordUrl(token.token), expiresAt: businessTime(token.expiresAt, this.config.businessTimeZone),
        }));
      }
      await this.audit.append(manager, {
        actorType: matches ? 'MEMBER' : 'ANONYMOUS', actorId: matches ? member.id : undefined,
        action: !matches ? 'PASSWORD_RESET_REQUEST_UNMATCHED' : send ? 'PASSWORD_RESET_REQUESTED' : 'PASSWORD_RESET_RATE_LIMITED', meta,
      });
    });
  }

  remindLoginId(email: string, meta: RequestMeta): Promise<void> {
    return withResponseFloor(ResponseFloorsMs.accountRecovery, () => this.remindIfKnown(email, meta));
  }

  private async remindIfKnown(email: string, meta: RequestMeta): Promise<void> {
    await this.rateLimits.take([['recoveryRequestsPerIp', meta.ip]]);
    const members = await this.members.findWithCompanyByEmail(this.dataSource, email);
    const first = members[0];
    const send = first !== undefined && (await this.rateLimits.hit('recoveryEmailsPerAddress', first.email.toLowerCase()));
    await retryingTransaction(this.dataSource, async (manager) => {
      if (first && send) {
        await this.outbox.email(manager, first.email, 'login-id-reminder', Emails.loginIdReminder({
          name: first.name, loginIds: members.map((member) => member.login_id),
        }));
      }
      await this.audit.append(manager, {
        actorType: first ? 'MEMBER' : 'ANONYMOUS', actorId: first?.id, action: 'LOGIN_ID_REMINDER_REQUESTED', meta,
      });
    });
  }

  /** Every outstanding setup or reset token of the account stops working (password changed, or a newer token). */
  private async revokePasswordTokens(manager: Executor, memberId: number, now: Date): Promise<void> {
    await this.passwordTokens.revokeAllOf(manager, memberId, now);
  }

  async issueToken(manager: Executor, memberId: number, purpose: 'SETUP' | 'RESET') {
    const token = randomToken(32);
    const now = this.clock.now();
    const expiresAt = passwordTokenExpiry(purpose, now);
    await this.passwordTokens.issue(manager, memberId, purpose, sha256(token), expiresAt, now);
    return { token, expiresAt };
  }

  /** The token travels in the URL fragment, which browsers never send to a server or in a Referer. */
  passwordUrl(token: string): string {
    return `${this.config.webOrigin}/password-setup#token=${token}`;
  }
}
