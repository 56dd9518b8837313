import { ENGLISH_FOLLOWS, Emails, Sms, businessTime, emailFooter, formatBusinessTime, formatBusinessTimeEn, type EmailContent } from './messages.js';
import { segmentUse } from './sms/one-segment.js';

const desk = { name: '法人カードデスク', phone: '0120-123-456', hours: '9:00〜17:00(土・日・祝日休)' };
const rendered = (content: EmailContent) => (content.footer ? `${content.body}${emailFooter(content.footer, desk)}` : content.body);
const at = businessTime(new Date('2026-12-01T03:00:00Z'), 'Asia/Tokyo');

const emails: Record<string, EmailContent> = {
  applicationReceived: Emails.applicationReceived({ applicationId: 'A-20261201-0001', receivedAt: at }),
  applicationApproved: Emails.applicationApproved({ companyName: '株式会社A', adminName: '山田 太郎', loginId: 'CW12345678', setupUrl: 'https://x/#token=t', expiresAt: at }),
  applicationRejected: Emails.applicationRejected({ companyName: '株式会社A', adminName: '山田 太郎', applicationId: 'A-1', reason: '法人番号と商号が一致しません' }),
  passwordReset: Emails.passwordReset({ name: '山田 太郎', resetUrl: 'https://x/#token=t', expiresAt: at }),
  passwordChanged: Emails.passwordChanged({ name: '山田 太郎', changedAt: at }),
  loginIdReminder: Emails.loginIdReminder({ name: '山田 太郎', loginIds: ['CW12345678'] }),
  enrollmentAccepted: Emails.enrollmentAccepted({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', secureId: 'yamada.keiri', method: 'PASSWORD', change: 'REGISTERED', at }),
  enrollmentCancelled: Emails.enrollmentCancelled({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', at }),
  reregistrationRequired: Emails.reregistrationRequired({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', cause: 'CARD_REISSUED', oldMaskedNumber: '3540 **** **** 9999' }),
};

/** The Japanese and the English half of a body, split at the rule bilingualEmail puts between them. */
function halves(content: EmailContent): { ja: string; en: string } {
  const [ja = '', en = '', ...rest] = content.body.split(/\n─{10,}\n/);
  expect(rest).toEqual([]);
  return { ja, en };
}
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('email footers', () => {
  it.each(Object.entries(emails))('%s ends with one footer naming the contact desk, in both languages', (_name, content) => {
    const text = rendered(content);
    expect(content.footer).toBeDefined();
    expect(text).toContain(`【お問い合わせ】${desk.name}`);
    expect(text).toContain(`電話番号:${desk.phone}`);
    expect(text).toContain(`受付時間:${desk.hours}`);
    expect(text).toContain(`Phone: ${desk.phone}`);
    expect(text).toContain(`Hours: ${desk.hours}`);
    expect(text.match(/送信専用/g)).toHaveLength(1);
    expect(text.match(/no-reply address/g)).toHaveLength(1);
  });

  it.each(Object.entries(emails))('%s never says both "call us at once" and "discard this email", in either language', (_name, content) => {
    const text = rendered(content);
    expect(text.includes('至急') && text.includes('破棄')).toBe(false);
    expect(text.includes('immediately') && text.includes('delete this email')).toBe(false);
  });

  it('a change (password, 本人認証サービス) says to call; a request (reset, reminder) says to discard', () => {
    for (const name of ['passwordChanged', 'enrollmentAccepted', 'enrollmentCancelled']) expect([name, emails[name]!.footer]).toEqual([name, 'SECURITY']);
    for (const name of ['passwordReset', 'loginIdReminder']) expect([name, emails[name]!.footer]).toEqual([name, 'REQUEST']);
  });

  it('the registration email shows the secure ID masked', () => {
    const text = rendered(emails.enrollmentAccepted!);
    expect(text).toContain('本人認証ID:ya*********i');
    expect(text).toContain('Authentication ID: ya*********i');
    expect(text).not.toContain('yamada.keiri');
  });
});

describe('every email in Japanese, then English', () => {
  it.each(Object.entries(emails))('%s: the note first, the Japanese half, then an English half with no Japanese of its own', (_name, content) => {
    expect(content.body.split('\n')[0]).toBe(ENGLISH_FOLLOWS);
    const { ja, en } = halves(content);
    expect(ja).toMatch(JAPANESE);
    expect(en).toMatch(/\bDear\b|\bThank you\b|To the person in charge/);
    // what is left once the data we show as given (names, the reviewer's reason) is taken out is English only
    const englishOwn = en.replace(/山田 太郎|株式会社A|法人番号と商号が一致しません/g, '');
    expect([_name, englishOwn.match(JAPANESE)?.[0]]).toEqual([_name, undefined]);
    expect(en).not.toMatch(/Mr\.|Ms\.|様/);
  });

  it.each(Object.entries(emails))('%s: the subject keeps the Japanese subject and adds the English one', (_name, content) => {
    const [japanese, english, ...rest] = content.subject.split(' / ');
    expect(rest).toEqual([]);
    expect(japanese).toMatch(/^【法人Webサービス】\S+$/);
    expect(english).toMatch(/^[A-Z0-9][A-Za-z0-9 ()/-]+$/);
  });

  it('keeps the Japanese subjects as they were', () => {
    expect(emails.passwordReset!.subject).toBe('【法人Webサービス】パスワード再設定のご案内 / Password reset');
    expect(emails.applicationReceived!.subject.startsWith('【法人Webサービス】お申込みを受け付けました / ')).toBe(true);
    expect(emails.reregistrationRequired!.subject.startsWith('【法人Webサービス】本人認証サービス再登録のお願い / ')).toBe(true);
  });

  it('shows masked numbers, links and dates in both halves, the dates in each language\'s form', () => {
    for (const half of Object.values(halves(emails.reregistrationRequired!))) {
      expect(half).toContain('3540 **** **** 1234');
      expect(half).toContain('3540 **** **** 9999');
    }
    for (const half of Object.values(halves(emails.passwordReset!))) expect(half).toContain('https://x/#token=t');
    const { ja, en } = halves(emails.enrollmentCancelled!);
    expect(ja).toContain('解除日時:2026年12月01日 12:00');
    expect(en).toContain('Cancelled at: 2026-12-01 12:00 (JST)');
  });

  it('no email carries a card number (no run of 13 or more digits, with or without spaces)', () => {
    for (const [name, content] of Object.entries(emails)) {
      expect([name, `${content.subject}\n${rendered(content)}`.match(/\d(?:[ -]?\d){12,}/)?.[0]]).toEqual([name, undefined]);
    }
  });
});

describe('business time in both languages', () => {
  it('uses the configured zone and names it in English', () => {
    const moment = new Date('2026-12-02T01:30:00Z');
    expect(formatBusinessTime(moment, 'Asia/Tokyo')).toBe('2026年12月02日 10:30');
    expect(formatBusinessTimeEn(moment, 'Asia/Tokyo')).toBe('2026-12-02 10:30 (JST)');
    expect(formatBusinessTimeEn(moment, 'UTC')).toBe('2026-12-02 01:30 (UTC)');
    expect(formatBusinessTimeEn(moment, 'America/New_York')).toBe('2026-12-01 20:30 (EST)');
    expect(formatBusinessTimeEn(moment, 'Asia/Singapore')).toBe('2026-12-02 09:30 (GMT+8)');
  });
});

describe('SMS: one language, one segment', () => {
  const code = '123456';
  // the longest merchant name an AReq may carry (merchantName, 40 characters), in kanji and in Latin letters
  const merchants = ['テスト商店', 'Example Shop', '株式会社あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもや', 'ABCDEFGHIJ KLMNOPQRST UVWXYZ ABCDEFGHIJK'];
  const amounts = { ja: ['￥12,800', '￥9,999,999', '$99,999.99'], en: ['¥12,800', '¥9,999,999', '$99,999.99', '€1,234.56'] };
  const messages = (locale: 'ja' | 'en') => [
    Sms.enrollmentCode(code, locale),
    ...merchants.flatMap((merchant) => amounts[locale].map((amount) => Sms.challengeCode(code, merchant, amount, locale))),
  ];

  it('the long names are 40 characters, the most an AReq\'s merchantName may have', () => {
    for (const merchant of merchants.slice(2)) expect([...merchant]).toHaveLength(40);
  });

  it.each(['ja', 'en'] as const)('every %s message fits one segment and carries the code and no card number', (locale) => {
    for (const text of messages(locale)) {
      const { units, limit } = segmentUse(text);
      expect([text, units <= limit]).toEqual([text, true]);
      expect(text).toContain(code);
      expect(text).not.toMatch(/\d{13,}/);
    }
  });

  it('a Japanese message counts as UCS-2 (70), an English one with a Latin merchant name as GSM (160)', () => {
    expect(segmentUse(Sms.enrollmentCode(code, 'ja')).limit).toBe(70);
    expect(segmentUse(Sms.enrollmentCode(code, 'en')).limit).toBe(160);
    expect(segmentUse(Sms.challengeCode(code, 'Example Shop', '¥12,800', 'en')).limit).toBe(160);
    expect(segmentUse('[x]')).toEqual({ units: 5, limit: 160 });
  });

  it('is written in the language asked for', () => {
    expect(Sms.enrollmentCode(code, 'ja')).toMatch(/^【法人Webサービス】認証コード:123456\n/);
    expect(Sms.enrollmentCode(code, 'en')).toMatch(/^\[Corporate Web Service\] Verification code: 123456\n/);
    expect(Sms.enrollmentCode(code, 'en')).not.toMatch(JAPANESE);
    expect(Sms.challengeCode(code, 'Example Shop', '¥12,800', 'en')).toBe(
      '[J/Secure] One-time password: 123456\nFor your payment of ¥12,800 at Example Shop. Valid for 5 minutes. Do not share this code.',
    );
    expect(Sms.challengeCode(code, 'テスト商店', '￥12,800', 'ja')).toBe('【J/Secure】ワンタイムパスワード:123456\nテスト商店 ￥12,800のお支払い用です。他人に教えないでください。');
  });

  it('shortens only the merchant name, and says so', () => {
    const long = merchants[2]!;
    const ja = Sms.challengeCode(code, long, '￥12,800', 'ja');
    expect(ja).toContain(`${long.slice(0, 10)}`);
    expect(ja).toContain('…');
    expect(ja).toContain('￥12,800');
    expect(Sms.challengeCode(code, long, '¥12,800', 'en')).toMatch(/ at 株式会社\S+\.\.\.\n/);
    expect(Sms.challengeCode(code, merchants[3]!, '¥12,800', 'en')).toContain(merchants[3]);
  });
});

describe('message wording from typed facts', () => {
  it('the enrollment email names a change as 変更 and an OTP method with its masked phone', () => {
    const changed = Emails.enrollmentAccepted({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', secureId: 'yamada.keiri', method: 'OTP', maskedPhone: '090-****-5678', change: 'CHANGED', at });
    expect(changed.body).toContain('本人認証サービス(J/Secure)の変更を受け付けました。');
    expect(changed.body).toContain('認証方法:ワンタイムパスワード(SMS送信先 090-****-5678)');
    expect(changed.body).toContain('We have received your 3-D Secure (J/Secure) change.');
    expect(changed.body).toContain('Authentication method: one-time password (sent by SMS to 090-****-5678)');
    expect(emails.enrollmentAccepted!.body).toContain('の登録を受け付けました。');
    expect(emails.enrollmentAccepted!.body).toContain('(J/Secure) registration.');
  });

  it('the re-registration email gives the cause the issuer recorded', () => {
    expect(emails.reregistrationRequired!.body).toContain('旧カード(3540 **** **** 9999)の本人認証サービスのご登録は終了しました。');
    expect(emails.reregistrationRequired!.body).toContain('the old card (3540 **** **** 9999) has ended.');
    const provisional = Emails.reregistrationRequired({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', cause: 'PROVISIONAL_PHONE_SET' });
    expect(provisional.body).toContain('仮の携帯電話番号を設定しました。');
    expect(provisional.body).toContain('provisional mobile phone number');
  });

  it('the login-ID reminder says "ID" or "IDs" as there are', () => {
    expect(emails.loginIdReminder!.body).toContain('Here is the login ID registered');
    expect(Emails.loginIdReminder({ name: '山田 太郎', loginIds: ['CW1', 'CW2'] }).body).toContain('Here are the login IDs registered');
  });
});
