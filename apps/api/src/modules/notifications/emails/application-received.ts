import { bilingualEmail, type BusinessTime, type EmailContent } from '../email-content.js';

/**
 * Sent to an address nobody has verified yet: nothing the applicant typed may appear (no company or person
 * name), only the server's reference number (the same 受付番号 the completion screen shows) and fixed wording.
 */
export function applicationReceived(p: { applicationId: string; receivedAt: BusinessTime }): EmailContent {
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】お申込みを受け付けました',
      body: `法人Webサービスお申込みのご担当者様

このたびは法人Webサービスにお申込みいただき、誠にありがとうございます。
お申込みを受け付けました。

  受付番号:${p.applicationId}
  受付日時:${p.receivedAt.ja}

お申込みの内容は、この受付番号とともに当社にて確認いたします。
お申込みに心当たりのない場合は、このメールを破棄してください。

当社にて審査を行い、結果をメールでご連絡いたします。
審査が完了しましたら、ログインIDとパスワード設定のご案内を「登録完了メール」にてお送りします。`,
    },
    en: {
      subject: 'We have received your application',
      body: `To the person in charge of the Corporate Web Service application,

Thank you for applying for the Corporate Web Service.
We have received your application.

  Reference number: ${p.applicationId}
  Received at: ${p.receivedAt.en}

We will review your application under this reference number.
If you did not apply, please delete this email.

We will let you know the result by email.
Once the review is complete, we will send your login ID and how to set your password in a "Registration complete" email.`,
    },
    footer: 'NOTICE',
  });
}
