import { randomUUID } from 'node:crypto';
import { type Page } from 'playwright-core';
import { openBrowser, type WebBrowser } from './browser';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { startStack, Session, Stack } from './harness';

const ZH_DATE_TIME = /\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/;

/**
 * 邮件投递 in a real browser over the real stack: task mail the mail server refused, and mail with
 * no address at all, are listed for the office with their kind, recipient and error; a re-send
 * without an address is refused with its code; a re-send to a corrected address goes out and the
 * case's 邮件 section shows it sent with its original address. Other roles see only that the page
 * is for the office.
 */
describe('web workspace in chromium: mail delivery', () => {
  let stack: Stack;
  let web: WebBrowser;
  /** Every mail the stack sends; addresses at bounce.example.cn are refused for good (550). */
  const mail = new MailCatcher();
  const tag = randomUUID().slice(0, 6);
  let office: Session;
  let unitStaff: Session;

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    mail.rejectRecipients = /@bounce\.example\.cn$/;
    stack = await startStack(`e2e-web-mail-${randomUUID()}`, { SMTP_PORT: String(smtpPort) });
    const unit = await stack.createUnit({ name: `省教育厅${tag}`, shortName: '教育厅' });
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    unitStaff = await stack.createUser('unitStaff', { unitId: unit.id }, { displayName: '李明' });
    web = await openBrowser(stack, 'web-mail.e2e');
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
    await mail.stop();
  });

  afterEach(() => {
    // An uncaught error in the page is a bug even when the screen looked right.
    expect(web.pageErrors).toEqual([]);
  });

  const signIn = (who: Session, hash = '') => web.signIn(who, hash);
  const shoot = (page: Page, name: string) => web.shoot(page, name);

  /** Polls `probe` until it answers something truthy (short steps, never one long sleep). */
  async function until<T>(
    what: string,
    probe: () => Promise<T>,
    timeoutMs = 30_000,
  ): Promise<NonNullable<T>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v) return v as NonNullable<T>;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('a unit sees no 邮件投递 and the page says it is for the office', async () => {
    const page = await signIn(unitStaff);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.locator('.view-cases[data-ready=true]').waitFor();
    expect(await page.locator('nav a[href="#/mail"]').count()).toBe(0);
    await page.evaluate(`location.hash = '#/mail'`);
    await page.locator('.view-mail[data-ready=true]', { hasText: '仅供交办机关' }).waitFor();
    expect(await page.locator('.view-mail tr[data-message-id]').count()).toBe(0);
    expect(asked.filter((p) => p.startsWith('/mail'))).toEqual([]);
  });

  it('the office re-sends task mail that could not be delivered to a corrected address; the case shows it sent', async () => {
    // one unit at a domain the mail server refuses, one with no address on file at all
    const refused = `jsj-${tag}@bounce.example.cn`;
    const bouncing = await stack.createUnit({ name: `市住房和城乡建设局${tag}`, contactEmail: refused });
    const noAddress = await stack.createUnit({ name: `市林业局${tag}`, contactEmail: undefined });
    const registered = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number: `M${tag}`,
      title: `关于加快老旧小区改造的建议（${tag}）`,
      proposers: [{ name: `刘代表${tag}`, kind: 'deputy' }],
    });
    expect([201, 202]).toContain(registered.status);
    const id = registered.body.id as string;
    expect(
      (await office.http('POST', `/proposals/${id}/file`, { number: `立M${tag}`, category: '城乡建设' }))
        .status,
    ).toBe(200);
    const assigned = await office.http('POST', `/proposals/${id}/assign`, {
      mode: 'separate',
      units: [{ unitId: bouncing.id }, { unitId: noAddress.id }],
    });
    expect(assigned.status).toBe(200);

    const messages = async () => (await office.http('GET', `/proposals/${id}/messages`)).body as any[];
    const taskMail = (list: any[], unitId: string) =>
      list.find((m) => m.kind === 'assigned' && m.unitId === unitId && m.status === 'failed');
    const { bounced, unaddressed } = await until('both task mails to fail', async () => {
      const list = await messages();
      const [bounced, unaddressed] = [taskMail(list, bouncing.id), taskMail(list, noAddress.id)];
      return bounced && unaddressed ? { bounced, unaddressed } : null;
    });
    expect(bounced).toMatchObject({ recipient: refused, resendCount: 0 });
    expect(bounced.lastError).toMatch(/550/);
    expect(unaddressed.recipient).toMatch(/^\(无收件人\)/);

    const page = await signIn(office);
    await page.click('nav a[href="#/mail"]');
    const view = page.locator('.view-mail[data-ready=true]');
    const row = view.locator(`tr[data-message-id="${bounced.id}"]`);
    await row.waitFor();
    expect(await page.locator('h1').innerText()).toContain('邮件投递');
    expect(await row.locator('.mail-status').innerText()).toBe('投递失败');
    expect(await row.locator('.mail-kind').innerText()).toBe('交办通知');
    expect(await row.locator('.mail-recipient').innerText()).toBe(refused);
    expect(await row.locator('.mail-error').innerText()).toContain('550');
    expect(await row.locator(`a[href="#/cases/${id}"]`).count()).toBe(1);
    expect(await row.locator('input[name=recipient]').inputValue()).toBe(refused);
    const other = view.locator(`tr[data-message-id="${unaddressed.id}"]`);
    expect(await other.locator('.mail-error').innerText()).toContain('NO_RECIPIENT');
    expect(await other.locator('input[name=recipient]').inputValue()).toBe('');
    await shoot(page, 'mail');
    expect(await web.axe(page)).toEqual([]);

    // without an address the API asks for one, and the page says so
    await other.getByRole('button', { name: '重新投递' }).click();
    const problem = other.locator('.problem');
    await problem.waitFor();
    expect(await problem.locator('.problem-code').innerText()).toBe('MAIL_RECIPIENT_REQUIRED');
    expect(await problem.locator('.problem-detail').innerText()).toMatch(/^这封邮件没有有效的收件地址/);

    // the corrected address: queued again, the dispatcher is nudged and delivers it there
    const fixed = `jsj-${tag}@example.cn`;
    await row.locator('input[name=recipient]').fill(fixed);
    await row.getByRole('button', { name: '重新投递' }).click();
    // the notice of the page (above it), and the row now queued again without its form
    await page.locator('.notice-ok', { hasText: `已重新投递至 ${fixed}` }).waitFor();
    expect(await view.locator(`tr[data-message-id="${bounced.id}"] form.resend`).count()).toBe(0);
    const [delivered] = await mail.waitFor((m) => m.to.includes(fixed), 1, 30_000);
    expect(delivered.subject).toContain('交办通知');
    expect(delivered.subject).toContain(`关于加快老旧小区改造的建议（${tag}）`);
    // the row turns sent just after the mail server accepts the message
    await until('the re-sent mail to be marked sent', async () =>
      (await messages()).some((m) => m.id === bounced.id && m.status === 'sent'),
    );

    // the case's 邮件 section, reached from the row still waiting for an address
    await view.locator(`tr[data-message-id="${unaddressed.id}"] a[href="#/cases/${id}"]`).click();
    const section = page.locator('.view-case[data-ready=true] section[data-section=mail]');
    const sent = section.locator(`tr[data-message-id="${bounced.id}"]`);
    await sent.waitFor();
    expect(await sent.locator('.mail-status').innerText()).toBe('已发送');
    expect(await sent.locator('.mail-recipient').innerText()).toBe(fixed);
    expect(await sent.innerText()).toMatch(ZH_DATE_TIME);
    expect(await sent.innerText()).toContain(`原地址 ${refused}`);
    const waiting = section.locator(`tr[data-message-id="${unaddressed.id}"]`);
    expect(await waiting.locator('.mail-status').innerText()).toBe('投递失败');
    expect(await waiting.innerText()).toContain('NO_RECIPIENT');
    await shoot(page, 'case-mail');
    expect(mail.messages.filter((m) => m.to.includes(fixed))).toHaveLength(1);
  });
});
