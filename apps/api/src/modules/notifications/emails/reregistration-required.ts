import { bilingualEmail, type EmailContent } from '../email-content.js';

/** Why the company must register the card again: the issuer reissued it, or set a provisional phone on it. */
export type ReregistrationCause = { cause: 'CARD_REISSUED'; oldMaskedNumber: string } | { cause: 'PROVISIONAL_PHONE_SET' };

function reason(p: ReregistrationCause): { ja: string; en: string } {
  return p.cause === 'CARD_REISSUED'
    ? {
      ja: `カードの再発行に伴い、旧カード(${p.oldMaskedNumber})の本人認証サービスのご登録は終了しました。`,
      en: `As your card has been reissued, the 3-D Secure registration of the old card (${p.oldMaskedNumber}) has ended.`,
    }
    : {
      ja: '当社にて、お客さまのカードの本人認証サービスに仮の携帯電話番号を設定しました。',
      en: 'We have set a provisional mobile phone number on the 3-D Secure registration of your card.',
    };
}

export function reregistrationRequired(p: { name: string; maskedNumber: string } & ReregistrationCause): EmailContent {
  const why = reason(p);
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】本人認証サービス再登録のお願い',
      body: `${p.name} 様

${why.ja}
つきましては、法人Webサービスの「本人認証サービス登録・変更」から、
あらためて本人認証サービスのご登録をお願いいたします。

  カード番号:${p.maskedNumber}
`,
    },
    en: {
      subject: 'Please register 3-D Secure again',
      body: `Dear ${p.name},

${why.en}
Please register 3-D Secure for the card again under "Register / change 3-D Secure"
in the Corporate Web Service.

  Card number: ${p.maskedNumber}
`,
    },
    footer: 'NOTICE',
  });
}
