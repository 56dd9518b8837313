import { assessPasswordStrength, checkPassword } from './password-strength.js';

describe('assessPasswordStrength', () => {
  it('scores a random-looking password 4 and not too common', () => {
    expect(assessPasswordStrength('Kx7#mQ2v!Lp9', [])).toEqual({ score: 4, tooCommon: false });
  });
  it.each(['password', 'iloveyou', 'qwerty123', 'P@ssw0rd'])('flags %s as too common', (password) => {
    expect(assessPasswordStrength(password, []).tooCommon).toBe(true);
  });
  it('treats user inputs as known words', () => {
    const password = 'Hanako.Yamada!';
    const without = assessPasswordStrength(password, []);
    const withInputs = assessPasswordStrength(password, ['hanako.yamada']);
    expect(withInputs.score).toBeLessThan(without.score);
    expect(withInputs.tooCommon).toBe(true);
  });
});

describe('checkPassword', () => {
  it('accepts a strong password', () => {
    expect(checkPassword('Kx7#mQ2v!Lp9', { secureId: 'tanaka.taro', loginId: 'acme-admin' })).toEqual([]);
  });
  it('adds PASSWORD_TOO_COMMON to the local rules', () => {
    expect(checkPassword('password')).toEqual(['PASSWORD_TOO_COMMON']);
    expect(checkPassword('abcd1234')).toEqual(['PASSWORD_SEQUENTIAL_CHARACTERS', 'PASSWORD_TOO_COMMON']);
  });
  it('refuses a password over 64 characters without running the strength estimator', () => {
    // 'password' nine times is too common for zxcvbn; the length rule alone answers
    expect(checkPassword('password'.repeat(9))).toEqual(['PASSWORD_TOO_LONG']);
    const started = Date.now();
    for (let i = 0; i < 10; i += 1) checkPassword(`${'Kx7#mQ2v!Lp9'.repeat(21)}${i}`);
    expect(Date.now() - started).toBeLessThan(200);
  });
  it('flags a password that passes every local rule but is a blocklist entry', () => {
    expect(checkPassword('sunshine')).toEqual(['PASSWORD_TOO_COMMON']);
  });
});
