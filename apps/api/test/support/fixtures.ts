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
