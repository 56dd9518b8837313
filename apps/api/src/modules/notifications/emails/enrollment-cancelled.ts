import { bilingualEmail, type BusinessTime, type EmailContent } from '../email-content.js';

export function enrollmentCancelled(p: { name: string; maskedNumber: string; at: BusinessTime }): EmailContent {
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】本人認証サービス登録解除のお知らせ',
      body: `${p.name} 様

次のカードの本人認証サービス(J/Secure)の登録を解除しました。

  カード番号:${p.maskedNumber}
  解除日時:${p.at.ja}

本人認証サービス加盟店でのお買い物には、あらためてご登録が必要です。
`,
    },
    en: {
      subject: '3-D Secure registration cancelled',
      body: `Dear ${p.name},

We have cancelled the 3-D Secure (J/Secure) registration of the following card.

  Card number: ${p.maskedNumber}
  Cancelled at: ${p.at.en}

To shop at 3-D Secure merchants with this card, you will need to register it again.
`,
    },
    footer: 'SECURITY',
  });
}
