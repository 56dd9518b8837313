import type { EmailContent } from '../email-content.js';

export function applicationRejected(p: { companyName: string; adminName: string; applicationId: string; reason: string }): EmailContent {
  return {
    subject: '【法人Webサービス】お申込みの審査結果について',
    body: `${p.companyName}
${p.adminName} 様

法人Webサービスにお申込みいただき、誠にありがとうございました。
慎重に審査いたしました結果、誠に恐れ入りますが、今回はお申込みをお受けすることができませんでした。

  受付番号:${p.applicationId}
  理由:${p.reason}

内容をご確認のうえ、あらためてお申込みいただくことができます。
`,
    footer: 'NOTICE',
  };
}
