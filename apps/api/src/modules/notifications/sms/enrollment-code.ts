import type { MessageLocale } from '../email-content.js';

/** The code that proves the phone registered for 3-D Secure is the member's; in the language of the portal screen. */
export function enrollmentCode(code: string, locale: MessageLocale): string {
  return locale === 'en'
    ? `[Corporate Web Service] Verification code: ${code}\nTo confirm your mobile number for 3-D Secure. Valid for 5 minutes. Do not share this code with anyone.`
    : `【法人Webサービス】認証コード:${code}\n本人認証サービスの電話番号確認用です。有効期限は5分です。他人に教えないでください。`;
}
