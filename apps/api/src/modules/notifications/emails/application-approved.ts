import { bilingualEmail, type BusinessTime, type EmailContent } from '../email-content.js';

export function applicationApproved(p: { companyName: string; adminName: string; loginId: string; setupUrl: string; expiresAt: BusinessTime }): EmailContent {
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】登録完了のお知らせ(ログインIDのご案内)',
      body: `${p.companyName}
${p.adminName} 様

法人Webサービスのご登録が完了しました。
ログインIDは次のとおりです。

  ログインID:${p.loginId}

下記のURLからパスワードを設定のうえ、ログインしてください。
このURLは一度だけ有効で、有効期限は ${p.expiresAt.ja} です。

  ${p.setupUrl}

ログイン後、「本人認証サービス登録・変更」から法人カードごとに本人認証サービス(J/Secure)の
ご登録をお願いいたします。
`,
    },
    en: {
      subject: 'Registration complete (your login ID)',
      body: `${p.companyName}
Dear ${p.adminName},

Your registration for the Corporate Web Service is complete.
Your login ID is:

  Login ID: ${p.loginId}

Please set your password at the URL below, then log in.
The URL can be used only once and expires at ${p.expiresAt.en}.

  ${p.setupUrl}

After logging in, please register 3-D Secure (J/Secure) for each corporate card
under "Register / change 3-D Secure".
`,
    },
    footer: 'NOTICE',
  });
}
