import type { EmailContent } from '../email-content.js';

export function applicationApproved(p: { companyName: string; adminName: string; loginId: string; setupUrl: string; expiresAt: string }): EmailContent {
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
}
