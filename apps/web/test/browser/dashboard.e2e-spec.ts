/**
 * The member dashboard of a company with more cards than one screenful (issue 13 Lighthouse findings on the
 * seeded data): the body paints once both lists have answered, so nothing on screen moves (no layout shift), and
 * the cards come 50 at a time with 「さらに…表示する」, at 390 px as on a desktop; and its code downloads while the session
 * is checked, not after.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { jcb, signUpMember } from './portal-client.js';

jest.setTimeout(120_000);

const BASE = process.env.BROWSER_BASE_URL!;
const PASSWORD = 'Harbor-Kite-73-Lumen';
const CARDS = 60;

let browser: Browser;
let loginId = '';

beforeAll(async () => {
  const member = await signUpMember(PASSWORD, '株式会社カード多数商事');
  loginId = member.loginId;
  const lines = Array.from({ length: CARDS }, (_, i) => `${member.corporateNumber},${jcb()},3012,2468,ヤマダ\u3000タロウ${i}`);
  const { importId } = await member.staff.call('POST', '/api/v1/backoffice/card-imports',
    `corporate_number,card_number,expiry_yymm,pin,holder_name\n${lines.join('\n')}\n`, 'text/csv');
  for (let i = 0; i < 200 && (await member.staff.call('GET', `/api/v1/backoffice/card-imports/${importId}`)).status !== 'COMPLETED'; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** A browser context holding a logged-in member's cookies and an empty HTTP cache (a first visit, as Lighthouse's). */
async function loggedInWithEmptyCache(): Promise<BrowserContext> {
  const login = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
  try {
    const page = await login.newPage();
    await page.goto(`${BASE}/login`);
    await page.getByLabel(/^ログインID/).fill(loginId);
    await page.getByRole('textbox', { name: /^パスワード/ }).fill(PASSWORD);
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.waitForURL('**/member');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
    await context.addCookies(await login.cookies());
    return context;
  } finally {
    await login.close();
  }
}

/** Holds each `GET /me` for 1.5 s; the returned function tells when the last one was let through. */
async function holdSessionCheck(page: Page): Promise<() => number> {
  let answeredAt = 0;
  await page.route('**/api/v1/me', async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    answeredAt = Date.now();
    await route.continue();
  });
  return () => answeredAt;
}

describe('dashboard with many cards', () => {
  it('paints without moving anything on screen and lists the cards 50 at a time', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
    const page = await context.newPage();
    try {
      // every layout shift of the page, from the first paint (buffered), not caused by input
      await page.addInitScript(() => {
        const shifts: number[] = [];
        (window as unknown as { shifts: number[] }).shifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) shifts.push(entry.value);
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${BASE}/login`);
      await page.getByLabel(/^ログインID/).fill(loginId);
      await page.getByRole('textbox', { name: /^パスワード/ }).fill(PASSWORD);
      await page.getByRole('button', { name: 'ログインする' }).click();
      await page.waitForURL('**/member');
      // a fresh load of the dashboard, as Lighthouse measures it
      await page.reload();
      await page.locator('.chart').waitFor();
      await page.getByText(`全${CARDS}枚のうち 50枚を表示しています。`).waitFor();
      expect(await page.locator('.cards-table tbody tr').count()).toBe(50);
      const shifted = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts.reduce((a, b) => a + b, 0));
      expect(shifted).toBeLessThan(0.01);

      await page.getByRole('button', { name: `さらに${CARDS - 50}枚表示する` }).click();
      await page.locator('.cards-table tbody tr').nth(CARDS - 1).waitFor();
      expect(await page.locator('.cards-table tbody tr').count()).toBe(CARDS);
      expect(await page.getByRole('button', { name: /さらに/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('downloads its own code while the session is checked, and asks for its lists once the session is known', async () => {
    const context = await loggedInWithEmptyCache();
    try {
      const page = await context.newPage();
      let pageCodeAskedAt = 0;
      let cardsAskedAt = 0;
      const sessionAnsweredAt = await holdSessionCheck(page);
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        // the dashboard's view and store travel in the member-area chunk (apps/web/vite.config.ts)
        if (/^\/assets\/member-area-[\w-]+\.js$/.test(path) && !pageCodeAskedAt) pageCodeAskedAt = Date.now();
        if (path === '/api/v1/cards' && !cardsAskedAt) cardsAskedAt = Date.now();
      });
      await page.goto(`${BASE}/member`);
      await page.getByText(`全${CARDS}枚のうち 50枚を表示しています。`).waitFor();
      expect(sessionAnsweredAt()).toBeGreaterThan(0);
      expect(pageCodeAskedAt).toBeGreaterThan(0);
      expect(pageCodeAskedAt).toBeLessThan(sessionAnsweredAt());
      expect(cardsAskedAt).toBeGreaterThanOrEqual(sessionAnsweredAt());
    } finally {
      await context.close();
    }
  });

  it('downloads any member page\'s own chunk beside the session check (the guard prefetches it)', async () => {
    const context = await loggedInWithEmptyCache();
    try {
      const page = await context.newPage();
      let viewAskedAt = 0;
      const sessionAnsweredAt = await holdSessionCheck(page);
      page.on('request', (request) => {
        if (/^\/assets\/InquiryView-[\w-]+\.js$/.test(new URL(request.url()).pathname) && !viewAskedAt) viewAskedAt = Date.now();
      });
      await page.goto(`${BASE}/member/enrollment`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(viewAskedAt).toBeGreaterThan(0);
      expect(viewAskedAt).toBeLessThan(sessionAnsweredAt());
    } finally {
      await context.close();
    }
  });
});
