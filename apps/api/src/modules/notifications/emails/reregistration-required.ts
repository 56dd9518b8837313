import type { EmailContent } from '../email-content.js';

/** Why the company must register the card again: the issuer reissued it, or set a provisional phone on it. */
export type ReregistrationCause = { cause: 'CARD_REISSUED'; oldMaskedNumber: string } | { cause: 'PROVISIONAL_PHONE_SET' };

function reason(p: ReregistrationCause): string {
  return p.cause === 'CARD_REISSUED'
    ? `カードの再発行に伴い、旧カード(${p.oldMaskedNumber})の本人認証サービスのご登録は終了しました。`
    : '当社にて、お客さまのカードの本人認証サービスに仮の携帯電話番号を設定しました。';
}

export function reregistrationRequired(p: { name: string; maskedNumber: string } & ReregistrationCause): EmailContent {
  return {
    subject: '【法人Webサービス】本人認証サービス再登録のお願い',
    body: `${p.name} 様

${reason(p)}
つきましては、法人Webサービスの「本人認証サービス登録・変更」から、
あらためて本人認証サービスのご登録をお願いいたします。

  カード番号:${p.maskedNumber}
`,
    footer: 'NOTICE',
  };
}
