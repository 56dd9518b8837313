import type { EmailContent } from '../email-content.js';

export function passwordChanged(p: { name: string; changedAt: string }): EmailContent {
  return {
    subject: '【法人Webサービス】パスワード変更のお知らせ',
    body: `${p.name} 様

${p.changedAt} に法人Webサービスのパスワードが設定・変更されました。
安全のため、他の端末でのログインはすべて終了しています。
`,
    footer: 'SECURITY',
  };
}
