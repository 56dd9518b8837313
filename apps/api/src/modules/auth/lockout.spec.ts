import { Limits } from '@corpweb/shared-types';
import { isLockedAt, passwordTokenExpiry, retryAfterSeconds } from './lockout.js';

const now = new Date('2026-11-25T03:00:00.000Z');

describe('lockout decisions', () => {
  it('an account is locked strictly before locked_until, open from that instant', () => {
    expect(isLockedAt(new Date(now.getTime() + 1), now)).toBe(true);
    expect(isLockedAt(new Date(now.getTime()), now)).toBe(false);
    expect(isLockedAt(new Date(now.getTime() - 1), now)).toBe(false);
    expect(isLockedAt(null, now)).toBe(false);
    expect(isLockedAt(undefined, now)).toBe(false);
  });

  it('Retry-After rounds up to whole seconds (a 30-minute lock just set says 1800)', () => {
    expect(retryAfterSeconds(new Date(now.getTime() + Limits.loginLockoutSeconds * 1000), now)).toBe(1800);
    expect(retryAfterSeconds(new Date(now.getTime() + 1), now)).toBe(1);
    expect(retryAfterSeconds(new Date(now.getTime() + 1001), now)).toBe(2);
  });

  it('a setup link lives 72 hours, a reset link its own shorter time', () => {
    expect(passwordTokenExpiry('SETUP', now).getTime() - now.getTime()).toBe(72 * 3600 * 1000);
    expect(passwordTokenExpiry('RESET', now).getTime() - now.getTime()).toBe(Limits.passwordResetTokenTtlSeconds * 1000);
    expect(Limits.passwordResetTokenTtlSeconds).toBeLessThan(Limits.passwordSetupTokenTtlSeconds);
  });
});
