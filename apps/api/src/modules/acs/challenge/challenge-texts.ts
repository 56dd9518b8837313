/** Every word of the challenge pages, in the cardholder's language (browserLanguage: ja* → Japanese, else English). */
export type ChallengeLanguage = 'ja' | 'en';

export function languageOf(browserLanguage: string | undefined): ChallengeLanguage {
  return /^ja\b/i.test(browserLanguage ?? '') || /^ja$/i.test(browserLanguage ?? '') ? 'ja' : 'en';
}

const ja = {
  title: '本人認証サービス(J/Secure)',
  lead: 'ご本人確認のため、本人認証IDと認証情報を入力してください。',
  merchant: 'ご利用店舗',
  amount: 'ご利用金額',
  card: 'カード番号',
  phone: 'SMS送信先',
  secureId: '本人認証ID',
  otp: 'ワンタイムパスワード(6桁)',
  otpHint: 'SMSで送信した6桁の番号を入力してください。有効期限は5分です。',
  password: '固定パスワード',
  submit: '認証する',
  resend: 'ワンタイムパスワード再送信',
  cancel: 'キャンセル',
  remaining: (n: number) => `あと${n}回まちがえると、この認証は失敗となります。`,
  wrong: '本人認証IDまたは認証情報が正しくありません。',
  incomplete: (method: 'OTP' | 'PASSWORD' | null) => `本人認証IDと${method === 'OTP' ? 'ワンタイムパスワード' : '固定パスワード'}を入力してください。`,
  otpExpired: 'ワンタイムパスワードの有効期限が切れています。再送信してください。',
  resent: 'ワンタイムパスワードを再送信しました。',
  resendsLeft: (n: number) => `再送信はあと${n}回までできます。`,
  done: { Y: '本人認証が完了しました。', N: '本人認証ができませんでした。', U: '本人認証を完了できませんでした。' },
  doneLead: 'ショップの画面に戻ります。自動で戻らない場合は、下のボタンを押してください。',
  back: 'ショップに戻る',
  errorTitle: '本人認証を続けられません',
  errorLead: 'この画面は無効です。お手数ですが、ショップの画面からもう一度お手続きください。',
  errorCode: 'エラーコード',
  stale: 'この画面は無効になりました。最新の画面から操作してください。',
  simulatorNote: '',
} as const;

type Texts = { [K in keyof typeof ja]: (typeof ja)[K] extends (...args: infer A) => string ? (...args: A) => string
  : (typeof ja)[K] extends Record<string, string> ? Record<keyof (typeof ja)[K], string> : string };

const en: Texts = {
  title: 'J/Secure authentication',
  lead: 'To confirm it is you, enter your secure ID and your credential.',
  merchant: 'Merchant',
  amount: 'Amount',
  card: 'Card number',
  phone: 'SMS sent to',
  secureId: 'Secure ID',
  otp: 'One-time password (6 digits)',
  otpHint: 'Enter the 6-digit code we sent by SMS. It is valid for 5 minutes.',
  password: 'Fixed password',
  submit: 'Authenticate',
  resend: 'Resend one-time password',
  cancel: 'Cancel',
  remaining: (n: number) => `${n} more wrong ${n === 1 ? 'answer ends' : 'answers end'} this authentication.`,
  wrong: 'The secure ID or the credential is not correct.',
  incomplete: (method: 'OTP' | 'PASSWORD' | null) => `Please enter your secure ID and your ${method === 'OTP' ? 'one-time password' : 'fixed password'}.`,
  otpExpired: 'The one-time password has expired. Please request a new one.',
  resent: 'We have sent a new one-time password.',
  resendsLeft: (n: number) => `You can request ${n} more ${n === 1 ? 'code' : 'codes'}.`,
  done: { Y: 'Authentication complete.', N: 'Authentication failed.', U: 'Authentication could not be completed.' },
  doneLead: 'Returning to the shop. If nothing happens, press the button below.',
  back: 'Return to the shop',
  errorTitle: 'Authentication cannot continue',
  errorLead: 'This page is not valid. Please start again from the shop.',
  errorCode: 'Error code',
  stale: 'This page is no longer valid. Please use the latest page.',
  simulatorNote: '',
};

export const CHALLENGE_TEXTS: Record<ChallengeLanguage, Texts> = { ja: ja as unknown as Texts, en };

export function formatAmount(amount: string | null, currency: string | null, exponent: number | null, language: ChallengeLanguage): string {
  if (amount === null) return '—';
  const value = Number(amount) / 10 ** (exponent ?? 0);
  const code = CURRENCY_ALPHA[currency ?? ''] ?? 'JPY';
  return new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', { style: 'currency', currency: code }).format(value);
}

const CURRENCY_ALPHA: Record<string, string> = {
  '392': 'JPY', '840': 'USD', '978': 'EUR', '826': 'GBP', '156': 'CNY', '410': 'KRW', '344': 'HKD', '702': 'SGD',
  '036': 'AUD', '124': 'CAD', '756': 'CHF', '901': 'TWD', '764': 'THB', '458': 'MYR', '360': 'IDR', '608': 'PHP',
  '704': 'VND', '554': 'NZD',
};
