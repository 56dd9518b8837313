// Walks every screen of the SPA against a running API (which serves the built SPA) and screenshots each one
// at 1280 and 375 px, reporting horizontal overflow and console errors. A tool for looking at the product,
// not a test: run `node apps/web/scripts/walkthrough.mjs` with BASE, STAFF_LOGIN_ID, STAFF_PASSWORD and OUT
// set (MAINTENANCE_WINDOW= on the API when trying it at dawn). Needs Debian's /usr/bin/chromium.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';

const BASE = process.env.BASE ?? 'http://localhost:3000';
const OUT = process.env.OUT ?? 'test-artifacts/walkthrough';
const STAFF_LOGIN_ID = process.env.STAFF_LOGIN_ID ?? 'admin';
const STAFF_PASSWORD = process.env.STAFF_PASSWORD ?? '';
mkdirSync(OUT, { recursive: true });
const luhn = (body) => { let s = 0; const d = body.split('').reverse().map(Number); for (let i = 0; i < d.length; i++) { let x = d[i]; if (i % 2 === 0) { x *= 2; if (x > 9) x -= 9; } s += x; } return String((10 - (s % 10)) % 10); };
const cardNo = () => { const body = '3540' + String(Math.floor(Math.random() * 1e11)).padStart(11, '0'); return body + luhn(body); };
const corp = () => { const base = String(Math.floor(Math.random() * 1e12)).padStart(12, '0'); let sum = 0; for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 === 1 ? 1 : 2); return String(9 - (sum % 9)) + base; };
const CORP = corp(); const CARD1 = cardNo(); const CARD2 = cardNo(); const CARD3 = cardNo();
console.log({ CORP, CARD1, CARD2 });

process.on('unhandledRejection', async (e) => { console.log('FAILED', e.message.split('\n')[0]); await page.screenshot({ path: `${OUT}/zz-failure.png`, fullPage: true }); await browser.close(); process.exit(1); });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('  console:', m.type(), m.text().slice(0, 160)); });
page.on('pageerror', (e) => console.log('  PAGEERROR', e.message));

