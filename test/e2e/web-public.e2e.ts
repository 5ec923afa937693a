import { randomInt, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ProposalEntity, ReplyEntity } from '@banli/persistence';
import { openBrowser, pickOption, type WebBrowser } from './browser';
import { Stack, startStack } from './harness';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * 建议提案答复公开 in a real browser, never signed in: the list of published replies with their
 * 索引号, 发布机构 and 发布日期, the 届次 and channel filters and the search, one reply with its
 * disclosure metadata above the letter — and no phone number anywhere on the page, no request with
 * a token, no request to anything but the public API.
 */
describe('web workspace in chromium: published replies, without signing in', () => {
  let stack: Stack;
  let web: WebBrowser;
  // letters only: a tag next to a number must never make a run of digits that reads as a phone number
  const tag = Array.from({ length: 6 }, () => 'abcdefghjkmnpqrstuvwxyz'[randomInt(23)]).join('');
  const term = 89;
  const s1 = randomInt(100, 10_000);
  const jurisdiction = 'hangzhou';
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * 86_400_000);
  const PHONES = ['85159162', '13812345678', '0571-87654321', '87654321'];
  const ids = { npc: randomUUID(), npc2: randomUUID(), cppcc: randomUUID(), unpublished: randomUUID() };
  const titles = {
    npc: `关于市十四届人大五次会议第001号建议的答复${tag}`,
    npc2: `关于发展乡村民宿的建议的答复${tag}`,
    cppcc: `关于市政协第003号提案的答复${tag}`,
    unpublished: `尚未公开的答复${tag}`,
  };

  const seed = async (
    key: keyof typeof ids,
    channel: 'npc' | 'cppcc',
    session: number,
    number: string,
    unitId: string,
    publishedAt: Date | null,
  ) => {
    const proposalId = randomUUID();
    await stack.ds.getRepository(ProposalEntity).insert({
      id: proposalId,
      workflowId: `proposal:${jurisdiction}:${channel}:${term}-${session}:${number}:${tag}`,
      jurisdiction,
      channel,
      term,
      session,
      number,
      title: `建议提案${number}${tag}`,
      stage: 'REPLIED',
      policyId: jurisdiction,
      policyVersion: 1,
      registeredAt: daysAgo(100),
    });
    await stack.ds.getRepository(ReplyEntity).insert({
      id: ids[key],
      proposalId,
      unitId,
      kind: 'reply',
      round: 1,
      replyClass: 'B',
      title: titles[key],
      docNumber: `杭水函〔2026〕${number}号`,
      text: [
        '张明代表：',
        '您提出的建议收悉，现答复如下。',
        '一、今年新建水厂3座，改造管网120公里。',
        '联系人：李华，联系电话：85159162；手机：13812345678；传真：0571-87654321。',
      ].join('\n'),
      contactPerson: '赵联络',
      contactPhone: '87654321',
      late: false,
      repliedAt: daysAgo(20),
      letterDate: '2026-06-18',
      publicity: 'active',
      publishedAt,
      indexNo: `002489-${tag}-${number}`,
      publisher: `杭州市水利局${tag}`,
      publicationMethod: '主动公开',
      validity: '有效',
      enteredByOffice: false,
    });
  };

  beforeAll(async () => {
    stack = await startStack(`e2e-web-public-${randomUUID()}`);
    const unit = await stack.createUnit({ name: `杭州市水利局${tag}`, contactPhone: '13812345678' });
    await seed('npc', 'npc', s1, '001', unit.id, daysAgo(2));
    await seed('npc2', 'npc', s1, '002', unit.id, daysAgo(3));
    await seed('cppcc', 'cppcc', s1 + 1, '003', unit.id, daysAgo(1));
    await seed('unpublished', 'npc', s1, '004', unit.id, null);
    web = await openBrowser(stack, 'web-public.e2e');
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(web.pageErrors).toEqual([]);
  });

  /** Every request the page makes, with whether it carried a token. */
  const watch = (page: Page) => {
    const asked: { path: string; token: boolean }[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.origin === stack.url) asked.push({ path: url.pathname, token: !!r.headers().authorization });
    });
    return asked;
  };

  /**
   * The visible text holds no seeded phone and no run of 7 digits (ids and 索引号 aside: the
   * database may hold other tests' replies, whose index numbers are long runs of digits by design).
   */
  const assertNoPhones = async (page: Page) => {
    const published = await stack.http('GET', '/public/replies?size=100');
    const indexNos: string[] = published.body.items.map((x: { indexNo: string | null }) => x.indexNo ?? '');
    let text = (await page.locator('body').innerText()).replace(UUID, '');
    for (const no of indexNos.filter(Boolean).sort((a, b) => b.length - a.length))
      text = text.split(no).join('');
    for (const phone of PHONES) expect(text).not.toContain(phone);
    expect(text).not.toMatch(/\d{7}/);
    const html = (await page.content()).replace(UUID, '');
    for (const phone of PHONES) expect(html).not.toContain(phone);
  };

  const rows = (page: Page) => page.locator('.public-table .reply-link');
  const titlesOn = async (page: Page) => (await rows(page).allInnerTexts()).map((s) => s.trim());
  const ready = (page: Page) => page.locator('.view-public[data-ready=true]').waitFor();

  it('lists the published replies with their metadata, filters them and opens one, never signed in', async () => {
    const page = await web.newPage();
    const asked = watch(page);
    await page.goto(`${stack.url}/#/public`);
    await ready(page);
    expect(page.url()).toContain('#/public');
    await page.getByRole('heading', { name: '建议提案答复公开' }).waitFor();
    expect(await page.locator('form.login').count()).toBe(0);
    const listed = await titlesOn(page);
    expect(listed).toEqual(expect.arrayContaining([titles.cppcc, titles.npc, titles.npc2]));
    expect(listed).not.toContain(titles.unpublished);
    // newest published first
    expect(listed.indexOf(titles.cppcc)).toBeLessThan(listed.indexOf(titles.npc));
    expect(listed.indexOf(titles.npc)).toBeLessThan(listed.indexOf(titles.npc2));
    const row = page.locator('.public-table tr', { has: page.locator(`[data-reply-id="${ids.npc}"]`) });
    await row.locator('td.index-no', { hasText: `002489-${tag}-001` }).waitFor();
    await row.locator('td.publisher', { hasText: `杭州市水利局${tag}` }).waitFor();
    await row.locator('td.published-at', { hasText: /\d{4}年\d{1,2}月\d{1,2}日/ }).waitFor();
    await row.locator('td.doc-number', { hasText: '杭水函〔2026〕001号' }).waitFor();
    await page.locator('a.feed[href="/public/feed.atom"]', { hasText: '订阅' }).waitFor();
    await assertNoPhones(page);
    expect(await web.axe(page)).toEqual([]);

    // 届次: only the first session's two replies
    const sessions = (await stack.http('GET', `/public/replies?jurisdiction=${jurisdiction}&term=${term}`))
      .body.sessions as any[];
    const first = sessions.find((s) => s.session === s1 && s.channel === 'npc');
    await pickOption(
      page.locator('.session-select'),
      `${first.jurisdiction.name} ${first.label}（${first.count}）`,
    );
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(new RegExp(`session=${s1}`));
    await ready(page);
    expect((await titlesOn(page)).sort()).toEqual([titles.npc, titles.npc2].sort());
    await web.shoot(page, 'list');

    // channel: only the CPPCC reply
    await page.goto(`${stack.url}/#/public`);
    await ready(page);
    await pickOption(page.locator('.channel-select'), '政协提案');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/channel=cppcc/);
    await ready(page);
    expect(await titlesOn(page)).toContain(titles.cppcc);
    expect(await titlesOn(page)).not.toContain(titles.npc);

    // search by index number
    await page.goto(`${stack.url}/#/public`);
    await ready(page);
    await page.fill('input[name=q]', `002489-${tag}-002`);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/q=/);
    await ready(page);
    expect(await titlesOn(page)).toEqual([titles.npc2]);

    // one reply: the disclosure block, then the letter with its phone numbers masked
    await page.goto(`${stack.url}/#/public`);
    await ready(page);
    await page.locator(`[data-reply-id="${ids.npc}"]`).click();
    await page.waitForURL(new RegExp(`#/public/replies/${ids.npc}`));
    await page.locator('.view-public[data-ready=true] .public-reply').waitFor();
    await page.getByRole('heading', { name: titles.npc }).waitFor();
    const facts = await page.locator('.disclosure').innerText();
    for (const label of ['索引号', '发布机构', '文号', '发布日期', '公开方式', '时效性'])
      expect(facts).toContain(label);
    await page.locator('.disclosure .index-no', { hasText: `002489-${tag}-001` }).waitFor();
    await page.locator('.disclosure .publisher', { hasText: `杭州市水利局${tag}` }).waitFor();
    await page.locator('.disclosure .doc-number', { hasText: '杭水函〔2026〕001号' }).waitFor();
    await page.locator('.disclosure .method', { hasText: '主动公开' }).waitFor();
    await page.locator('.disclosure .validity', { hasText: '有效' }).waitFor();
    await page.locator('.disclosure .published-at', { hasText: /\d{4}年\d{1,2}月\d{1,2}日/ }).waitFor();
    const letter = await page.locator('.letter').innerText();
    expect(letter).toContain('联系电话：＊＊＊＊＊＊＊＊');
    expect(letter).toContain('改造管网120公里');
    await assertNoPhones(page);
    expect(await web.axe(page)).toEqual([]);
    await web.shoot(page, 'reply');

    // nothing but the public API (and the page itself), never with a token
    expect(asked.filter((a) => a.token)).toEqual([]);
    const api = asked.filter((a) => !/^\/($|assets\/|web\/|favicon)/.test(a.path));
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((a) => !a.path.startsWith('/public/'))).toEqual([]);
  });

  it('answers an unpublished reply as not found', async () => {
    const page = await web.newPage();
    await page.goto(`${stack.url}/#/public/replies/${ids.unpublished}`);
    await ready(page);
    await page.locator('.view-public', { hasText: 'NOT_FOUND' }).waitFor();
    expect(await page.locator('.view-public').innerText()).not.toContain(titles.unpublished);
  });
});
