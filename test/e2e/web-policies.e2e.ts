import { randomUUID } from 'node:crypto';
import { type Locator, type Page } from 'playwright-core';
import { openBrowser, pickOption, type WebBrowser } from './browser';
import { startStack, Session, Stack } from './harness';

/**
 * 辖区 and 时限政策 in a real browser: the administrator copies the shipped Guangzhou policy, sets
 * its main reply to 2 months and watches the live preview's reply date follow (a bad reminder is
 * named under its field), publishes it, creates a CPPCC-only jurisdiction on it with a local
 * holiday, and registers a CPPCC proposal under that jurisdiction from the register page, which
 * offers only the channels the jurisdiction handles. A unit account reads the same screens
 * without any action that changes them, and is refused the editor. Whatever the pages saved is
 * read back through the API.
 */
describe('web workspace: jurisdictions and deadline policies', () => {
  let stack: Stack;
  let web: WebBrowser;
  const tag = randomUUID().slice(0, 6);
  const policyId = `gz-test-${tag}`;
  const policyName = `广州测试政策${tag}`;
  const jurisdictionId = `gz-cppcc-${tag}`;
  const jurisdictionName = `广州测试市政协${tag}`;
  const number = String(100_000 + Math.floor(Math.random() * 900_000));
  const title = `关于完善社区养老服务设施的提案（${tag}）`;
  let office: Session;
  let staff: Session;
  let admin: Page;

  beforeAll(async () => {
    stack = await startStack(`e2e-web-policies-${randomUUID()}`);
    const unit = await stack.createUnit({ name: `广州市民政局${tag}`, shortName: '民政局' });
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    staff = await stack.createUser('unitStaff', { unitId: unit.id }, { displayName: '李经办' });
    web = await openBrowser(stack, 'web-policies.e2e');
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
  });

  afterEach(() => {
    // An uncaught error in the page is a bug even when the screen looked right.
    expect(web.pageErrors).toEqual([]);
  });

  const shoot = (page: Page, name: string) => web.shoot(page, name);

  /** Goes to `hash` in the page (reloading when it is already there) and waits until it has loaded. */
  async function open(page: Page, hash: string) {
    if (new URL(page.url()).hash === hash) await page.reload();
    else await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await page.locator(`.view[data-ready=true][data-hash="${hash}"]`).waitFor();
  }

  /** Picks an option of the Element Plus select whose hidden input carries the field's name. */
  const choose = (scope: Locator, name: string, option: string | RegExp) =>
    pickOption(scope.locator('.el-select', { has: scope.page().locator(`input[name="${name}"]`) }), option);

  /** Types a date into an Element Plus date picker and confirms it (Enter). */
  async function setDate(input: Locator, value: string) {
    await input.fill(value);
    await input.press('Enter');
  }

  /** Types into an input and leaves it, as a person does (an el-input-number takes its value then). */
  async function type(input: Locator, value: string) {
    await input.fill(value);
    await input.press('Tab');
  }

  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('copies the Guangzhou policy, sets the main reply to 2 months and sees the live preview follow', async () => {
    admin = await web.signIn(stack.admin, '#/admin/policies');
    const view = admin.locator('.view-admin[data-ready=true]');
    await view.locator('.tabs a.active', { hasText: '时限政策' }).waitFor();
    const row = view.locator('tr:has([data-policy-id="guangzhou"])');
    expect(await row.locator('.badge').innerText()).toBe('内置');
    // a shipped policy is copied, never given a new version
    expect(await row.locator('a.publish-next').count()).toBe(0);
    await row.locator('a.copy').click();

    const form = admin.locator('form.policy-editor[data-mode=copy]');
    await form.waitFor();
    const preview = admin.locator('aside.policy-preview');
    await form.locator('input[name=id]').fill(policyId);
    await form.locator('input[name=name]').fill(policyName);
    // the variants of the copied clock are carried over, read-only
    const mainReply = form.locator('fieldset.clock-block[data-clock=mainReply]');
    expect(await mainReply.locator('[data-variant="byChannel.cppcc"]').innerText()).toContain('3个月');
    expect(await form.locator('.carried-line').innerText()).toContain('编辑变体暂不支持');

    // a sample assignment on Thursday 12 March 2026: three months end on Friday 12 June
    await setDate(preview.locator('input[name="sample.assigned"]'), '2026-03-12');
    const due = preview.locator('tr[data-clock=mainReply] td.due');
    const dueOk = (text: string) =>
      admin.locator('aside.policy-preview[data-state=ok] tr[data-clock=mainReply] td.due', { hasText: text });
    await dueOk('2026年6月12日').waitFor();

    await type(mainReply.locator('input[name="clocks.mainReply.count"]'), '2');
    await dueOk('2026年5月12日').waitFor();
    expect(await due.innerText()).toBe('2026年5月12日');
    expect(await mainReply.locator('legend .rule-words').innerText()).toBe('交办之日起2个月');

    // a reminder of 0 days is named under its field, and the preview waits for a sound policy
    const reminders = mainReply.locator('input[name="clocks.mainReply.reminders"]');
    await reminders.fill('30, 0');
    const note = mainReply.locator('.field-error[data-field="clocks.mainReply.reminders"]');
    await note.waitFor();
    expect(await note.innerText()).toContain('1 至 366');
    await admin.locator('aside.policy-preview[data-state=invalid]').waitFor();
    expect(await preview.locator('.preview-problems').innerText()).toContain('答复');
    await reminders.fill('30, 7, 1');
    await note.waitFor({ state: 'detached' });
    await admin.locator('aside.policy-preview[data-state=ok]').waitFor();
    expect(await due.innerText()).toBe('2026年5月12日');

    expect(await web.axe(admin)).toEqual([]);
    // the preview column stays in view as the form scrolls: the picture shows both from the top
    await admin.evaluate('window.scrollTo(0, 0)');
    await shoot(admin, 'policy-editor');

    // 发布 asks first: a published version never changes
    await form.locator('button.publish').click();
    const dialog = admin.locator('.publish-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('发布后不可修改，只能再发布新版本');
    expect(await dialog.innerText()).toContain(policyId);
    await dialog.locator('button.confirm-yes').click();
    await admin.locator('.notice-ok', { hasText: `已发布时限政策“${policyName}”` }).waitFor();
    const published = admin.locator(`.policy-view[data-policy-id="${policyId}"][data-version="1"]`);
    await published.waitFor();
    expect(new URL(admin.url()).hash).toBe(`#/admin/policies/${policyId}?version=1`);
    const clock = published.locator('tr[data-clock=mainReply]');
    expect(await clock.locator('td.rule').innerText()).toContain('交办之日起2个月');
    expect(await clock.locator('[data-variant="byChannel.cppcc"]').innerText()).toContain('3个月');
    expect(await published.locator('.based-on').innerText()).toContain('guangzhou 第1版');
    // an own policy may get a new version
    expect(await published.locator('a.publish-next').count()).toBe(1);
    expect(await web.axe(admin)).toEqual([]);
    await shoot(admin, 'policy-view');

    const stored = await stack.admin.http('GET', `/policies/${policyId}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      id: policyId,
      version: 1,
      name: policyName,
      shipped: false,
      basedOn: { id: 'guangzhou', version: 1 },
      channels: ['npc', 'cppcc'],
    });
    expect(stored.body.clocks.mainReply.rule).toEqual({ kind: 'months', months: 2 });
    expect(stored.body.clocks.mainReply.reminders).toEqual([30, 7, 1]);
    expect(stored.body.clocks.mainReply.byChannel.cppcc.rule).toEqual({ kind: 'months', months: 3 });
    // the published version is immutable
    expect((await stack.admin.http('PATCH', `/policies/${policyId}/versions/1`, {})).status).toBe(409);
  });

  it('creates a CPPCC jurisdiction on the new policy with a local holiday; a shipped one says why it cannot be edited', async () => {
    await open(admin, '#/admin/jurisdictions');
    const view = admin.locator('.view-admin[data-ready=true]');
    const shipped = view.locator('tr:has([data-jurisdiction-id="guangzhou"])');
    expect(await shipped.locator('.badge').innerText()).toBe('内置');
    expect(await shipped.locator('a.edit').count()).toBe(0);
    await view.locator('a.new-jurisdiction').click();

    const form = admin.locator('form.admin-jurisdiction-form');
    await form.waitFor();
    await form.locator('input[name=id]').fill(jurisdictionId);
    await form.locator('input[name=name]').fill(jurisdictionName);
    await choose(form, 'policyId', new RegExp(`（${escape(policyId)}）`));
    await form.locator('.select-version', { hasText: '第1版' }).waitFor();
    // the channels offered are the policy's; this office handles CPPCC proposals only
    const channels = form.locator('.channels');
    await channels.locator('label', { hasText: '人大代表建议' }).waitFor();
    await channels.locator('label', { hasText: '人大代表建议' }).click();
    expect(await channels.getByRole('checkbox', { name: '人大代表建议' }).isChecked()).toBe(false);
    expect(await channels.getByRole('checkbox', { name: '政协提案' }).isChecked()).toBe(true);

    await form.locator('button.add-override').click();
    const override = form.locator('.override-row').first();
    await setDate(override.locator('input[name="o.date"]'), '2026-06-12');
    await override.locator('input[name="o.note"]').fill('本市纪念日');
    expect(await override.locator('.el-select', { hasText: '放假' }).count()).toBe(1);

    await form.locator('input[name=docNumberPattern]').fill('{unit}函〔{year}〕{seq}号');
    const doc = form.locator('.admin-field', { has: admin.locator('input[name=docNumberPattern]') });
    expect(await doc.locator('.field-hint').innerText()).toMatch(/^示例：穗教函〔\d{4}〕12号$/);
    // a pattern without a sequence number is named at once
    await form.locator('input[name=indexNumberPattern]').fill('{org}-{year}');
    const index = form.locator('.admin-field', { has: admin.locator('input[name=indexNumberPattern]') });
    expect(await index.locator('.field-hint').innerText()).toContain('{seq}');
    await form.locator('input[name=indexNumberPattern]').fill('{org}-{year}-{seq:5}');
    expect(await index.locator('.field-hint').innerText()).toMatch(/^示例：11440100-\d{4}-00012$/);

    await form.locator('button.add-escalation').click();
    await form.locator('.escalation-row input[name="c.name"]').fill('市政协提案委');
    await form.locator('.escalation-row input[name="c.email"]').fill(`taw-${tag}@example.cn`);
    expect(await web.axe(admin)).toEqual([]);
    await shoot(admin, 'jurisdiction-new');
    await form.locator('button[type=submit]').click();

    await admin.locator('.notice-ok', { hasText: `已新建辖区“${jurisdictionName}”` }).waitFor();
    const card = admin.locator(`.jurisdiction-view[data-jurisdiction-id="${jurisdictionId}"]`);
    await card.waitFor();
    expect(await card.locator('.channels').innerText()).toBe('政协提案');
    expect(await card.locator('dd.policy').innerText()).toContain(`${policyId} 第1版`);
    expect(await card.locator('table.overrides tr[data-date="2026-06-12"]').innerText()).toMatch(
      /2026年6月12日\s+放假\s+本市纪念日/,
    );
    expect(await card.locator('.reply-classes').innerText()).toContain('所提问题已经解决或基本解决');
    expect(await web.axe(admin)).toEqual([]);
    await shoot(admin, 'jurisdiction-view');

    const stored = await stack.admin.http('GET', `/jurisdictions/${jurisdictionId}`);
    expect(stored.body).toMatchObject({
      id: jurisdictionId,
      name: jurisdictionName,
      level: 'city',
      channels: ['cppcc'],
      policyId,
      policyVersion: 1,
      calendarOverrides: [{ date: '2026-06-12', kind: 'holiday', note: '本市纪念日' }],
      docNumberPattern: '{unit}函〔{year}〕{seq}号',
      indexNumberPattern: '{org}-{year}-{seq:5}',
      escalationContacts: [{ target: 'supervisor', name: '市政协提案委', email: `taw-${tag}@example.cn` }],
      shipped: false,
    });

    // the list names it as the administrator's own, with its policy version
    await open(admin, '#/admin/jurisdictions');
    const row = admin.locator(
      `.view-admin[data-ready=true] tr:has([data-jurisdiction-id="${jurisdictionId}"])`,
    );
    expect(await row.locator('.badge').innerText()).toBe('自定义');
    expect(await row.locator('a.jurisdiction-policy').innerText()).toBe(`${policyId} 第1版`);
    expect(await row.locator('a.edit').count()).toBe(1);
    await shoot(admin, 'jurisdictions');

    // a shipped jurisdiction is not offered for editing; its address says why
    await open(admin, '#/admin/jurisdictions/guangzhou/edit');
    const why = admin.locator('.view-admin[data-ready=true] .read-only-why');
    expect(await why.innerText()).toContain('内置辖区');
    expect(await admin.locator('.view-admin form').count()).toBe(0);
  });

  it('registers a CPPCC proposal under the new jurisdiction, offered only the channels it handles', async () => {
    const page = await web.signIn(office, '#/new');
    const form = page.locator('form.register');
    await form.waitFor();
    await choose(form, 'jurisdiction', new RegExp(`（${escape(jurisdictionId)}）$`));
    await form.locator('.jurisdiction-policy', { hasText: `${policyId} 第1版` }).waitFor();
    // the channel follows the jurisdiction, and it is the only one offered
    const channel = form.locator('.el-select', { has: page.locator('input[name="channel"]') });
    await channel.locator('.el-select__selected-item', { hasText: '政协提案' }).waitFor();
    await channel.click();
    const options = page.locator('.el-select-dropdown:visible [role=option]');
    await options.first().waitFor();
    expect(await options.allInnerTexts()).toEqual(['政协提案']);
    await page.keyboard.press('Escape');

    await form.locator('input[name=term]').fill('14');
    await form.locator('input[name=session]').fill('4');
    await form.locator('input[name=number]').fill(number);
    await form.locator('input[name=title]').fill(title);
    await form.locator('input[name="p.name"]').fill(`陈委员${tag}`);
    await choose(form, 'p.kind', '委员');
    await shoot(page, 'register-jurisdiction');
    await form.locator('button[type=submit]').click();

    await page.locator('.notice-ok', { hasText: '已登记' }).waitFor();
    const caseId = page.url().split('#/cases/')[1];
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.locator('.case-no').innerText()).toContain(`政协十四届四次会议第${number}号`);
    const stored = await office.http('GET', `/proposals/${caseId}`);
    expect(stored.body).toMatchObject({
      jurisdiction: jurisdictionId,
      channel: 'cppcc',
      policyId,
      policyVersion: 1,
    });

    // a channel the jurisdiction does not handle is refused by the API as well
    const refused = await office.http('POST', '/proposals', {
      jurisdiction: jurisdictionId,
      channel: 'npc',
      term: 14,
      session: 4,
      number: `N${tag}`,
      title,
      proposers: [{ name: `陈代表${tag}`, kind: 'deputy' }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CHANNEL_NOT_COVERED');
  });

  it('a unit account reads jurisdictions and policies without any action that changes them', async () => {
    const page = await web.signIn(staff, '#/admin/policies');
    const view = page.locator('.view-admin[data-ready=true]');
    await view.locator(`tr:has([data-policy-id="${policyId}"])`).waitFor();
    // only the tabs it may read, and no edit actions
    expect(await view.locator('.tabs a').allInnerTexts()).toEqual([
      expect.stringContaining('辖区'),
      expect.stringContaining('时限政策'),
    ]);
    expect(await view.locator('a.copy, a.publish-next').count()).toBe(0);

    await open(page, `#/admin/policies/${policyId}?version=1`);
    const policy = page.locator(`.policy-view[data-policy-id="${policyId}"]`);
    expect(await policy.locator('tr[data-clock=mainReply] td.rule').innerText()).toContain('交办之日起2个月');
    expect(await policy.locator('.policy-actions, a.copy, a.publish-next').count()).toBe(0);

    await open(page, '#/admin/jurisdictions');
    await page
      .locator(`.view-admin[data-ready=true] tr:has([data-jurisdiction-id="${jurisdictionId}"])`)
      .waitFor();
    expect(await page.locator('.view-admin a.new-jurisdiction, .view-admin a.edit').count()).toBe(0);
    await open(page, `#/admin/jurisdictions/${jurisdictionId}`);
    await page.locator('.jurisdiction-view').waitFor();
    expect(await page.locator('.jurisdiction-view a.edit').count()).toBe(0);
    expect(await web.axe(page)).toEqual([]);

    // the editor's address is refused, and so is the API
    await open(page, `#/admin/policies/${policyId}/copy?version=1`);
    const refused = page.locator('.view-admin[data-ready=true]');
    expect(await refused.locator('.problem-code').innerText()).toBe('FORBIDDEN_ROLE');
    expect(await refused.locator('form').count()).toBe(0);
    expect((await staff.http('POST', '/policies', { id: `x-${tag}`, policy: {} })).status).toBe(403);
    expect((await staff.http('PATCH', `/jurisdictions/${jurisdictionId}`, { name: '某' })).status).toBe(403);
  });
});
