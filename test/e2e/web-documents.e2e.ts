import { randomInt, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Page } from 'playwright-core';
import { docxText } from '@banli/documents';
import { openBrowser, type WebBrowser } from './browser';
import { startStack, Session, Stack } from './harness';

/**
 * Reply letters in the browser: a jointly handled case replied jointly (联合行文). The lead unit's
 * staff drafts the letter (文号 proposed from the unit's pattern, date, signer, 抄送, 公开属性); the
 * co-handler countersigns it (会签); the lead's leader signs off; the staff sends it and downloads
 * the Word letter (read back: title, both signing units, 文号, contact phone); the print view shows
 * the page; the office publishes the reply; the public page lists it.
 */
describe('reply letters, countersign and publication in chromium', () => {
  let stack: Stack;
  let web: WebBrowser;
  // letters only: a tag next to a number must never make a run of digits that reads as a phone number
  const tag = Array.from({ length: 6 }, () => 'abcdefghjkmnpqrstuvwxyz'[randomInt(23)]).join('');
  const year = new Date().getFullYear();
  const letterTitle = `关于加强社区居家养老服务的建议的答复（${tag}）`;
  const phone = `0571-8700${tag.replace(/\D/g, '').padEnd(4, '1').slice(0, 4)}`;
  let lead: any;
  let co: any;
  let office: Session;
  let leadStaff: Session;
  let leadLeader: Session;
  let coStaff: Session;
  let caseId: string;

  beforeAll(async () => {
    stack = await startStack(`e2e-web-documents-${randomUUID()}`);
    lead = await stack.createUnit({
      name: `杭州市民政局${tag}`,
      shortName: '市民政局',
      leaderName: '陈局长',
      docNumberPattern: `杭民函${tag}〔{year}〕{seq}号`,
    });
    co = await stack.createUnit({ name: `杭州市卫生健康委员会${tag}`, shortName: '市卫健委' });
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    leadStaff = await stack.createUser('unitStaff', { unitId: lead.id }, { displayName: '李经办' });
    leadLeader = await stack.createUser('unitLeader', { unitId: lead.id }, { displayName: '陈局长' });
    coStaff = await stack.createUser('unitStaff', { unitId: co.id }, { displayName: '周会办' });
    web = await openBrowser(stack, 'web-documents.e2e');

    // a joint case, replied jointly, signed for by both units; contact recorded; opinion sent
    const ok = (r: { status: number; body: unknown }, what: string) => {
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as any;
    };
    const reg = ok(
      await office.http('POST', '/proposals', {
        jurisdiction: 'cn-national',
        channel: 'npc',
        term: 14,
        session: 3,
        number: `D${tag}`,
        title: `关于加强社区居家养老服务的建议（${tag}）`,
        proposers: [{ name: `林代表${tag}`, kind: 'deputy' }],
      }),
      'register',
    );
    caseId = reg.id;
    ok(
      await office.http('POST', `/proposals/${caseId}/file`, { number: `立D${tag}`, category: '民政' }),
      'file',
    );
    ok(
      await office.http('POST', `/proposals/${caseId}/assign`, {
        mode: 'joint',
        units: [
          { unitId: lead.id, role: 'lead' },
          { unitId: co.id, role: 'co' },
        ],
      }),
      'assign',
    );
    ok(await office.http('POST', `/proposals/${caseId}/joint-reply`, { jointReply: true }), 'joint reply');
    ok(await leadStaff.http('POST', `/proposals/${caseId}/units/${lead.id}/sign-for`), 'lead signs for');
    ok(await coStaff.http('POST', `/proposals/${caseId}/units/${co.id}/sign-for`), 'co signs for');
    ok(
      await leadStaff.http('POST', `/proposals/${caseId}/contacts`, {
        method: 'faceToFace',
        date: new Date(Date.now() - 3_600_000).toISOString(),
        by: '李经办',
      }),
      'contact',
    );
    ok(
      await coStaff.http('POST', `/proposals/${caseId}/opinions`, { text: `同意主办单位意见（${tag}）` }),
      'opinion',
    );
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(web.pageErrors).toEqual([]);
  });

  const action = (page: Page, id: string) => page.locator(`.actions > form.action[data-action="${id}"]`);

  /** Opens the case as `who` and waits for its live state and actions. */
  async function openCase(who: Session): Promise<Page> {
    const page = await web.signIn(who, `#/cases/${caseId}`);
    await page.locator('.view-case[data-ready=true] .actions').waitFor();
    return page;
  }

  /** Submits a primary action and waits for its notice (confirming when the page asks). */
  async function act(page: Page, id: string, notice: string | RegExp, confirm?: RegExp) {
    await action(page, id).locator('button[type=submit]').first().click();
    if (confirm) {
      const box = action(page, id).locator('.confirm[role=alertdialog]');
      await box.waitFor();
      expect(await box.innerText()).toMatch(confirm);
      await box.locator('button[data-confirm=yes]').click();
    }
    await page.locator('.notice-ok', { hasText: notice }).waitFor();
  }

  /** What `get` answers once it answers `want`, or its last answer after 10 s. */
  async function eventually<T>(get: () => Promise<T>, want: T): Promise<T> {
    const end = Date.now() + 10_000;
    let last = await get();
    while (last !== want && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      last = await get();
    }
    return last;
  }

  async function noSeriousA11y(page: Page) {
    expect(await web.axe(page)).toEqual([]);
  }

  it('the lead drafts the letter with its proposed 文号, date and publicity; it goes to the co-handler', async () => {
    const page = await openCase(leadStaff);
    const form = action(page, 'draftReply');
    await form.waitFor();
    // the unit's next number is proposed and filled in
    const docNumber = form.locator('input[name=docNumber]');
    expect(await eventually(() => docNumber.inputValue(), `杭民函${tag}〔${year}〕1号`)).toBe(
      `杭民函${tag}〔${year}〕1号`,
    );
    expect(await form.locator('.suggestion').innerText()).toContain('建议文号');
    // today's date, 主动公开 and the unit leader as signer are the defaults
    expect(await form.locator('input[name=letterDate]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await form.getByRole('radio', { name: '主动公开', exact: true }).isChecked()).toBe(true);
    expect(await form.locator('input[name=signerName]').inputValue()).toBe('陈局长');
    // 不予公开 asks for its reason
    await form.locator('label', { has: page.getByRole('radio', { name: '不予公开', exact: true }) }).click();
    await form.locator('textarea[name=publicityReason]').waitFor();
    await form.locator('label', { has: page.getByRole('radio', { name: '主动公开', exact: true }) }).click();
    await form.locator('textarea[name=publicityReason]').waitFor({ state: 'detached' });

    await form.locator('input[name=title]').fill(letterTitle);
    await form
      .locator('textarea[name=text]')
      .fill(
        `您提出的建议收悉。现答复如下：\n一、推进社区嵌入式养老服务设施建设。\n感谢您对民政工作的关心和支持。（${tag}）`,
      );
    await form.locator('input[name=contactPhone]').fill(phone);
    await form.locator('input[name=signerTitle]').fill('局长');
    const copies = form.locator('[data-field=copies] input');
    await copies.fill('市人大常委会代表工作委员会');
    await copies.press('Enter');
    await form.locator('label', { has: page.getByRole('radio', { name: '同意', exact: true }) }).click();
    await web.shoot(page, 'draft-form');
    await act(page, 'draftReply', '答复稿已提交');

    // the countersign status: the co-handler has yet to countersign, with its deadline
    const row = page.locator(`.countersigns li[data-unit-id="${co.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-countersign')).toBe('pending');
    expect(await row.innerText()).toMatch(/待会签[\s\S]*会签期限 \d{4}年\d{1,2}月\d{1,2}日/);
    await noSeriousA11y(page);
  });

  it('the co-handler countersigns the lead’s draft (同意)', async () => {
    const page = await openCase(coStaff);
    const form = action(page, 'countersign');
    await form.waitFor();
    expect(await form.locator('.draft').innerText()).toContain(letterTitle);
    expect(await form.locator('.draft').innerText()).toContain(`杭民函${tag}〔${year}〕1号`);
    expect(await form.getByRole('radio', { name: '同意', exact: true }).isChecked()).toBe(true);
    await web.shoot(page, 'countersign');
    await noSeriousA11y(page);
    await act(page, 'countersign', '已会签');
  });

  it('the lead’s leader signs off, and the staff send the reply and download the Word letter', async () => {
    const leader = await openCase(leadLeader);
    const agreed = leader.locator(`.countersigns li[data-unit-id="${co.id}"]`);
    await agreed.waitFor();
    expect(await agreed.getAttribute('data-countersign')).toBe('agree');
    await act(leader, 'signOff', '已签发');

    const page = await openCase(leadStaff);
    await act(page, 'reply', '已答复代表委员', /正式答复/);
    const reply = page.locator(`article.reply[data-unit-id="${lead.id}"]`);
    await reply.waitFor();
    expect(await reply.locator('.doc-number').innerText()).toContain(`杭民函${tag}〔${year}〕1号`);
    expect(await reply.locator('.signing-units').innerText()).toContain(co.name);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      reply.locator('button.download-docx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const text = await docxText(await readFile((await download.path())!));
    expect(text).toContain(letterTitle);
    expect(text).toContain(lead.name);
    expect(text).toContain(co.name);
    expect(text).toContain(`杭民函${tag}〔${year}〕1号`);
    expect(text).toContain(phone);

    // the print view: the page as printed, with 打印 and 下载 Word
    await reply.locator('a.preview-letter').click();
    const letter = page.locator('.view-letter[data-ready=true] article.letter-page');
    await letter.waitFor();
    expect(await letter.locator('.letter-title').innerText()).toBe(letterTitle);
    expect(await letter.locator('.doc-number').innerText()).toBe(`杭民函${tag}〔${year}〕1号`);
    expect(await letter.locator('.signing-unit').allInnerTexts()).toEqual([lead.name, co.name]);
    expect(await letter.locator('.contact').innerText()).toContain(phone);
    expect(await letter.locator('.copies').innerText()).toContain('市人大常委会代表工作委员会');
    expect(await letter.locator('.body').first().evaluate('(e) => getComputedStyle(e).textIndent')).not.toBe(
      '0px',
    );
    await page.locator('.letter-tools button.print').waitFor();
    await page.locator('.letter-tools button.download-docx').waitFor();
    await web.shoot(page, 'letter');
    await noSeriousA11y(page);
  });

  it('the office publishes the reply, and the public page lists it', async () => {
    const page = await openCase(office);
    const form = action(page, 'publishReply');
    await form.waitFor();
    await act(page, 'publishReply', '答复已公开');
    const published = page.locator(`article.reply[data-unit-id="${lead.id}"] .publication`);
    await published.waitFor();
    expect((await published.locator('.index-no').innerText()).trim()).not.toBe('');
    expect(await published.locator('.publisher').innerText()).toBe(lead.name);
    expect(await published.locator('.published-at').innerText()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    await web.shoot(page, 'published');

    const visitor = await web.newPage();
    await visitor.goto(`${stack.url}/#/public?q=${encodeURIComponent(tag)}`);
    const row = visitor.locator('.public-table tr', { hasText: `杭民函${tag}〔${year}〕1号` });
    await row.waitFor();
    expect(await row.innerText()).toContain(letterTitle);
    await web.shoot(visitor, 'public');
  });
  it('the administrator sets a unit’s 文号 patterns (a bad one is refused under its field) and the reply rules of a policy', async () => {
    const admin = await web.signIn(stack.admin, `#/admin/units/${co.id}`);
    const form = admin.locator('form.admin-unit');
    await form.waitFor();
    await form.locator('input[name=docNumberPattern]').fill('杭卫函〔{year}〕');
    await form.locator('button[type=submit]').click();
    const note = form.locator('.field-error[data-field=docNumberPattern]');
    await note.waitFor();
    expect(await note.innerText()).toMatch(/文号格式/);
    await form.locator('input[name=docNumberPattern]').fill(`杭卫函${tag}〔{year}〕{seq}号`);
    await form.locator('input[name=opinionNumberPattern]').fill(`杭卫提函${tag}〔{year}〕{seq:3}号`);
    await form.locator('button[type=submit]').click();
    await admin.locator('.notice-ok', { hasText: '已保存承办单位' }).waitFor();
    const saved = (await stack.admin.http('GET', `/units/${co.id}`)).body;
    expect(saved).toMatchObject({
      docNumberPattern: `杭卫函${tag}〔{year}〕{seq}号`,
      opinionNumberPattern: `杭卫提函${tag}〔{year}〕{seq:3}号`,
    });

    await admin.evaluate(`location.hash = '#/admin/policies/cn-national/copy'`);
    const editor = admin.locator('form.policy-editor');
    await editor.waitFor();
    for (const [name, label] of [
      ['jointReply', /联合行文/],
      ['officeReview', /审核/],
      ['replyPerProposer', /逐人答复/],
    ] as const) {
      const box = editor.getByRole('checkbox', { name: label });
      expect(await box.getAttribute('name')).toBe(name);
    }
    expect(await editor.getByRole('checkbox', { name: /逐人答复/ }).isChecked()).toBe(true);
    expect(await editor.getByRole('checkbox', { name: /联合行文/ }).isChecked()).toBe(false);
  });

  it('the office enters a past case’s actions (补录); a refusal names the item and records nothing', async () => {
    const reg = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number: `P${tag}`,
      registeredAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      title: `关于完善老旧小区加装电梯政策的建议（${tag}）`,
      proposers: [{ name: `何代表${tag}`, kind: 'deputy' }],
    });
    const past = reg.body.id as string;
    const page = await web.signIn(office, `#/cases/${past}`);
    await page.locator('.view-case[data-ready=true] .actions a[href$="/past"]').click();
    const form = page.locator('.view-past[data-ready=true] form.past-actions');
    await form.waitFor();
    const fields = form.locator('.past-row textarea[name=fields]');
    expect(JSON.parse(await fields.inputValue())).toEqual({ number: '', category: '' });
    // the number left empty: the workflow refuses, nothing is recorded
    await form.locator('button[type=submit]').click();
    await form.locator('.problem').waitFor();
    expect(await form.locator('.problem-detail').innerText()).toMatch(/第 ?1 ?项/);
    expect((await office.http('GET', `/proposals/${past}`)).body.stage).toBe('UNDER_REVIEW');
    // filed yesterday (Beijing date), after the registration ten days ago
    const yesterday = new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const date = form.locator('.past-row input[name=date]');
    await date.fill(yesterday);
    await date.press('Enter');
    await fields.fill(JSON.stringify({ number: `立P${tag}`, category: '住建' }));
    await web.shoot(page, 'past-actions');
    await form.locator('button[type=submit]').click();
    await page.locator('.notice-ok', { hasText: '已补录 1 项' }).waitFor();
    expect((await office.http('GET', `/proposals/${past}`)).body.stage).toBe('FILED');
  });
});
