/**
 * What each audit action and detail key means, in Japanese and English: the back-office audit log shows these
 * labels (never a raw `PROVISIONAL_PHONE_SET`), and its CSV export writes the same words. An action missing
 * here is shown as its code, so a new action is never hidden — and the SPA's message test lists every one.
 */
export interface Label {
  ja: string;
  en: string;
}

export const AuditActionLabels = {
  PASSWORD_RESET_RATE_LIMITED: { ja: 'パスワード再設定の申請(送信上限超過)', en: 'Password reset requested (email limit reached)' },
  TOTP_ENROLLED: { ja: '二要素認証(TOTP)の登録', en: 'Authenticator app (TOTP) enrolled' },
  PASSKEY_REGISTERED: { ja: 'パスキーの登録', en: 'Passkey registered' },
  PASSKEY_REGISTRATION_FAILED: { ja: 'パスキー登録の失敗', en: 'Passkey registration failed' },
  PASSKEY_LOGIN_FAILED: { ja: 'パスキーでのログイン失敗', en: 'Passkey login failed' },
  PASSKEY_REMOVED: { ja: 'パスキーの削除', en: 'Passkey removed' },
  ACS_AREQ_DECIDED: { ja: '本人認証の判定(AReq)', en: 'Checkout authentication decided (AReq)' },
  ACS_AREQ_REFUSED: { ja: '本人認証要求の不備(Erro)', en: 'Malformed checkout request (Erro)' },
  ACS_CHALLENGE_STARTED: { ja: '本人認証画面の表示', en: 'Checkout challenge shown' },
  ACS_CHALLENGE_WRONG_ANSWER: { ja: '本人認証の誤入力', en: 'Wrong answer at checkout' },
  ACS_PASSWORD_LOCKED: { ja: '固定パスワードのロック(ネットショッピング)', en: 'Fixed password locked at checkout' },
  ACS_CHALLENGE_COMPLETED: { ja: '本人認証の完了', en: 'Checkout challenge ended' },
  ACS_RRES_RECEIVED: { ja: '認証結果の通知完了(RRes)', en: 'Result delivered to the DS (RRes)' },
  ACS_TRANSACTION_VIEWED: { ja: 'ACS取引の閲覧', en: 'ACS transaction viewed' },
  ACS_PASSWORD_UNLOCKED: { ja: '固定パスワードのロック解除(ネットショッピング)', en: 'Checkout password unlocked' },
  ACS_AUTHENTICATION_VALUE_VERIFIED: { ja: '認証値の照合', en: 'Authentication value checked' },
  APPLICATION_SUBMITTED: { ja: '法人Webサービスの申込み', en: 'Application submitted' },
  APPLICATION_APPROVED: { ja: '申込みの承認', en: 'Application approved' },
  APPLICATION_REJECTED: { ja: '申込みの否認', en: 'Application rejected' },
  APPLICATION_NOTE_ADDED: { ja: '申込みへのメモ追加', en: 'Note added to an application' },
  LOGIN_SUCCEEDED: { ja: 'ログイン', en: 'Logged in' },
  LOGIN_FAILED: { ja: 'ログイン失敗', en: 'Login failed' },
  CURRENT_PASSWORD_FAILED: { ja: '現在のパスワードの誤り(パスワード変更時)', en: 'Wrong current password (password change)' },
  SECOND_FACTOR_FAILED: { ja: '二要素認証の失敗(職員ログイン)', en: 'Second factor failed (staff login)' },
  LOGIN_REJECTED_LOCKED: { ja: 'ログイン拒否(ロック中)', en: 'Login refused (account locked)' },
  ACCOUNT_LOCKED: { ja: 'アカウントのロック', en: 'Account locked' },
  LOGOUT: { ja: 'ログアウト', en: 'Logged out' },
  PASSWORD_SET: { ja: 'パスワードの初回設定', en: 'Password set up' },
  PASSWORD_RESET: { ja: 'パスワードの再設定', en: 'Password reset' },
  PASSWORD_CHANGED: { ja: 'パスワードの変更', en: 'Password changed' },
  PASSWORD_RESET_REQUESTED: { ja: 'パスワード再設定の申請', en: 'Password reset requested' },
  PASSWORD_RESET_REQUEST_UNMATCHED: { ja: 'パスワード再設定の申請(該当なし)', en: 'Password reset requested (no match)' },
  LOGIN_ID_REMINDER_REQUESTED: { ja: 'ログインIDの問い合わせ', en: 'Login ID reminder requested' },
  CARD_INQUIRY_SUCCEEDED: { ja: '登録状況照会', en: 'Card inquiry' },
  CARD_INQUIRY_REFUSED: { ja: '登録状況照会の拒否', en: 'Card inquiry refused' },
  CARD_INQUIRY_REFUSED_LOCKED: { ja: '登録状況照会の拒否(照会停止中)', en: 'Card inquiry refused (PIN locked)' },
  PIN_FAILED: { ja: '暗証番号の誤り', en: 'Wrong card PIN' },
  PIN_LOCKED: { ja: '暗証番号ロック', en: 'Card PIN locked' },
  PIN_UNLOCKED: { ja: '暗証番号ロックの解除', en: 'Card PIN unlocked' },
  OTP_SENT: { ja: '認証コードの送信', en: 'Verification code sent' },
  OTP_FAILED: { ja: '認証コードの誤り', en: 'Wrong verification code' },
  ENROLLMENT_REGISTERED: { ja: '本人認証サービスの登録', en: '3-D Secure registered' },
  ENROLLMENT_CHANGED: { ja: '本人認証サービスの変更', en: '3-D Secure changed' },
  ENROLLMENT_DEREGISTERED: { ja: '本人認証サービスの登録解除', en: '3-D Secure deregistered' },
  FRAUD_DATA_SHARING_CHANGED: { ja: '不正検知の情報共有設定の変更', en: 'Fraud-data sharing changed' },
  CARD_IMPORT_STARTED: { ja: 'カード取込の開始', en: 'Card import started' },
  CARD_IMPORT_COMPLETED: { ja: 'カード取込の完了', en: 'Card import completed' },
  CARD_IMPORT_FAILED: { ja: 'カード取込の失敗', en: 'Card import failed' },
  CARD_REISSUED: { ja: 'カードの再発行', en: 'Card reissued' },
  PROVISIONAL_PHONE_SET: { ja: '仮の携帯電話番号の設定', en: 'Provisional phone number set' },
  STAFF_CREATED: { ja: '事務局スタッフの作成', en: 'Staff account created' },
  AUDIT_EXPORTED: { ja: '監査ログのCSV出力', en: 'Audit log exported (CSV)' },
  AUDIT_ARCHIVED: { ja: '保存期間を過ぎた監査ログの退避', en: 'Audit events past retention archived' },
} as const satisfies Record<string, Label>;

