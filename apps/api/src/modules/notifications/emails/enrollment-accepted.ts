import { maskSecureId, type EnrollmentMethod } from '@corpweb/shared-types';
import { bilingualEmail, type BusinessTime, type EmailContent } from '../email-content.js';

export interface EnrollmentAccepted {
  name: string;
  maskedNumber: string;
  secureId: string;
  /** a first registration, or a change of an existing one */
  change: 'REGISTERED' | 'CHANGED';
  method: EnrollmentMethod;
  /** the OTP phone, masked (OTP only) */
  maskedPhone?: string;
  at: BusinessTime;
}

const CHANGE_LABEL: Record<EnrollmentAccepted['change'], { ja: string; en: string }> = {
  REGISTERED: { ja: '登録', en: 'registration' },
  CHANGED: { ja: '変更', en: 'change' },
};

export function enrollmentAccepted(p: EnrollmentAccepted): EmailContent {
  const otp = p.method === 'OTP';
  const method = {
    ja: otp ? `ワンタイムパスワード(SMS送信先 ${p.maskedPhone ?? ''})` : '固定パスワード',
    en: otp ? `one-time password (sent by SMS to ${p.maskedPhone ?? ''})` : 'fixed password',
  };
  const secureId = maskSecureId(p.secureId);
  return bilingualEmail({
    ja: {
      subject: '【法人Webサービス】本人認証サービス登録受付のお知らせ',
      body: `${p.name} 様

本人認証サービス(J/Secure)の${CHANGE_LABEL[p.change].ja}を受け付けました。

  カード番号:${p.maskedNumber}
  本人認証ID:${secureId}(一部を伏せて表示しています)
  認証方法:${method.ja}
  受付日時:${p.at.ja}

本人認証サービス加盟店でのお買い物の際は、ご登録の本人認証IDと
${method.ja}でご本人確認を行います。
`,
    },
    en: {
      subject: '3-D Secure registration received',
      body: `Dear ${p.name},

We have received your 3-D Secure (J/Secure) ${CHANGE_LABEL[p.change].en}.

  Card number: ${p.maskedNumber}
  Authentication ID: ${secureId} (partly hidden)
  Authentication method: ${method.en}
  Received at: ${p.at.en}

When you shop at a 3-D Secure merchant, you will confirm it is you with this
authentication ID and your ${method.en}.
`,
    },
    footer: 'SECURITY',
  });
}
