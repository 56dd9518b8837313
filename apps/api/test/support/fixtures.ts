/** Realistic, unique test data and the multi-step flows most e2e files start from. */
import { randomInt } from 'node:crypto';
import { expect } from '@jest/globals';
import { corporateNumberCheckDigit, type SignupApplicationRequest } from '@corpweb/shared-types';
import type { HttpClient } from './http-client.js';
import { STAFF_LOGIN_ID, STAFF_PASSWORD, type TestApp } from './test-app.js';

export const MEMBER_PASSWORD = 'Hk4$wN9q!rTz';

export function randomDigits(count: number): string {
  let digits = '';
  for (let i = 0; i < count; i += 1) digits += String(randomInt(10));
  return digits;
}

/** A mobile number that can take SMS: 070/080/090, then 1–9 (0800 is freephone), then 7 digits. */
export function randomMobilePhone(prefix: '070' | '080' | '090' = '090'): string {
  return `${prefix}${1 + randomInt(9)}${randomDigits(7)}`;
}

export function corporateNumber(): string {
  const base = randomDigits(12);
  return `${corporateNumberCheckDigit(base)}${base}`;
}

/** A Luhn-valid 16-digit JCB number (IIN 3540). */
export function jcbCardNumber(): string {
  const body = `3540${randomDigits(11)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function signupPayload(overrides: Partial<{ corporateNumber: string; email: string; termsVersion: string }> = {}): SignupApplicationRequest {
  const unique = randomDigits(8);
  return {
    termsVersion: overrides.termsVersion ?? '2026-04',
    agreedToTerms: true,
    company: {
      name: `株式会社テスト商事${unique}`,
      nameKana: 'カブシキガイシャテストショウジ',
      corporateNumber: overrides.corporateNumber ?? corporateNumber(),
      postalCode: '100-0001',
      address: '東京都千代田区千代田1-1',
      phone: '03-1234-5678',
    },
    administrator: {
      name: '山田 太郎',
      nameKana: 'ヤマダ　タロウ',
      department: '経理部',
      email: overrides.email ?? `admin${unique}@example.co.jp`,
      phone: '090-1234-5678',
    },
  };
}

export async function staffLogin(h: TestApp, loginId = STAFF_LOGIN_ID, password = STAFF_PASSWORD): Promise<HttpClient> {
  const staff = h.client();
  const response = await staff.post('/api/v1/backoffice/session', { loginId, password });
  expect(response.status).toBe(200);
  return staff;
}

export function tokenFrom(text: string): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error('no token link in the email');
  return match[1]!;
}

export interface MemberFixture {
  client: HttpClient;
  loginId: string;
  email: string;
  corporateNumber: string;
  applicationId: string;
}

/** Sign-up → staff approval → password setup from the emailed link → login. */
export async function approvedMember(h: TestApp, staff?: HttpClient): Promise<MemberFixture> {
  const payload = signupPayload();
  const applicant = h.client();
  const submitted = await applicant.post('/api/v1/signup-applications', payload);
  expect(submitted.status).toBe(202);
  const supervisor = staff ?? (await staffLogin(h));
  const approval = await supervisor.post(`/api/v1/backoffice/signup-applications/${submitted.body.applicationId}/approval`);
  expect(approval.status).toBe(200);
  const loginId = approval.body.memberLoginId as string;
  const email = payload.administrator.email;
  const mail = await h.mail.waitFor((m) => m.to.includes(email) && m.text.includes(loginId), 'the completion email');
  const setup = await h.client().post('/api/v1/password-setup', { token: tokenFrom(mail.text), password: MEMBER_PASSWORD });
  expect(setup.status).toBe(204);
  const client = h.client();
  const login = await client.post('/api/v1/session', { loginId, password: MEMBER_PASSWORD });
  expect(login.status).toBe(200);
  return { client, loginId, email, corporateNumber: payload.company.corporateNumber, applicationId: submitted.body.applicationId };
}

/**
 * Puts a card into the card master for a company, with the app's own crypto (the import endpoint is tested
 * on its own in card-master.e2e-spec.ts).
 */
export async function seedCard(h: TestApp, corporate: string, pin = '4321'): Promise<{ cardId: number; cardNumber: string; pin: string }> {
  const { CardCrypto } = await import('../../src/common/crypto/card-crypto.service.js');
  const crypto = h.app.get(CardCrypto);
  const cardNumber = jcbCardNumber();
  const [company] = await h.db.query('SELECT id FROM companies WHERE corporate_number = ?', [corporate]);
  const encrypted = crypto.encryptPan(cardNumber);
  const now = h.clock.now();
  const result = await h.db.query(
    `INSERT INTO cards (company_id, pan_ciphertext, pan_key_id, pan_fingerprint, first4, last4, brand, expiry_yymm, holder_name, pin_hash, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'JCB', '3012', 'ヤマダ\u3000タロウ', ?, ?, ?)`,
    [company.id, encrypted.ciphertext, encrypted.keyId, crypto.fingerprint(cardNumber), cardNumber.slice(0, 4), cardNumber.slice(-4), crypto.pinHash(cardNumber, pin), now, now],
  );
  return { cardId: Number(result.insertId), cardNumber, pin };
}