export type AuditAction = keyof typeof AuditActionLabels;

export const AuditActorTypeLabels = {
  MEMBER: { ja: '法人管理者', en: 'Corporate administrator' },
  STAFF: { ja: '事務局スタッフ', en: 'Staff' },
  SYSTEM: { ja: 'システム', en: 'System' },
  ANONYMOUS: { ja: '未ログインの利用者', en: 'Anonymous' },
  CARDHOLDER: { ja: 'カード会員', en: 'Cardholder' },
} as const satisfies Record<string, Label>;

/** Detail keys, so a record reads 「失敗回数:2」 instead of `failures=2`. Unknown keys are shown as they are. */
export const AuditDetailLabels = {
  failures: { ja: '連続失敗回数', en: 'Consecutive failures' },
  failCount: { ja: '失敗回数', en: 'Failures' },
  wasLocked: { ja: 'ロック中だった', en: 'Was locked' },
  loginId: { ja: '入力されたログインID', en: 'Login ID entered' },
  memberLoginId: { ja: '付与したログインID', en: 'Login ID assigned' },
  companyId: { ja: '法人ID', en: 'Company ID' },
  corporateNumber: { ja: '法人番号', en: 'Corporate number' },
  termsVersion: { ja: '規約の版', en: 'Terms version' },
  method: { ja: '認証方法', en: 'Method' },
  purpose: { ja: '用途', en: 'Purpose' },
  phone: { ja: '携帯電話番号', en: 'Mobile number' },
  maskedPhone: { ja: '携帯電話番号', en: 'Mobile number' },
  previousStatus: { ja: '変更前の登録状況', en: 'Previous status' },
  newCardId: { ja: '新しいカードのID', en: 'New card ID' },
  enrollmentEnded: { ja: '登録の終了', en: 'Enrollment ended' },
  enabled: { ja: '情報共有', en: 'Sharing' },
  last4: { ja: 'カード番号末尾4桁', en: 'Card number, last 4' },
  bytes: { ja: 'ファイルサイズ(バイト)', en: 'File size (bytes)' },
  total: { ja: '総行数', en: 'Lines' },
  imported: { ja: '取込件数', en: 'Imported' },
  failed: { ja: 'エラー件数', en: 'Failed' },
  reason: { ja: '理由', en: 'Reason' },
  role: { ja: '権限', en: 'Role' },
  rows: { ja: '出力件数', en: 'Rows exported' },
  filter: { ja: '絞り込み条件', en: 'Filter' },
} as const satisfies Record<string, Label>;

