/**
 * Rate limits on everything that sends a message or checks a secret (issue 10 point 2), per source IP, per
 * account, per company and per destination (email address, phone number). Counters live in MariaDB through
 * rate-limiter-flexible's MySQL store (one statement per hit: OneStatementMySQLLimiter, on the app's own
 * pool), so every API instance shares them and no other service is needed. Keys are HMAC-SHA256 of the
 * subject under a key derived from OTP_KEY: the table never holds an address, a phone number or whatever was
 * typed into a login field.
 * Windows are fixed and run on the database's wall clock (the library's Date.now(), not the injected Clock).
 *
 * Visible limits answer 429 with Retry-After. Limits whose refusal would tell whether an account exists (reset
 * emails per account or per address) are silent: the answer stays 202, only the email is not sent.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { ErrorCode } from '@corpweb/shared-types';
import { AppException } from '../errors/app.exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { OneStatementMySQLLimiter } from './one-statement-mysql-limiter.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** points per window (seconds). */
export const RateRules = {
  loginFailuresPerIp: { points: 50, duration: 15 * 60 },
  staffLoginFailuresPerIp: { points: 20, duration: 15 * 60 },
  /** staff with TOTP: wrong passwords lock this source address for this login ID, never the account */
  staffLoginFailuresPerIpAndId: { points: 5, duration: 30 * DAY },
  /** unknown login IDs lock like accounts: 5 failures, then 423 for 30 minutes (see CredentialCheck) */
  loginFailuresPerUnknownId: { points: 5, duration: 30 * DAY },
  recoveryRequestsPerIp: { points: 10, duration: HOUR },
  resetEmailsPerAccount: { points: 3, duration: HOUR },
  recoveryEmailsPerAddress: { points: 3, duration: HOUR },
  signupsPerIp: { points: 5, duration: HOUR },
  signupsPerEmail: { points: 3, duration: DAY },
  signupsPerCorporateNumber: { points: 3, duration: DAY },
  passwordSetupsPerIp: { points: 20, duration: HOUR },
  cardInquiriesPerMember: { points: 30, duration: 10 * 60 },
  cardInquiriesPerCompany: { points: 100, duration: HOUR },
  cardInquiriesPerIp: { points: 60, duration: 10 * 60 },
  otpSendsPerMember: { points: 10, duration: HOUR },
  secureIdChecksPerMember: { points: 30, duration: HOUR },
  otpSendsPerCompany: { points: 30, duration: HOUR },
  otpSendsPerIp: { points: 20, duration: HOUR },
  /** passkeys: challenges handed out (each is a row until it expires) and refused passkey answers */
  passkeyChallengesPerIp: { points: 60, duration: 10 * 60 },
  passkeyFailuresPerIp: { points: 10, duration: 15 * 60 },
} as const satisfies Record<string, { points: number; duration: number }>;
export type RateRule = keyof typeof RateRules;

/** Rules that stay on when RATE_LIMITS=false: they are part of the lockout rule, not throttling. */
const ALWAYS_ON = new Set<RateRule>(['loginFailuresPerUnknownId', 'staffLoginFailuresPerIpAndId']);

@Injectable()
export class RateLimits {
  private readonly limiters = new Map<RateRule, OneStatementMySQLLimiter>();
  private readonly keyKey: Buffer;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.keyKey = Buffer.from(hkdfSync('sha256', config.keys.otpKey, Buffer.alloc(0), 'corpweb rate-limit keys v1', 32));
    const dbName = new URL(config.databaseUrl).pathname.slice(1);
    let first = true;
    for (const [rule, { points, duration }] of Object.entries(RateRules) as [RateRule, { points: number; duration: number }][]) {
      this.limiters.set(rule, new OneStatementMySQLLimiter(dataSource, {
        dbName,
        // one instance sweeps expired rows for all (they share the table)
        clearExpiredByTimeout: first, keyPrefix: rule, points, duration,
      }));
      first = false;
    }
  }

  /** false with RATE_LIMITS=false: callers may skip work done only to find a subject */
  get active(): boolean {
    return this.config.rateLimits;
  }

  private enabled(rule: RateRule): boolean {
    return this.config.rateLimits || ALWAYS_ON.has(rule);
  }

  private key(subject: string): string {
    return createHmac('sha256', this.keyKey).update(subject).digest('base64url');
  }

  private limiter(rule: RateRule): OneStatementMySQLLimiter {
    return this.limiters.get(rule)!;
  }

  /** Seconds until the subject may try again, or undefined while it is within the limit. Consumes nothing. */
  async exhausted(rule: RateRule, subject: string): Promise<number | undefined> {
    if (!this.enabled(rule)) return undefined;
    const res = await this.limiter(rule).get(this.key(subject));
    if (!res || res.consumedPoints < RateRules[rule].points) return undefined;
    return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  }

  /** Throws 429 (with Retry-After) when the subject has used up its allowance. Consumes nothing. */
  async assertAllowed(rule: RateRule, subject: string, code: ErrorCode = 'RATE_LIMITED'): Promise<void> {
    const wait = await this.exhausted(rule, subject);
    if (wait !== undefined) throw new AppException(code, undefined, { 'retry-after': String(wait) });
  }

  /** Counts one hit; false when it went over the limit (the caller decides whether that is visible). */
  async hit(rule: RateRule, subject: string): Promise<boolean> {
    if (!this.enabled(rule)) return true;
    try {
      await this.limiter(rule).consume(this.key(subject));
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }

  /** Counts one hit for each rule and throws 429 (with the longest Retry-After) when any went over. */
  async take(hits: [RateRule, string][], code: ErrorCode = 'RATE_LIMITED'): Promise<void> {
    let wait = 0;
    for (const [rule, subject] of hits) {
      if (!this.enabled(rule)) continue;
      try {
        await this.limiter(rule).consume(this.key(subject));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        wait = Math.max(wait, Math.ceil(error.msBeforeNext / 1000), 1);
      }
    }
    if (wait > 0) throw new AppException(code, undefined, { 'retry-after': String(wait) });
  }

  /** Holds the subject at the limit for `seconds` (an unknown login ID reaching 5 failures). */
  async block(rule: RateRule, subject: string, seconds: number): Promise<void> {
    if (!this.enabled(rule)) return;
    await this.limiter(rule).block(this.key(subject), seconds);
  }
}
