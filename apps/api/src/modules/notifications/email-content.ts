/**
 * The texts of every email and SMS, in the tone of an issuer's business mail. Each function returns what the
 * outbox stores; nothing here may contain a PAN, a PIN, or a password — only masked card numbers (and the
 * secure ID masked, as a stolen mailbox must not hand out half of the checkout credential).
 *
 * Every email ends with one footer chosen by its purpose (`emailFooter`), so a message never
 * says both "call us at once if this was not you" and "if you do not recognise this, discard it":
 * - SECURITY: something was changed (password, 本人認証サービス) — if it was not you, call the desk;
 * - REQUEST: someone asked for a link or a reminder and nothing changed — if it was not you, discard it;
 * - NOTICE: a decision or a request from the issuer — questions go to the desk.
 * The outbox appends the footer with the configured contact desk (CONTACT_DESK_*).
 */
import type { ContactDesk } from '@corpweb/shared-types';

export type FooterPurpose = 'SECURITY' | 'REQUEST' | 'NOTICE';

export interface EmailContent {
  subject: string;
  body: string;
  /** the footer the outbox appends; absent when the body carries its own signature */
  footer?: FooterPurpose;
}

const FOOTER_LEAD: Record<FooterPurpose, string> = {
  SECURITY: 'このお手続きにお心当たりのない場合は、第三者による不正な操作のおそれがあります。\n至急、下記の窓口までお電話でご連絡ください。',
  REQUEST: 'お心当たりのない場合は、このメールを破棄してください。お手続きは行われず、登録内容も変わりません。',
  NOTICE: 'ご不明な点は、下記の窓口までお問い合わせください。',
};

/** The closing block of an email: what to do if it was not you, then the issuer's contact desk. */
export function emailFooter(purpose: FooterPurpose, desk: ContactDesk): string {
  return `
──────────────────────────────
${FOOTER_LEAD[purpose]}

【お問い合わせ】${desk.name}
  電話番号:${desk.phone}
  受付時間:${desk.hours}

法人Webサービス 事務局
本メールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。
──────────────────────────────`;
}

/** A date and time as the emails show it, in the business time zone (TZ_BUSINESS). */
export function formatBusinessTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('ja-JP', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}年${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}
