/**
 * The checkout form: what the shopper typed (card, expiry, amount, simulator settings) and what the browser told
 * us (headers, and the hidden fields `assets/shop.js` fills when script runs). Without script the hidden fields
 * are empty and EMV-valid defaults stand in (24-bit colour, 1280×800, Japan's -540 minutes).
 */
import { luhnValid, normalizeCardNumber } from '@corpweb/shared-types';
import type { Messages } from './i18n.js';
import {
  isChallengeWindowSize,
  MessageVersions,
  type BrowserInfo,
  type ChallengeWindowSize,
  type MessageVersion,
} from './three-ds-simulator.js';

export const DEFAULT_AMOUNT = 12_800;
export const MAX_AMOUNT = 9_999_999;

/** what the form shows (re-shown after an error) */
export interface CheckoutValues {
  cardNumber: string;
  expiry: string;
  amount: string;
  messageVersion: string;
  challengeMandated: boolean;
  windowSize: string;
  browserLanguage: string;
}

export type CheckoutField = 'cardNumber' | 'expiry' | 'amount' | 'messageVersion' | 'windowSize';
export type CheckoutErrors = Partial<Record<CheckoutField, keyof Messages['errors']>>;

export interface Checkout {
  acctNumber: string;
  /** YYMM */
  cardExpiryDate: string;
  amount: number;
  messageVersion: MessageVersion;
  challengeMandated: boolean;
  windowSize: ChallengeWindowSize;
  browserLanguage?: string;
}

export const defaultValues = (lang: string): CheckoutValues => ({
  cardNumber: '',
  expiry: '',
  amount: DEFAULT_AMOUNT.toLocaleString('en-US'),
  messageVersion: '2.2.0',
  challengeMandated: false,
  windowSize: '03',
  browserLanguage: lang === 'en' ? 'en-US' : 'ja-JP',
});

type Form = Record<string, string | undefined>;
const text = (form: Form, key: string) => (typeof form[key] === 'string' ? form[key] : '');
/** full-width digits and separators, as a Japanese IME types them */
const halfWidth = (value: string) =>
  value.replace(/[０-９／]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]/g, '');

export function parseCheckout(form: Form): { values: CheckoutValues; errors: CheckoutErrors; checkout?: Checkout } {
  const values: CheckoutValues = {
    cardNumber: text(form, 'cardNumber').slice(0, 40),
    expiry: text(form, 'expiry').slice(0, 10),
    amount: text(form, 'amount').slice(0, 20),
    messageVersion: text(form, 'messageVersion'),
    challengeMandated: form.challengeMandated !== undefined && form.challengeMandated !== '',
    windowSize: text(form, 'windowSize'),
    browserLanguage: text(form, 'browserLanguage').slice(0, 35),
  };
  const errors: CheckoutErrors = {};

  const digits = normalizeCardNumber(values.cardNumber);
  if (digits === '') errors.cardNumber = 'cardNumberRequired';
  else if (!/^\d{13,19}$/.test(digits) || !luhnValid(digits)) errors.cardNumber = 'cardNumberInvalid';

  const expiry = /^(\d{2})\/?(\d{2})$/.exec(halfWidth(values.expiry));
  if (values.expiry.trim() === '') errors.expiry = 'expiryRequired';
  else if (!expiry || Number(expiry[1]) < 1 || Number(expiry[1]) > 12) errors.expiry = 'expiryInvalid';

  const amountText = halfWidth(values.amount).replace(/^[¥￥]/, '').replace(/[,，]/g, '');
  const amount = /^\d{1,7}$/.test(amountText) ? Number(amountText) : NaN;
  if (!(amount >= 1 && amount <= MAX_AMOUNT)) errors.amount = 'amountInvalid';

  if (!MessageVersions.includes(values.messageVersion as MessageVersion)) errors.messageVersion = 'messageVersionInvalid';
  if (!isChallengeWindowSize(values.windowSize)) errors.windowSize = 'windowSizeInvalid';

  if (Object.keys(errors).length > 0) return { values, errors };
  const language = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(values.browserLanguage) ? values.browserLanguage : undefined;
  return {
    values,
    errors,
    checkout: {
      acctNumber: digits,
      cardExpiryDate: `${expiry![2]}${expiry![1]}`,
      amount,
      messageVersion: values.messageVersion as MessageVersion,
      challengeMandated: values.challengeMandated,
      windowSize: values.windowSize as ChallengeWindowSize,
      ...(language ? { browserLanguage: language } : {}),
    },
  };
}

const intOr = (value: string | undefined, fallback: number) => (value && /^-?\d{1,6}$/.test(value) ? Number(value) : fallback);

/** The first language of Accept-Language (`ja,en-US;q=0.9` → `ja`). */
export function firstLanguage(acceptLanguage: string | undefined): string | undefined {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(first) ? first : undefined;
}

export function browserInfo(
  headers: Record<string, string | string[] | undefined>,
  ip: string,
  form: Form,
  chosenLanguage: string | undefined,
): BrowserInfo {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  const javascriptEnabled = form.browserJavascriptEnabled === 'true';
  return {
    acceptHeader: header('accept'),
    ip,
    language: chosenLanguage ?? firstLanguage(header('accept-language')) ?? 'ja',
    userAgent: header('user-agent'),
    javascriptEnabled,
    javaEnabled: javascriptEnabled && form.browserJavaEnabled === 'true',
    colorDepth: intOr(form.browserColorDepth, 24),
    screenHeight: intOr(form.browserScreenHeight, 800),
    screenWidth: intOr(form.browserScreenWidth, 1280),
    tz: intOr(form.browserTZ, -540),
  };
}
