import { newOtpCode, otpHmac, otpMatches } from './otp-codes.js';

const key = Buffer.alloc(32, 9);

describe('OTP codes', () => {
  it('are 6 digits and vary', () => {
    const codes = new Set(Array.from({ length: 200 }, newOtpCode));
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(190);
  });
  it('match only the same verification and code', () => {
    const stored = otpHmac(key, 'v1', '123456');
    expect(otpMatches(key, 'v1', '123456', stored)).toBe(true);
    expect(otpMatches(key, 'v1', '123457', stored)).toBe(false);
    expect(otpMatches(key, 'v2', '123456', stored)).toBe(false);
  });
});
