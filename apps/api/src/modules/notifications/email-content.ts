/**
 * The texts of every email and SMS, in the tone of an issuer's business mail. Each function returns what the
 * outbox stores; nothing here may contain a PAN, a PIN, or a password — only masked card numbers (and the
 * secure ID masked, as a stolen mailbox must not hand out half of the checkout credential).
 *
 * An email goes out in both languages at once, as Japanese issuers do: we do not know which language the
 * reader of a company mailbox prefers. A one-line note says English follows, the Japanese text comes first,
 * then the English one; the subject carries both. Each message file writes the pair side by side
 * (`bilingualEmail({ ja, en })`) so a translator sees one next to the other. An SMS is one language only
 * (it must fit one segment), chosen by the person it is for.
 *
 * Every email ends with one footer chosen by its purpose (`emailFooter`), so a message never
 * says both "call us at once if this was not you" and "if you do not recognise this, discard it":
 * - SECURITY: something was changed (password, 本人認証サービス) — if it was not you, call the desk;
 * - REQUEST: someone asked for a link or a reminder and nothing changed — if it was not you, discard it;
 * - NOTICE: a decision or a request from the issuer — questions go to the desk.
 * The outbox appends the footer with the configured contact desk (CONTACT_DESK_*).
 */
import type { ContactDesk } from '@corpweb/shared-types';
import { dateParts } from '../../common/clock/date-formats.js';

export type FooterPurpose = 'SECURITY' | 'REQUEST' | 'NOTICE';
export type MessageLocale = 'ja' | 'en';

export interface EmailContent {
  subject: string;
  body: string;
  /** the footer the outbox appends; absent when the body carries its own signature */
  footer?: FooterPurpose;
}

/** One email as its author writes it: the Japanese and the English text, and the footer both share. */
export interface BilingualEmail {
  ja: { subject: string; body: string };
  en: { subject: string; body: string };
  footer: FooterPurpose;
}

export const ENGLISH_FOLLOWS = '※English follows the Japanese text.';
const RULE = '──────────────────────────────';

export function bilingualEmail(email: BilingualEmail): EmailContent {
  return {
    subject: `${email.ja.subject} / ${email.en.subject}`,
    body: `${ENGLISH_FOLLOWS}

${email.ja.body.trimEnd()}

${RULE}

${email.en.body.trimEnd()}
`,
    footer: email.footer,
  };
}

const FOOTER_LEAD: Record<FooterPurpose, { ja: string; en: string }> = {
  SECURITY: {
    ja: 'このお手続きにお心当たりのない場合は、第三者による不正な操作のおそれがあります。\n至急、下記の窓口までお電話でご連絡ください。',
    en: 'If you did not make this change, someone else may have used your account.\nPlease call the desk below immediately.',
  },
  REQUEST: {
    ja: 'お心当たりのない場合は、このメールを破棄してください。お手続きは行われず、登録内容も変わりません。',
    en: 'If you did not request this, please delete this email. No action will be taken and your details will not change.',
  },
  NOTICE: {
    ja: 'ご不明な点は、下記の窓口までお問い合わせください。',
    en: 'If you have any questions, please contact the desk below.',
  },
};

/** The closing block of an email: what to do if it was not you, then the issuer's contact desk, in both languages. */
export function emailFooter(purpose: FooterPurpose, desk: ContactDesk): string {
  return `
${RULE}
${FOOTER_LEAD[purpose].ja}

【お問い合わせ】${desk.name}
  電話番号:${desk.phone}
  受付時間:${desk.hours}

法人Webサービス 事務局
本メールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。

${FOOTER_LEAD[purpose].en}

[Contact] ${desk.name}
  Phone: ${desk.phone}
  Hours: ${desk.hours}

Corporate Web Service Office
This email was sent from a no-reply address; replies will not be answered.
${RULE}`;
}

/** A date and time in both languages, for the two halves of an email. */
export interface BusinessTime {
  ja: string;
  en: string;
}

export function businessTime(date: Date, timeZone: string): BusinessTime {
  return { ja: formatBusinessTime(date, timeZone), en: formatBusinessTimeEn(date, timeZone) };
}

function partsOf(date: Date, timeZone: string): (type: 'year' | 'month' | 'day' | 'hour' | 'minute') => string {
  const parts = dateParts(date, 'ja-JP', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  });
  return (type) => parts[type] ?? '';
}

/** A date and time as the Japanese text shows it, in the business time zone (TZ_BUSINESS): 2026年12月02日 10:30. */
export function formatBusinessTime(date: Date, timeZone: string): string {
  const get = partsOf(date, timeZone);
  return `${get('year')}年${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/** The same moment as the English text shows it, with the zone named: 2026-12-02 10:30 (JST). */
export function formatBusinessTimeEn(date: Date, timeZone: string): string {
  const get = partsOf(date, timeZone);
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${zoneAbbreviation(date, timeZone)})`;
}

/**
 * The short name of the zone at that date. English locales name Japan's zone only "GMT+9" while Japanese calls it
 * "JST", and the other way round for e.g. "EST": the first letters-only name wins, else the GMT offset.
 */
function zoneAbbreviation(date: Date, timeZone: string): string {
  const names = ['en-US', 'ja-JP'].map((locale) => dateParts(date, locale, { timeZone, timeZoneName: 'short' }).timeZoneName ?? timeZone);
  return names.find((name) => /^[A-Z]{2,5}$/.test(name)) ?? names[0]!;
}
