import { bilingualEmail, type EmailContent } from '../email-content.js';

export function loginIdReminder(p: { name: string; loginIds: string[] }): EmailContent {
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】ログインIDのご案内',
      body: `${p.name} 様

ご登録のメールアドレスに紐づくログインIDをお知らせします。

${p.loginIds.map((id) => `  ログインID:${id}`).join('\n')}

パスワードをお忘れの場合は、ログイン画面の「パスワードをお忘れの方」から再設定してください。
`,
    },
    en: {
      subject: 'Your login ID',
      body: `Dear ${p.name},

Here ${p.loginIds.length === 1 ? 'is the login ID' : 'are the login IDs'} registered with this email address.

${p.loginIds.map((id) => `  Login ID: ${id}`).join('\n')}

If you have forgotten your password, reset it from "Forgot your password?" on the login page.
`,
    },
    footer: 'REQUEST',
  });
}
