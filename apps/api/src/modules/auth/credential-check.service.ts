/**
 * Login with lockout for members and staff (PCI DSS 8.3.4): 5 consecutive failures lock the account
 * for 30 minutes. An unknown login ID locks the same way (counted per typed ID in the shared rate-limit store),
 * so after 5 failures "locked" (423) is no sign that the ID exists. Failures per source IP are limited too (429). The failure counter and the lock are one atomic UPDATE
 * (LoginAccountRepository.countLoginFailure), so concurrent failures still lock at 5.
 * Unknown ID and wrong password give the same error after the same argon2 work.
 */
import { Inject, Injectable } from '@nestjs/common';
import { retryingTransaction } from '../../database/retrying-transaction.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DataSource } from 'typeorm';
import { Limits, type AuditAction } from '@corpweb/shared-types';
import { Clock, addSeconds } from '../../common/clock/clock.js';
import { PasswordHasher } from '../../common/crypto/password-hasher.service.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { ResponseFloorsMs, withRefusalFloor } from '../../common/http/response-floor.js';
import { RateLimits } from '../../common/rate-limit/rate-limits.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { LoginAccountRepository } from './login-account.repository.js';
import { isLockedAt, retryAfterSeconds } from './lockout.js';
import { MembersRepository } from './members.repository.js';
import { StaffRepository } from './staff.repository.js';

export type AccountTable = 'members' | 'staff';


/** the login_id collation ignores case and trailing spaces: so does the unknown-ID counter */
function unknownIdKey(table: AccountTable, loginId: string): string {
  return `${table}:${loginId.replace(/ +$/, '').toLowerCase()}`;
}

/** login IDs the approval assigns (review-applications.service.ts) */
const MEMBER_LOGIN_ID = /^CW\d{8}$/;


@Injectable()
export class CredentialCheck {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimits,
    private readonly members: MembersRepository,
    private readonly staff: StaffRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private accounts(table: AccountTable): LoginAccountRepository {
    return table === 'members' ? this.members : this.staff;
  }

  /**
   * Staff with a second factor: a wrong password locks this source address for this login ID (5 failures, 30
   * minutes), never the account, so an outsider who only knows a staff login ID cannot keep the staff member out.
   * The account itself locks on wrong second-factor codes, which need the right password first.
   */
  private lockedPerSource(table: AccountTable): boolean {
    return table === 'staff' && this.config.staffTotp;
  }

  /** Returns the account id when the password is right; throws INVALID_CREDENTIALS or ACCOUNT_LOCKED. */
  verify(table: AccountTable, loginId: string, password: string, meta: RequestMeta): Promise<number> {
    return withRefusalFloor(ResponseFloorsMs.login, () => this.check(table, loginId, password, meta));
  }

  private async check(table: AccountTable, loginId: string, password: string, meta: RequestMeta): Promise<number> {
    const actorType = table === 'members' ? 'MEMBER' : 'STAFF';
    const ipRule = table === 'members' ? 'loginFailuresPerIp' : 'staffLoginFailuresPerIp';
    await this.rateLimits.assertAllowed(ipRule, meta.ip);
    const account = await this.accounts(table).findByLoginId(this.dataSource, loginId);
    const now = this.clock.now();
    if (account && isLockedAt(account.locked_until, now)) {
      await this.audit.record({ actorType, actorId: account.id, action: 'LOGIN_REJECTED_LOCKED', meta });
      throw new AppException('ACCOUNT_LOCKED', undefined, { 'retry-after': String(retryAfterSeconds(account.locked_until, now)) });
    }
    const perSource = this.lockedPerSource(table);
    const unknownKey = unknownIdKey(table, loginId);
    const counter = perSource ? 'staffLoginFailuresPerIpAndId' : 'loginFailuresPerUnknownId';
    const counterKey = perSource ? `${meta.ip}|${unknownKey}` : unknownKey;
    if (!account || perSource) {
      const wait = await this.rateLimits.exhausted(counter, counterKey);
      if (wait !== undefined) {
        await this.audit.record({ actorType: 'ANONYMOUS', action: 'LOGIN_REJECTED_LOCKED', meta });
        throw new AppException('ACCOUNT_LOCKED', undefined, { 'retry-after': String(wait) });
      }
    }
    const valid = await this.hasher.verify(account?.password_hash, password);
    if (!account || !valid) {
      // what was typed into the ID field is kept only when it is a login ID: a password typed there by
      // mistake must not end up in clear in the audit log
      const wellFormed = account !== undefined || (table === 'members' && MEMBER_LOGIN_ID.test(loginId));
      await this.recordFailure(table, perSource ? undefined : account?.id, wellFormed ? loginId : null, meta, 'LOGIN_FAILED', account?.id);
      await this.rateLimits.hit(ipRule, meta.ip);
      if (!account || perSource) {
        await this.rateLimits.hit(counter, counterKey);
        // the 5th failure locks for 30 minutes from now, as for an account
        if ((await this.rateLimits.exhausted(counter, counterKey)) !== undefined) {
          await this.rateLimits.block(counter, counterKey, Limits.loginLockoutSeconds);
        }
      }
      throw new AppException('INVALID_CREDENTIALS');
    }
    // with a second factor still to come, the counter is cleared only once that is right too (clearFailures)
    if (perSource) return account.id;
    // false: a concurrent failure locked the account between our read and now
    if (!(await this.accounts(table).clearFailuresUnlessLocked(this.dataSource, account.id, now))) throw new AppException('ACCOUNT_LOCKED');
    return account.id;
  }

