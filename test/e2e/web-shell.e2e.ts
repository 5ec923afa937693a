/**
 * The frame of the web workspace in chromium: sign-in, the language switch, an unknown page, and
 * accessibility of the sign-in page. The screens themselves have their own browser tests.
 */
import { randomUUID } from 'node:crypto';
import { openBrowser, type WebBrowser } from './browser';
import { startStack, type Session, type Stack } from './harness';

describe('web workspace frame in chromium', () => {
  let stack: Stack;
  let web: WebBrowser;
  let office: Session;

  beforeAll(async () => {
    stack = await startStack(`e2e-web-shell-${randomUUID()}`);
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    web = await openBrowser(stack, 'web-shell.e2e');
  });
  afterAll(async () => {
    await web?.close();
    await stack?.close();
  });
  afterEach(() => {
    expect(web.pageErrors).toEqual([]);
  });

  it('has an accessible sign-in page, in Chinese', async () => {
    const page = await web.newPage();
    await page.goto(`${stack.url}/`);
    await page.locator('.view-login[data-ready=true] form.login').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    expect(await page.getByLabel('用户名').count()).toBe(1);
    expect(await page.getByLabel('密码').count()).toBe(1);
    expect(await web.axe(page)).toEqual([]);
  });

  it('switches the interface to English and back, and remembers the choice', async () => {
    const page = await web.signIn(office);
    const nav = page.locator('header nav');
    expect(await nav.innerText()).toContain('案件列表');
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('header nav a', { hasText: /^Cases$/ }).waitFor();
    expect(await nav.innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.reload();
    await page.locator('header nav a', { hasText: /^Cases$/ }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('header nav a', { hasText: '案件列表' }).waitFor();
  });

  it('says so for a page that does not exist, with a way back', async () => {
    const page = await web.signIn(office, '#/no-such-page');
    await page.locator('.view-missing[data-ready=true]').waitFor();
    expect(await page.locator('h1').innerText()).toBe('没有这个页面');
    await page.getByRole('link', { name: '返回案件列表' }).click();
    await page.locator('.view-cases').waitFor();
  });
});
