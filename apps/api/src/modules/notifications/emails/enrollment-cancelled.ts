import type { EmailContent } from '../email-content.js';

export function enrollmentCancelled(p: { name: string; maskedNumber: string; at: string }): EmailContent {
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
}