  /**
   * A signed-in account re-entering its password (PUT /me/password): the same counter and lock as logins, so a
   * stolen session cannot guess the password either. 'LOCKED' when this failure (or an earlier one) locked it.
   */
  async verifyCurrentPassword(table: AccountTable, accountId: number, password: string, meta: RequestMeta): Promise<'OK' | 'WRONG' | 'LOCKED'> {
    const account = await this.accounts(table).findById(this.dataSource, accountId);
    const now = this.clock.now();
    if (!account || isLockedAt(account.locked_until, now)) return 'LOCKED';
    if (await this.hasher.verify(account.password_hash, password)) {
      await this.accounts(table).clearFailureCountIfNeverLocked(this.dataSource, accountId);
      return 'OK';
    }
    const locked = await this.recordFailure(table, accountId, undefined, meta, 'CURRENT_PASSWORD_FAILED');
    return locked ? 'LOCKED' : 'WRONG';
  }

  /** A wrong second-factor code after the right password: counts on the account, like a wrong password. */
  async recordSecondFactorFailure(table: AccountTable, accountId: number, meta: RequestMeta): Promise<boolean> {
    return this.recordFailure(table, accountId, undefined, meta, 'SECOND_FACTOR_FAILED');
  }

  /** Password and second factor both right: the failure counter starts again (unless a failure locked it meanwhile). */
  async clearFailures(table: AccountTable, accountId: number): Promise<void> {
    if (!(await this.accounts(table).clearFailuresUnlessLocked(this.dataSource, accountId, this.clock.now()))) throw new AppException('ACCOUNT_LOCKED');
  }

  private async recordFailure(
    table: AccountTable, accountId: number | undefined, loginId: string | null | undefined, meta: RequestMeta, action: AuditAction = 'LOGIN_FAILED',
    auditActorId: number | undefined = accountId,
  ): Promise<boolean> {
    const actorType = table === 'members' ? 'MEMBER' : 'STAFF';
    return retryingTransaction(this.dataSource, async (manager) => {
      let locked = false;
      if (accountId !== undefined) {
        const lockUntil = addSeconds(this.clock.now(), Limits.loginLockoutSeconds);
        const lockedUntil = await this.accounts(table).countLoginFailure(manager, accountId, Limits.loginMaxConsecutiveFailures, lockUntil);
        locked = isLockedAt(lockedUntil, this.clock.now());
      }
      await this.audit.append(manager, {
        actorType: auditActorId === undefined ? 'ANONYMOUS' : actorType,
        actorId: auditActorId,
        action,
        meta,
        ...(loginId === undefined ? {} : { detail: loginId === null ? { loginIdWellFormed: false } : { loginId: loginId.slice(0, 64) } }),
      });
      if (locked) await this.audit.append(manager, { actorType, actorId: accountId, action: 'ACCOUNT_LOCKED', meta });
      return locked;
    });
  }
}
