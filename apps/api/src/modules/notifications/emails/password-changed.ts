import { bilingualEmail, type BusinessTime, type EmailContent } from '../email-content.js';

export function passwordChanged(p: { name: string; changedAt: BusinessTime }): EmailContent {
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】パスワード変更のお知らせ',
      body: `${p.name} 様

${p.changedAt.ja} に法人Webサービスのパスワードが設定・変更されました。
安全のため、他の端末でのログインはすべて終了しています。
`,
    },
    en: {
      subject: 'Your password has been changed',
      body: `Dear ${p.name},

Your Corporate Web Service password was set or changed at ${p.changedAt.en}.
For your security, you have been logged out on all other devices.
`,
    },
    footer: 'SECURITY',
  });
}