async function shot(name, { mobile = true } = {}) {
  await page.waitForTimeout(250);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) console.log(`  overflow@1280 ${name}: ${overflow}`);
  await page.screenshot({ path: `${OUT}/${name}-1280.png`, fullPage: true });
  if (mobile) {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(200);
    const o2 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (o2 > 0) console.log(`  OVERFLOW@375 ${name}: ${o2}`);
    await page.screenshot({ path: `${OUT}/${name}-375.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  console.log('shot', name, page.url());
}
const esc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const L = (name) => page.getByLabel(new RegExp('^' + esc(name) + '(\\s+(必須|Required))?\\s*$'));
async function outbox() { return (await (await fetch(`${BASE}/api/v1/dev/outbox`)).json()).items; }

try {
// 1. public
await page.goto(BASE + '/'); await shot('01-top');
await page.getByRole('link', { name: '申込みのながれを見る' }).click(); await shot('02-flow');
await page.getByRole('link', { name: '規約に同意してお申込みへ' }).click();
await page.waitForSelector('.terms-box'); await shot('03-terms');
await page.$eval('.terms-box', (el) => el.scrollTo(0, el.scrollHeight));
await L('法人Webサービス規約に同意します').check();
await page.getByRole('button', { name: '同意してお申込み入力へ' }).click();
await page.waitForURL('**/signup/input');
await L('法人名').fill('株式会社ジャーニー商事');
await L('法人名(フリガナ)').fill('かぶしきがいしゃジャーニーショウジ');
await L('法人番号').fill(CORP);
await L('郵便番号').fill('1000001');
await L('所在地').fill('東京都千代田区千代田1-1');
await L('代表電話番号').fill('03-1234-5678');
await L('管理者氏名').fill('山田 太郎');
await L('管理者氏名(フリガナ)').fill('ﾔﾏﾀﾞ ﾀﾛｳ');
await L('部署名').fill('経理部');
await L('メールアドレス').fill('taro');
await L('電話番号(日中連絡先)').fill('090-1234-5678');
await page.getByRole('button', { name: '確認画面へ進む' }).click();
await shot('04-form-errors');
while (await page.getByRole('button', { name: 'この表記にする' }).count()) await page.getByRole('button', { name: 'この表記にする' }).first().click();
await L('メールアドレス').fill(`taro.${Date.now()}@example.co.jp`);
await page.getByRole('button', { name: '確認画面へ進む' }).click();
await page.waitForURL('**/signup/confirm'); await shot('05-confirm');
await page.getByRole('button', { name: '戻る' }).click(); await page.waitForURL('**/signup/input');
if ((await L('法人番号').inputValue()) !== CORP) console.log('  !! back lost the input');
await page.getByRole('button', { name: '確認画面へ進む' }).click(); await page.waitForURL('**/signup/confirm');
await page.getByRole('button', { name: '申込む' }).click();
await page.waitForURL('**/signup/complete'); await shot('06-complete');

// 2. back office approves
await page.goto(BASE + '/backoffice/applications');
await page.waitForURL('**/backoffice/login**'); await shot('07-bo-login');
await L('ログインID').fill(STAFF_LOGIN_ID); await L('パスワード').fill(STAFF_PASSWORD);
await page.getByRole('button', { name: 'ログインする' }).click();
await page.waitForURL('**/backoffice/applications'); await page.waitForSelector('tbody tr'); await shot('08-bo-list');
await page.getByRole('row', { name: /ジャーニー/ }).getByRole('link').first().click();
await page.waitForSelector('.detail-grid'); await shot('09-bo-detail');
await page.getByRole('button', { name: '承認する' }).first().click(); await page.waitForTimeout(300); await shot('10-bo-approve-dialog', { mobile: false });
await page.locator('dialog').getByRole('button', { name: '承認する' }).click();
await page.waitForSelector('.alert-success'); await shot('11-bo-approved', { mobile: false });

// 3. card import
await page.getByRole('link', { name: 'カード取込' }).click();
const csv = `corporate_number,card_number,expiry_yymm,pin,holder_name\n${CORP},${CARD1},3012,1234,ヤマダ\u3000タロウ\n${CORP},${CARD2},3012,5678,スズキ\u3000ハナコ\n${CORP},1234,3012,1111,エラー\n${CORP},${CARD3},3012,4321,サトウ\u3000ジロウ\n`;
writeFileSync(`${OUT}/cards.csv`, csv);
await L('CSVファイル').setInputFiles(`${OUT}/cards.csv`);
await page.getByRole('button', { name: '取り込む' }).click();
await page.waitForSelector('text=完了', { timeout: 20000 }); await shot('12-bo-import');

// 4. password setup from the email
const mails = await outbox();
const approval = mails.find((m) => m.subject?.includes('登録完了'));
const loginId = /ログインID:(\S+)/.exec(approval.body)[1];
const link = /(http\S+password-setup#token=\S+)/.exec(approval.body)[1].replace(/^https?:\/\/[^/]+/, BASE);
console.log({ loginId });
await page.goto(BASE + '/dev/outbox'); await shot('13-outbox');
await page.goto(link); await page.waitForSelector('form');
if (page.url().includes('token=')) console.log('  !! token left in the address bar');
// the link carries the login ID and the page shows it read-only; an older link without it asks for it
if ((await L('ログインID').getAttribute('readonly')) === null) await L('ログインID').fill(loginId);
await L('新しいパスワード').fill('password1234');
await page.waitForTimeout(800); await shot('14-setup-weak');
const pw = 'Harbor-Kite-73-Lumen';
await L('新しいパスワード').fill(pw);
await L('新しいパスワード(確認)').fill(pw);
await page.waitForTimeout(800); await shot('15-setup-strong');
await page.getByRole('button', { name: 'パスワードを設定する' }).click();
await page.waitForSelector('.alert-success'); await shot('16-setup-done', { mobile: false });

// 5. member: intended page restored after login
await page.goto(BASE + '/member/settings'); await page.waitForURL('**/login**'); await shot('17-login-required');
await L('ログインID').fill(loginId); await L('パスワード').fill(pw);
await page.getByRole('button', { name: 'ログインする' }).click();
await page.waitForURL('**/member/settings'); await shot('18-settings');
await page.getByRole('link', { name: 'マイページ' }).first().click(); await page.waitForSelector('.chart'); await shot('19-dashboard');

// 6. inquiry: wrong PIN, then right
await page.getByRole('link', { name: '本人認証サービス登録・変更' }).last().click();
await page.waitForURL('**/member/enrollment');
await L('カード番号').pressSequentially(CARD1);
await L('カードの暗証番号').fill('9999');
await page.getByRole('button', { name: '照会する' }).click();
await page.waitForSelector('.alert-error'); await shot('20-inquiry-wrong-pin');
await L('カードの暗証番号').fill('1234');
await page.getByRole('button', { name: '照会する' }).click();
await page.waitForURL('**/enrollment/status'); await shot('21-status-unregistered');
await page.getByRole('button', { name: '登録する' }).click(); await page.waitForURL('**/enrollment/input');
await L('本人認証ID').fill('yamada.keiri' + Date.now() % 100000);
await L('固定パスワード').first().check().catch(() => {});
await page.locator('input[value=PASSWORD]').check();
await L('固定パスワード').fill('Quiet-Maple-58-Drum');
await L('固定パスワード(確認)').fill('Quiet-Maple-58-Drum');
await page.waitForTimeout(800); await shot('22-enroll-form-password');
await page.getByRole('button', { name: '確認画面へ進む' }).click(); await page.waitForURL('**/enrollment/confirm'); await shot('23-enroll-confirm');
await page.getByRole('button', { name: '登録する' }).click(); await page.waitForURL('**/enrollment/complete'); await shot('24-enroll-complete');

// 7. second card with OTP
await page.getByRole('link', { name: '続けて別のカードを登録する' }).click();
await L('カード番号').fill(CARD2); await L('カードの暗証番号').fill('5678');
await page.getByRole('button', { name: '照会する' }).click(); await page.waitForURL('**/enrollment/status');
await page.getByRole('button', { name: '登録する' }).click();
await L('本人認証ID').fill('suzuki.keiri' + Date.now() % 100000);
await L('携帯電話番号').fill('090-1111-2222');
await shot('25-enroll-form-otp');
await page.getByRole('button', { name: '確認画面へ進む' }).click(); await page.waitForURL('**/enrollment/confirm');
await page.getByRole('button', { name: '認証コードを送信' }).click(); await page.waitForURL('**/enrollment/verify');
await shot('26-verify');
await L('認証コード(6桁)').fill('000000'); await page.getByRole('button', { name: '認証して登録する' }).click();
// a wrong code is answered at the field
await page.waitForSelector('.field-error'); await shot('27-verify-wrong', { mobile: false });
await page.waitForTimeout(1500);
const sms = (await outbox()).find((m) => m.channel === 'SMS');
const code = /(\d{6})/.exec(sms.body)[1];
await L('認証コード(6桁)').fill(code); await page.getByRole('button', { name: '認証して登録する' }).click();
await page.waitForURL('**/enrollment/complete'); await shot('28-otp-complete');

// 8. change then deregister card 1
await page.getByRole('link', { name: '続けて別のカードを登録する' }).click();
await L('カード番号').fill(CARD1); await L('カードの暗証番号').fill('1234');
await page.getByRole('button', { name: '照会する' }).click(); await page.waitForURL('**/enrollment/status'); await shot('29-status-registered');
await page.getByRole('button', { name: '登録を解除する' }).click(); await page.waitForTimeout(300); await shot('30-deregister-dialog', { mobile: false });
await page.locator('dialog').getByRole('button', { name: '解除する' }).click();
await page.waitForURL('**/enrollment/complete'); await shot('31-deregistered', { mobile: false });
await page.getByRole('link', { name: 'マイページへ' }).click(); await page.waitForSelector('.chart'); await shot('32-dashboard-after');

// 9. back office: cards, audit
await page.goto(BASE + '/backoffice/cards');
await L('法人番号').fill(CORP); await page.getByRole('button', { name: '検索する' }).click();
await page.waitForSelector('tbody tr'); await shot('33-bo-cards');
await page.getByRole('row', { name: new RegExp(CARD3.slice(-4)) }).getByRole('button', { name: '再発行' }).click();
await page.waitForTimeout(300); await shot('34-bo-reissue-dialog', { mobile: false });
await page.keyboard.press('Escape');
await page.getByRole('link', { name: '監査ログ' }).click(); await page.waitForSelector('tbody tr');
await page.getByRole('button', { name: '改ざん検証を実行' }).click(); await page.waitForSelector('.alert'); await shot('35-bo-audit');

// 10. English, maintenance, not found
await page.goto(BASE + '/member'); await page.getByRole('button', { name: 'English' }).click(); await page.waitForTimeout(500); await shot('36-dashboard-en');
await page.goto(BASE + '/'); await shot('37-top-en');
await page.getByRole('button', { name: '日本語' }).click();
await page.goto(BASE + '/maintenance?retryAfter=3600'); await shot('38-maintenance');
await page.goto(BASE + '/no-such-page'); await shot('39-notfound', { mobile: false });

} catch (e) {
  console.log('FAILED', e.message.split('\n')[0], page.url());
  console.log(JSON.stringify(await page.evaluate(() => { const st = document.querySelector('#app').__vue_app__.config.globalProperties.$pinia?.state.value.signup; return st && { c: st.consentedVersion, d: st.draft }; })));
  await page.screenshot({ path: `${OUT}/zz-failure.png`, fullPage: true });
}
await browser.close();
