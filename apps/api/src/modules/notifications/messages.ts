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
import { maskSecureId, type ContactDesk } from '@corpweb/shared-types';

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

export const Emails = {
  /**
   * Sent to an address nobody has verified yet: nothing the applicant typed may appear (no company or person
   * name), only the server's reference number (the same 受付番号 the completion screen shows) and fixed wording.
   */
  applicationReceived(p: { applicationId: string; receivedAt: string }): EmailContent {
    return {
      subject: '【法人Webサービス】お申込みを受け付けました',
      body: `法人Webサービスお申込みのご担当者様

このたびは法人Webサービスにお申込みいただき、誠にありがとうございます。
お申込みを受け付けました。

  受付番号:${p.applicationId}
  受付日時:${p.receivedAt}

お申込みの内容は、この受付番号とともに当社にて確認いたします。
お申込みに心当たりのない場合は、このメールを破棄してください。

当社にて審査を行い、結果をメールでご連絡いたします。
審査が完了しましたら、ログインIDとパスワード設定のご案内を「登録完了メール」にてお送りします。`,
      footer: 'NOTICE',
    };
  },

  applicationApproved(p: { companyName: string; adminName: string; loginId: string; setupUrl: string; expiresAt: string }): EmailContent {
    return {
      subject: '【法人Webサービス】登録完了のお知らせ(ログインIDのご案内)',
      body: `${p.companyName}
${p.adminName} 様

法人Webサービスのご登録が完了しました。
ログインIDは次のとおりです。

  ログインID:${p.loginId}

下記のURLからパスワードを設定のうえ、ログインしてください。
このURLは一度だけ有効で、有効期限は ${p.expiresAt} です。

  ${p.setupUrl}

ログイン後、「本人認証サービス登録・変更」から法人カードごとに本人認証サービス(J/Secure)の
ご登録をお願いいたします。
`,
      footer: 'NOTICE',
    };
  },

  applicationRejected(p: { companyName: string; adminName: string; applicationId: string; reason: string }): EmailContent {
    return {
      subject: '【法人Webサービス】お申込みの審査結果について',
      body: `${p.companyName}
${p.adminName} 様

法人Webサービスにお申込みいただき、誠にありがとうございました。
慎重に審査いたしました結果、誠に恐れ入りますが、今回はお申込みをお受けすることができませんでした。

  受付番号:${p.applicationId}
  理由:${p.reason}

内容をご確認のうえ、あらためてお申込みいただくことができます。
`,
      footer: 'NOTICE',
    };
  },

  passwordReset(p: { name: string; resetUrl: string; expiresAt: string }): EmailContent {
    return {
      subject: '【法人Webサービス】パスワード再設定のご案内',
      body: `${p.name} 様

パスワード再設定のお申し出を受け付けました。
下記のURLから新しいパスワードを設定してください。
このURLは一度だけ有効で、有効期限は ${p.expiresAt} です。

  ${p.resetUrl}
`,
      footer: 'REQUEST',
    };
  },

  passwordChanged(p: { name: string; changedAt: string }): EmailContent {
    return {
      subject: '【法人Webサービス】パスワード変更のお知らせ',
      body: `${p.name} 様

${p.changedAt} に法人Webサービスのパスワードが設定・変更されました。
安全のため、他の端末でのログインはすべて終了しています。
`,
      footer: 'SECURITY',
    };
  },

  loginIdReminder(p: { name: string; loginIds: string[] }): EmailContent {
    return {
      subject: '【法人Webサービス】ログインIDのご案内',
      body: `${p.name} 様

ご登録のメールアドレスに紐づくログインIDをお知らせします。

${p.loginIds.map((id) => `  ログインID:${id}`).join('\n')}

パスワードをお忘れの場合は、ログイン画面の「パスワードをお忘れの方」から再設定してください。
`,
      footer: 'REQUEST',
    };
  },

  enrollmentAccepted(p: { name: string; maskedNumber: string; secureId: string; methodLabel: string; kind: '登録' | '変更'; at: string }): EmailContent {
    return {
      subject: '【法人Webサービス】本人認証サービス登録受付のお知らせ',
      body: `${p.name} 様

本人認証サービス(J/Secure)の${p.kind}を受け付けました。

  カード番号:${p.maskedNumber}
  本人認証ID:${maskSecureId(p.secureId)}(一部を伏せて表示しています)
  認証方法:${p.methodLabel}
  受付日時:${p.at}

本人認証サービス加盟店でのお買い物の際は、ご登録の本人認証IDと
${p.methodLabel}でご本人確認を行います。
`,
      footer: 'SECURITY',
    };
  },

  enrollmentCancelled(p: { name: string; maskedNumber: string; at: string }): EmailContent {
    return {
      subject: '【法人Webサービス】本人認証サービス登録解除のお知らせ',
      body: `${p.name} 様

次のカードの本人認証サービス(J/Secure)の登録を解除しました。

  カード番号:${p.maskedNumber}
  解除日時:${p.at}

本人認証サービス加盟店でのお買い物には、あらためてご登録が必要です。
`,
      footer: 'SECURITY',
    };
  },

  reregistrationRequired(p: { name: string; maskedNumber: string; reason: string }): EmailContent {
    return {
      subject: '【法人Webサービス】本人認証サービス再登録のお願い',
      body: `${p.name} 様

${p.reason}
つきましては、法人Webサービスの「本人認証サービス登録・変更」から、
あらためて本人認証サービスのご登録をお願いいたします。

  カード番号:${p.maskedNumber}
`,
      footer: 'NOTICE',
    };
  },
};

export const Sms = {
  enrollmentCode(code: string): string {
    return `【法人Webサービス】認証コード:${code}\n本人認証サービスの携帯電話番号確認用です。有効期限は5分です。このコードを他人に教えないでください。`;
  },
  challengeCode(code: string, merchantName: string, amount: string): string {
    return `【J/Secure】ワンタイムパスワード:${code}\n${merchantName} でのお支払い ${amount} の本人認証用です。有効期限は5分です。`;
  },
};

/** A date and time as the emails show it, in the business time zone (TZ_BUSINESS). */
export function formatBusinessTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('ja-JP', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}年${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}
