import { loadConfig } from '../../config/app-config.js';
import { CardCrypto } from './card-crypto.service.js';

const config = loadConfig({
  NODE_ENV: 'test',
  PAN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  PAN_FINGERPRINT_KEY: Buffer.alloc(32, 2).toString('base64'),
  PIN_KEY: Buffer.alloc(32, 3).toString('base64'),
  OTP_KEY: Buffer.alloc(32, 4).toString('base64'),
  AUDIT_KEY: Buffer.alloc(32, 5).toString('base64'),
  AUDIT_SIGNING_KEY: Buffer.alloc(32, 6).toString('base64'),
});
const crypto = new CardCrypto(config);
const pan = '3540123456789012';

describe('CardCrypto', () => {
  it('encrypts the PAN with a fresh IV each time and decrypts it back', () => {
    const a = crypto.encryptPan(pan);
    const b = crypto.encryptPan(pan);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.ciphertext.toString('latin1')).not.toContain(pan);
    expect(crypto.decryptPan(a)).toBe(pan);
  });

  it('detects a tampered ciphertext', () => {
    const encrypted = crypto.encryptPan(pan);
    encrypted.ciphertext[encrypted.ciphertext.length - 1]! ^= 1;
    expect(() => crypto.decryptPan(encrypted)).toThrow();
  });

  it('fingerprints deterministically under its own key, different from the PIN hash', () => {
    expect(crypto.fingerprint(pan).equals(crypto.fingerprint(pan))).toBe(true);
    expect(crypto.fingerprint(pan).equals(crypto.pinHash(pan, ''))).toBe(false);
  });

  it('binds the PIN hash to the PAN and compares it', () => {
    const stored = crypto.pinHash(pan, '1234');
    expect(crypto.pinMatches(pan, '1234', stored)).toBe(true);
    expect(crypto.pinMatches(pan, '1235', stored)).toBe(false);
    expect(crypto.pinMatches('3540123456789020', '1234', stored)).toBe(false);
  });
});
