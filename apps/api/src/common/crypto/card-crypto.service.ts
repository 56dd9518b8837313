/**
 * Card data at rest (PCI DSS 3.5): the PAN is encrypted with AES-256-GCM (key id kept for rotation)
 * and looked up by an HMAC-SHA256 fingerprint under a separate key. The PIN is never stored: only
 * HMAC(pinKey, PAN‖PIN), so a database dump cannot be brute-forced without the key.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export interface EncryptedPan {
  ciphertext: Buffer;
  keyId: string;
}

@Injectable()
export class CardCrypto {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  encryptPan(pan: string): EncryptedPan {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.config.keys.panEncryptionKey, iv);
    cipher.setAAD(Buffer.from(this.config.keys.panEncryptionKeyId));
    const body = Buffer.concat([cipher.update(pan, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: this.config.keys.panEncryptionKeyId };
  }

  decryptPan(encrypted: EncryptedPan): string {
    if (encrypted.keyId !== this.config.keys.panEncryptionKeyId) throw new Error('unknown PAN key id');
    const iv = encrypted.ciphertext.subarray(0, 12);
    const tag = encrypted.ciphertext.subarray(12, 28);
    const decipher = createDecipheriv('aes-256-gcm', this.config.keys.panEncryptionKey, iv);
    decipher.setAAD(Buffer.from(encrypted.keyId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(encrypted.ciphertext.subarray(28)), decipher.final()]).toString('utf8');
  }

  fingerprint(pan: string): Buffer {
    return createHmac('sha256', this.config.keys.panFingerprintKey).update(pan).digest();
  }

  pinHash(pan: string, pin: string): Buffer {
    return createHmac('sha256', this.config.keys.pinKey).update(`${pan}\u0000${pin}`).digest();
  }

  pinMatches(pan: string, pin: string, stored: Buffer): boolean {
    const candidate = this.pinHash(pan, pin);
    return stored.length === candidate.length && timingSafeEqual(stored, candidate);
  }
}
