import { bilingualEmail, type BusinessTime, type EmailContent } from '../email-content.js';

export function passwordReset(p: { name: string; resetUrl: string; expiresAt: BusinessTime }): EmailContent {
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】パスワード再設定のご案内',
      body: `${p.name} 様

パスワード再設定のお申し出を受け付けました。
下記のURLから新しいパスワードを設定してください。
このURLは一度だけ有効で、有効期限は ${p.expiresAt.ja} です。

  ${p.resetUrl}
`,
    },
    en: {
      subject: 'Password reset',
      body: `Dear ${p.name},

We have received a request to reset your password.
Please set a new password at the URL below.
The URL can be used only once and expires at ${p.expiresAt.en}.

  ${p.resetUrl}
`,
    },
    footer: 'REQUEST',
  });
}
