/**
 * The lockout's decisions, apart from the SQL that counts (LoginAccountRepository.countLoginFailure): when an
 * account counts as locked, how long the client is told to wait, and how long a password link lives.
 */
import { Limits } from '@corpweb/shared-types';
import { addSeconds } from '../../common/clock/clock.js';

/** A lock holds until `locked_until`; at that instant the account is open again. */
export function isLockedAt(lockedUntil: Date | null | undefined, now: Date): lockedUntil is Date {
  return lockedUntil instanceof Date && lockedUntil > now;
}

/** Retry-After for a locked account: whole seconds, rounded up so a client that waits exactly that long gets in. */
export function retryAfterSeconds(lockedUntil: Date, now: Date): number {
  return Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
}

/** When a setup (first password) or reset link stops working. */
export function passwordTokenExpiry(purpose: 'SETUP' | 'RESET', issuedAt: Date): Date {
  return addSeconds(issuedAt, purpose === 'SETUP' ? Limits.passwordSetupTokenTtlSeconds : Limits.passwordResetTokenTtlSeconds);
}
