import type { EmailContent } from '../email-content.js';

export function loginIdReminder(p: { name: string; loginIds: string[] }): EmailContent {
  return {
    subject: '【法人Webサービス】ログインIDのご案内',
    body: `${p.name} 様

ご登録のメールアドレスに紐づくログインIDをお知らせします。

${p.loginIds.map((id) => `  ログインID:${id}`).join('\n')}

パスワードをお忘れの場合は、ログイン画面の「パスワードをお忘れの方」から再設定してください。
`,
    footer: 'REQUEST',
  };
}
