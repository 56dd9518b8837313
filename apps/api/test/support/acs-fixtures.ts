/** Cards enrolled through the portal's real API, ready for checkout. */
import { expect } from '@jest/globals';
import { randomDigits, randomMobilePhone, seedCard, type MemberFixture } from './fixtures.js';
import type { TestApp } from './test-app.js';

export const CHECKOUT_PASSWORD = 'Tq8!vNz3#kPw';

export interface EnrolledCard {
  cardId: number;
  cardNumber: string;
  pin: string;
  secureId: string;
  password?: string;
  phone?: string;
}

export async function enrolledCard(h: TestApp, member: MemberFixture, method: 'PASSWORD' | 'OTP'): Promise<EnrolledCard> {
  const card = await seedCard(h, member.corporateNumber);
  const inquiry = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
  expect(inquiry.status).toBe(200);
  const secureId = `Shop.${randomDigits(8)}`;
  const path = `/api/v1/card-inquiries/${inquiry.body.inquiryId}/enrollment`;
  if (method === 'PASSWORD') {
    const put = await member.client.put(path, { secureId, method: 'PASSWORD', password: CHECKOUT_PASSWORD });
    expect(put.status).toBe(200);
    return { ...card, secureId, password: CHECKOUT_PASSWORD };
  }
  const phone = randomMobilePhone();
  const put = await member.client.put(path, { secureId, method: 'OTP', phone });
  expect(put.status).toBe(202);
  const e164 = `+81${phone.slice(1)}`;
  const sms = await h.sms.waitFor((m) => m.to === e164, 'the enrollment code');
  const code = /(\d{6})/.exec(sms.body)![1]!;
  const verified = await member.client.post(`${path}/verification`, { verificationId: put.body.verificationId, code });
  expect(verified.status).toBe(200);
  return { ...card, secureId, phone: e164 };
}

/** The newest OTP the SMS gateway received for a phone (after `after` messages). */
export async function checkoutOtp(h: TestApp, phone: string, after = 0): Promise<string> {
  const sms = await h.sms.waitFor((m) => m.to === phone && m.body.includes('J/Secure') && h.sms.messages.filter((x) => x.to === phone && x.body.includes('J/Secure')).indexOf(m) >= after, 'a checkout OTP');
  return /(\d{6})/.exec(sms.body)![1]!;
}

export function checkoutOtpCount(h: TestApp, phone: string): number {
  return h.sms.messages.filter((m) => m.to === phone && m.body.includes('J/Secure')).length;
}
