import type { EmailContent } from '../email-content.js';

export function passwordReset(p: { name: string; resetUrl: string; expiresAt: string }): EmailContent {
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
}
