/**
 * Passkeys in Debian's Chromium with its CDP virtual authenticator (issue 10 point 5), on the portal process
 * that answers at http://localhost (WebAuthn refuses an IP address as relying party ID) with the staff second
 * factor on: a staff member's first login registers a passkey instead of the authenticator app, logs out and
 * logs in again with password + passkey; a member adds a passkey in 設定, logs out and logs in with the passkey
 * alone. The passkey screens are shot at 1280 and 390 px, in Japanese (the default) and after the English
 * switch, and axe finds no serious or critical violation on them. Screenshots go to test-artifacts/browser/.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { signUpMember } from './portal-client.js';

jest.setTimeout(180_000);

const PASSKEY_BASE = process.env.BROWSER_PASSKEY_URL!;
const OUT = resolve(fileURLToPath(import.meta.url), '../../../../../test-artifacts/browser');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const STAFF_PASSWORD = process.env.BROWSER_STAFF_PASSWORD!;
const MEMBER_PASSWORD = 'Harbor-Kite-73-Lumen';

let browser: Browser;

const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const field = (page: Page, name: string) => page.getByLabel(new RegExp(`^${esc(name)}(\\s+(必須|Required))?\\s*$`));

/** A fresh context with a platform authenticator (user verification succeeds, presence is simulated). */
async function withAuthenticator(): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string }> {
  // bypassCSP: only so that axe-core can be injected; the app runs under its real CSP otherwise
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { context, page, cdp, authenticatorId };
}

async function credentialCount(cdp: CDPSession, authenticatorId: string): Promise<number> {
  return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length;
}

/** Screenshots at 1280 and 390 px and axe at both: no serious or critical violation. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(OUT, `passkey-${name}-${width}.png`), fullPage: true });
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect({ page: name, width, violations }).toEqual({ page: name, width, violations: [] });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('passkeys (CDP virtual authenticator)', () => {
  it('staff: the first login registers a passkey instead of the authenticator app; after logout, password + passkey log in', async () => {
    const { context, page, cdp, authenticatorId } = await withAuthenticator();
    try {
      await page.goto(`${PASSKEY_BASE}/backoffice/login`);
      await field(page, 'ログインID').fill('supervisor');
      await field(page, 'パスワード').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'ログインする' }).click();
      await page.getByRole('heading', { name: '認証アプリの設定' }).waitFor();
      await shoot(page, 'staff-enroll-ja');
      await page.getByRole('button', { name: 'パスキーを登録する(推奨)' }).click();
      await page.waitForURL('**/backoffice/applications');
      expect(await credentialCount(cdp, authenticatorId)).toBe(1);

      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.waitForURL('**/backoffice/login**');
      await field(page, 'ログインID').fill('supervisor');
      await field(page, 'パスワード').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'ログインする' }).click();
      // the password was right: the second factor is asked, the passkey first
      const verify = page.getByRole('button', { name: 'パスキーで確認する(推奨)' });
      await verify.waitFor();
      await shoot(page, 'staff-verify-ja');
      await page.locator('.lang-btn[lang=en]').click();
      await page.getByRole('button', { name: 'Log in' }).waitFor();
      await shoot(page, 'staff-verify-en');
      await page.locator('.lang-btn[lang=ja]').click();
      await verify.click();
      await page.waitForURL('**/backoffice/applications');
      // the passkey signed in: its signature counter moved on the authenticator
      const [credential] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
      expect(credential!.signCount).toBeGreaterThanOrEqual(2);
    } finally {
      await context.close();
    }
  });

  it('member: a passkey added in 設定 logs in alone (no login ID, no password) after logout', async () => {
    const { loginId } = await signUpMember(MEMBER_PASSWORD, '株式会社パスキー商事');
    const { context, page, cdp, authenticatorId } = await withAuthenticator();
    try {
      await page.goto(`${PASSKEY_BASE}/login`);
      await shoot(page, 'member-login-ja');
      await field(page, 'ログインID').fill(loginId);
      await field(page, 'パスワード').fill(MEMBER_PASSWORD);
      await page.getByRole('button', { name: 'ログインする' }).click();
      await page.waitForURL('**/member');
      await page.goto(`${PASSKEY_BASE}/member/settings`);
      // 設定 has two 現在のパスワード fields (password change, passkeys): the passkey section's
      const section = page.getByRole('region', { name: 'パスキー' });
      await section.waitFor();
      await field(page, '現在のパスワード').and(section.getByLabel(/現在のパスワード/)).fill(MEMBER_PASSWORD);
      await section.getByRole('button', { name: 'パスキーを追加する' }).click();
      await section.getByText('パスキーを登録しました。').waitFor();
      expect(await credentialCount(cdp, authenticatorId)).toBe(1);
      await shoot(page, 'member-settings-ja');
      await page.locator('.lang-btn[lang=en]').first().click();
      await page.getByRole('region', { name: 'Passkeys' }).getByRole('button', { name: 'Add a passkey' }).waitFor();
      await shoot(page, 'member-settings-en');
      await page.locator('.lang-btn[lang=ja]').first().click();

      await page.getByRole('navigation', { name: 'マイページメニュー' }).getByRole('button', { name: 'ログアウト' }).click();
      await page.waitForURL('**/login**');
      await page.getByRole('button', { name: 'パスキーでログイン' }).click();
      await page.waitForURL('**/member');
      await expect(page.getByRole('heading', { name: 'マイページ' }).isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });
});
