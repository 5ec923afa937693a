import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Session, Stack } from './harness';

/** Debian's chromium (scripts/bootstrap.sh installs it as root); never a downloaded browser build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Picks an option of an Element Plus select (not a native <select>): opens it, clicks the option
 * and waits until the select shows it. The list's closing transition can be missed on a busy
 * machine, so a list still open afterwards is closed with Escape, as a keyboard user would.
 */
export async function pickOption(select: Locator, option: string | RegExp): Promise<void> {
  const page = select.page();
  await select.click();
  const item = page.getByRole('option', { name: option, exact: typeof option === 'string' });
  await item.click();
  await select.locator('.el-select__selected-item', { hasText: option }).first().waitFor({ timeout: 10_000 });
  if (await item.isVisible()) await page.keyboard.press('Escape');
  await item.waitFor({ state: 'hidden' });
}

/** A headless chromium over a test stack, with the helpers every browser test uses. */
export interface WebBrowser {
  /** Uncaught errors of every page: a bug even when the screen looked right. */
  readonly pageErrors: string[];
  /** A fresh tab (own sessionStorage) in Chinese, on Beijing time. */
  newPage(): Promise<Page>;
  /** Signs in through the login form in a new tab and waits for the header to name the person. */
  signInAs(username: string, password: string, displayName: string, hash?: string): Promise<Page>;
  signIn(who: Session, hash?: string): Promise<Page>;
  /**
   * A screenshot for a person to look at, at 1366×900 in Chinese: docs/screenshots/<label>-<name>.png
   * (the README links them, so a reviewer sees the screens without running anything).
   */
  shoot(page: Page, name: string): Promise<void>;
  /**
   * Runs axe-core (accessibility rules) on the page as it is now; returns the serious and critical
   * violations, each as "rule: what, on which elements".
   */
  axe(page: Page): Promise<string[]>;
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
  const shots = join(__dirname, '..', '..', 'docs', 'screenshots');

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1366, height: 900 },
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
      mkdirSync(shots, { recursive: true });
      await page.screenshot({
        path: join(shots, `${label.replace(/\.e2e$/, '')}-${name}.png`),
        fullPage: true,
      });
    },
    async axe(page) {
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const found = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
        r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`)) as {
        id: string;
        impact: string | null;
        help: string;
        nodes: string[];
      }[];
      return found
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 5).join(', ')}`);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}
