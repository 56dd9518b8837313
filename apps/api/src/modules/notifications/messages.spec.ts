import { emailFooter, Emails, type EmailContent } from './messages.js';

const desk = { name: '法人カードデスク', phone: '0120-123-456', hours: '9:00〜17:00(土・日・祝日休)' };
const rendered = (content: EmailContent) => (content.footer ? `${content.body}${emailFooter(content.footer, desk)}` : content.body);

const emails: Record<string, EmailContent> = {
  applicationApproved: Emails.applicationApproved({ companyName: '株式会社A', adminName: '山田 太郎', loginId: 'CW12345678', setupUrl: 'https://x/#token=t', expiresAt: '2026年12月04日 12:00' }),
  applicationRejected: Emails.applicationRejected({ companyName: '株式会社A', adminName: '山田 太郎', applicationId: 'A-1', reason: '法人番号と商号が一致しません' }),
  passwordReset: Emails.passwordReset({ name: '山田 太郎', resetUrl: 'https://x/#token=t', expiresAt: '2026年12月01日 13:00' }),
  passwordChanged: Emails.passwordChanged({ name: '山田 太郎', changedAt: '2026年12月01日 12:00' }),
  loginIdReminder: Emails.loginIdReminder({ name: '山田 太郎', loginIds: ['CW12345678'] }),
  enrollmentAccepted: Emails.enrollmentAccepted({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', secureId: 'yamada.keiri', method: 'PASSWORD', change: 'REGISTERED', at: '2026年12月01日 12:00' }),
  enrollmentCancelled: Emails.enrollmentCancelled({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', at: '2026年12月01日 12:00' }),
  reregistrationRequired: Emails.reregistrationRequired({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', cause: 'CARD_REISSUED', oldMaskedNumber: '3540 **** **** 9999' }),
};

describe('email footers', () => {
  it.each(Object.entries(emails))('%s ends with one footer naming the contact desk', (_name, content) => {
    const text = rendered(content);
    expect(content.footer).toBeDefined();
    expect(text).toContain(`【お問い合わせ】${desk.name}`);
    expect(text).toContain(`電話番号:${desk.phone}`);
    expect(text).toContain(`受付時間:${desk.hours}`);
    expect(text.match(/送信専用/g)).toHaveLength(1);
  });

  it.each(Object.entries(emails))('%s never says both "call us at once" and "discard this email"', (_name, content) => {
    const text = rendered(content);
    expect(text.includes('至急') && text.includes('破棄')).toBe(false);
  });

  it('a change (password, 本人認証サービス) says to call; a request (reset, reminder) says to discard', () => {
    for (const name of ['passwordChanged', 'enrollmentAccepted', 'enrollmentCancelled']) expect([name, emails[name]!.footer]).toEqual([name, 'SECURITY']);
    for (const name of ['passwordReset', 'loginIdReminder']) expect([name, emails[name]!.footer]).toEqual([name, 'REQUEST']);
  });

  it('the registration email shows the secure ID masked', () => {
    const text = rendered(emails.enrollmentAccepted!);
    expect(text).toContain('本人認証ID:ya*********i');
    expect(text).not.toContain('yamada.keiri');
  });
});

describe('message wording from typed facts', () => {
  it('the enrollment email names a change as 変更 and an OTP method with its masked phone', () => {
    const changed = Emails.enrollmentAccepted({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', secureId: 'yamada.keiri', method: 'OTP', maskedPhone: '090-****-5678', change: 'CHANGED', at: '2026年12月01日 12:00' });
    expect(changed.body).toContain('本人認証サービス(J/Secure)の変更を受け付けました。');
    expect(changed.body).toContain('認証方法:ワンタイムパスワード(SMS送信先 090-****-5678)');
    expect(emails.enrollmentAccepted!.body).toContain('の登録を受け付けました。');
  });

  it('the re-registration email gives the cause the issuer recorded', () => {
    expect(emails.reregistrationRequired!.body).toContain('旧カード(3540 **** **** 9999)の本人認証サービスのご登録は終了しました。');
    const provisional = Emails.reregistrationRequired({ name: '山田 太郎', maskedNumber: '3540 **** **** 1234', cause: 'PROVISIONAL_PHONE_SET' });
    expect(provisional.body).toContain('仮の携帯電話番号を設定しました。');
  });
});
