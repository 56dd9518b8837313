import { maskSecureId, type EnrollmentMethod } from '@corpweb/shared-types';
import type { EmailContent } from '../email-content.js';

export interface EnrollmentAccepted {
  name: string;
  maskedNumber: string;
  secureId: string;
  /** a first registration, or a change of an existing one */
  change: 'REGISTERED' | 'CHANGED';
  method: EnrollmentMethod;
  /** the OTP phone, masked (OTP only) */
  maskedPhone?: string;
  at: string;
}

const CHANGE_LABEL: Record<EnrollmentAccepted['change'], string> = { REGISTERED: '登録', CHANGED: '変更' };

export function enrollmentAccepted(p: EnrollmentAccepted): EmailContent {
  const methodLabel = p.method === 'OTP' ? `ワンタイムパスワード(SMS送信先 ${p.maskedPhone ?? ''})` : '固定パスワード';
  return {
    subject: '【法人Webサービス】本人認証サービス登録受付のお知らせ',
    body: `${p.name} 様

本人認証サービス(J/Secure)の${CHANGE_LABEL[p.change]}を受け付けました。

  カード番号:${p.maskedNumber}
  本人認証ID:${maskSecureId(p.secureId)}(一部を伏せて表示しています)
  認証方法:${methodLabel}
  受付日時:${p.at}

本人認証サービス加盟店でのお買い物の際は、ご登録の本人認証IDと
${methodLabel}でご本人確認を行います。
`,
    footer: 'SECURITY',
  };
}
