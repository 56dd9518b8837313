/** Display helpers for ACS transactions: amounts in their currency, and the chip colour of a result. */
import type { AcsAmount, TransStatus } from '@corpweb/shared-types';

/** ISO 4217 numeric → alphabetic, for the currencies a Japanese issuer's cardholders meet most. */
const CURRENCIES: Record<string, string> = {
  '392': 'JPY', '840': 'USD', '978': 'EUR', '826': 'GBP', '156': 'CNY', '410': 'KRW', '344': 'HKD', '702': 'SGD', '901': 'TWD', '036': 'AUD',
};

export function formatAcsAmount(amount: AcsAmount | undefined, locale: string): string {
  if (!amount) return '—';
  const major = Number(amount.value) / 10 ** amount.exponent;
  const code = CURRENCIES[amount.currency];
  if (!code || !Number.isFinite(major)) return `${amount.value} (${amount.currency})`;
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'ja-JP', {
    style: 'currency', currency: code, minimumFractionDigits: amount.exponent, maximumFractionDigits: amount.exponent,
  }).format(major);
}

export function transStatusChip(status: TransStatus): string {
  if (status === 'Y' || status === 'A') return 'chip-ok';
  if (status === 'C') return 'chip-warn';
  return 'chip-error';
}

/** risk rule ids are kebab-case; message keys are camelCase */
export function ruleKey(rule: string): string {
  return rule.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}
