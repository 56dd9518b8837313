import { authenticationValue, authenticationValueMatches } from './authentication-value.js';

const key = Buffer.alloc(32, 7);
const input = { acsTransId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', pan: '3540123456789016', purchaseAmount: '12800', purchaseCurrency: '392', eci: '05' };

describe('authenticationValue', () => {
  it('is 20 bytes, base64 (28 characters), deterministic for the same transaction', () => {
    const value = authenticationValue(key, input);
    expect(value).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(Buffer.from(value, 'base64')).toHaveLength(20);
    expect(authenticationValue(key, input)).toBe(value);
  });

  it('verifies only for its card, amount, transaction and key', () => {
    const value = authenticationValue(key, input);
    expect(authenticationValueMatches(key, input, value)).toBe(true);
    expect(authenticationValueMatches(key, { ...input, pan: '3540123456789024' }, value)).toBe(false);
    expect(authenticationValueMatches(key, { ...input, purchaseAmount: '12801' }, value)).toBe(false);
    expect(authenticationValueMatches(key, { ...input, acsTransId: '2b4e28ba-2fa1-41d2-883f-0016d3cca427' }, value)).toBe(false);
    expect(authenticationValueMatches(Buffer.alloc(32, 8), input, value)).toBe(false);
    expect(authenticationValueMatches(key, input, 'short')).toBe(false);
  });
});
