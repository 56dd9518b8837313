import type { MessageLocale } from '../email-content.js';
import { withMerchantName } from './one-segment.js';

/**
 * The checkout OTP, in the language of the challenge page the cardholder is looking at. It names the merchant and
 * the amount so that a code asked for by someone else's purchase is recognised as such.
 */
export function challengeCode(code: string, merchantName: string, amount: string, locale: MessageLocale): string {
  if (locale === 'en') {
    return withMerchantName([
      (merchant) => `[J/Secure] One-time password: ${code}\nFor your payment of ${amount} at ${merchant}. Valid for 5 minutes. Do not share this code.`,
      // a merchant name outside the GSM alphabet leaves 70 characters
      (merchant) => `[J/Secure] Code ${code}\n${amount} at ${merchant}\nDo not share it.`,
    ], merchantName, '...');
  }
  return withMerchantName([
    (merchant) => `【J/Secure】ワンタイムパスワード:${code}\n${merchant} ${amount}のお支払い用です。他人に教えないでください。`,
    (merchant) => `【J/Secure】ワンタイムパスワード:${code}\n${merchant} ${amount}\n他人に教えないでください`,
  ], merchantName, '…');
}