/** Detail values that are codes themselves. */
export const AuditValueLabels = {
  PASSWORD: { ja: '固定パスワード', en: 'Fixed password' },
  OTP: { ja: 'ワンタイムパスワード(SMS)', en: 'One-time password (SMS)' },
  ENROLLMENT: { ja: '本人認証サービスの登録', en: '3-D Secure registration' },
  UNREGISTERED: { ja: '未登録', en: 'Not registered' },
  REGISTERED: { ja: '登録済', en: 'Registered' },
  REREGISTRATION_REQUIRED: { ja: '要再登録', en: 'Re-registration required' },
  ORPHANED: { ja: '処理が中断されました', en: 'Processing was interrupted' },
  SUPERVISOR: { ja: 'スーパーバイザー', en: 'Supervisor' },
  OPERATOR: { ja: 'オペレーター', en: 'Operator' },
} as const satisfies Record<string, Label>;

export type AuditLocale = keyof Label;

function lookup(table: Record<string, Label>, key: string, locale: AuditLocale): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key]![locale] : undefined;
}

export const auditActionLabel = (action: string, locale: AuditLocale): string => lookup(AuditActionLabels, action, locale) ?? action;
export const auditActorTypeLabel = (type: string, locale: AuditLocale): string => lookup(AuditActorTypeLabels, type, locale) ?? type;

/** `{ failures: 2, method: 'OTP' }` → `連続失敗回数:2 / 認証方法:ワンタイムパスワード(SMS)` */
export function auditDetailText(detail: Record<string, string | number | boolean | null> | undefined, locale: AuditLocale): string {
  if (!detail) return '';
  const yes = locale === 'ja' ? 'はい' : 'yes';
  const no = locale === 'ja' ? 'いいえ' : 'no';
  return Object.entries(detail)
    .map(([key, value]) => {
      const shown = value === true ? yes : value === false ? no : value === null ? '—' : (lookup(AuditValueLabels, String(value), locale) ?? String(value));
      return `${lookup(AuditDetailLabels, key, locale) ?? key}${locale === 'ja' ? ':' : ': '}${shown}`;
    })
    .join(' / ');
}

export const AuditTargetTypeLabels = {
  CARD: { ja: 'カード', en: 'Card' },
  APPLICATION: { ja: '申込み', en: 'Application' },
  CARD_IMPORT: { ja: 'カード取込', en: 'Card import' },
  STAFF: { ja: '事務局スタッフ', en: 'Staff' },
} as const satisfies Record<string, Label>;

/** The target as people read it: the API's label (masked card, company, staff login ID), else 「カード取込 #3」. */
export function auditTargetText(event: { targetType?: string; targetId?: string; targetLabel?: string }, locale: AuditLocale): string {
  if (event.targetLabel) return event.targetLabel;
  if (!event.targetType) return '';
  const type = lookup(AuditTargetTypeLabels, event.targetType, locale) ?? event.targetType;
  return event.targetId ? `${type} #${event.targetId}` : type;
}
