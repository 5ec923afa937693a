import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Session, Stack } from './harness';

/** Debian's chromium (scripts/bootstrap.sh installs it as root); never a downloaded browser build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless chromium over a test stack, with the helpers every browser test uses. */
export interface WebBrowser {
  /** Uncaught errors of every page: a bug even when the screen looked right. */
  readonly pageErrors: string[];
  /** A fresh tab (own sessionStorage) in Chinese, on Beijing time. */
  newPage(): Promise<Page>;
  /** Signs in through the login form in a new tab and waits for the header to name the person. */
  signInAs(username: string, password: string, displayName: string, hash?: string): Promise<Page>;
  signIn(who: Session, hash?: string): Promise<Page>;
  /** A screenshot for a person to look at (a temp dir, printed once; never committed). */
  shoot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(stack: Stack, label: string): Promise<WebBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: run "npm run bootstrap" as root (installs Debian's chromium), ` +
        'or "sudo apt-get install chromium", or set CHROMIUM_PATH',
    );
  }
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let shots = '';

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1360, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };

  const signInAs = async (username: string, password: string, displayName: string, hash = '') => {
    const page = await newPage();
    await page.goto(`${stack.url}/${hash}`);
    await page.locator('form.login').waitFor();
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('form.login button[type=submit]');
    await page.locator('.who-name', { hasText: displayName }).waitFor();
    return page;
  };

  return {
    pageErrors,
    newPage,
    signInAs,
    async signIn(who, hash = '') {
      const me = await stack.as(who.token)('GET', '/auth/me');
      return signInAs(who.username, who.password, me.body.displayName, hash);
    },
    async shoot(page, name) {
      if (!shots) {
        shots = mkdtempSync(join(tmpdir(), `banli-${label}-`));
        process.stdout.write(`[${label}] screenshots in ${shots}\n`);
      }
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}
