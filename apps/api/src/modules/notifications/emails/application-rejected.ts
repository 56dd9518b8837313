import { bilingualEmail, type EmailContent } from '../email-content.js';

/** The reason is the reviewer's own words (Japanese), shown as written in both halves. */
export function applicationRejected(p: { companyName: string; adminName: string; applicationId: string; reason: string }): EmailContent {
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】お申込みの審査結果について',
      body: `${p.companyName}
${p.adminName} 様

法人Webサービスにお申込みいただき、誠にありがとうございました。
慎重に審査いたしました結果、誠に恐れ入りますが、今回はお申込みをお受けすることができませんでした。

  受付番号:${p.applicationId}
  理由:${p.reason}

内容をご確認のうえ、あらためてお申込みいただくことができます。
`,
    },
    en: {
      subject: 'The result of your application',
      body: `${p.companyName}
Dear ${p.adminName},

Thank you for applying for the Corporate Web Service.
After careful review, we regret that we are unable to accept your application at this time.

  Reference number: ${p.applicationId}
  Reason: ${p.reason}

You are welcome to apply again once you have checked the details.
`,
    },
    footer: 'NOTICE',
  });
}
