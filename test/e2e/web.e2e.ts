import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { type Locator, type Page } from 'playwright-core';
import { createTaskLink } from '@banli/links';
import { openBrowser, pickOption, type WebBrowser } from './browser';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { startStack, Session, Stack } from './harness';

const ZH_DATE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
const ZH_DATE_TIME = /\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/;

/** '2026-06-30' → 2026年6月30日 */
const zh = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/**
 * The web workspace over the real stack, in a real browser: the office registers, files and
 * assigns; the supervisor urges and marks a key case; the lead unit signs for, records contact
 * and drafts; its leader signs off; the unit replies; the proposer rates the reply. Refusals
 * show the workflow's reason and code; the deadline preview explains its dates; the office
 * re-sends task mail the mail server refused.
 */
describe('web workspace in chromium', () => {
  let stack: Stack;
  let web: WebBrowser;
  /** Every mail the stack sends; addresses at bounce.example.cn are refused for good (550). */
  const mail = new MailCatcher();
  const tag = randomUUID().slice(0, 6);
  const number = String(100_000 + Math.floor(Math.random() * 900_000));
  const title = `关于加强农村寄宿制学校建设的建议（${tag}）`;
  const replyText = `张代表：您提出的关于加强农村寄宿制学校建设的建议收悉，现答复如下：一、加大投入……（${tag}）`;
  const proposerName = `张代表${tag}`;
  let lead: any;
  let co: any;
  let office: Session;
  let leadStaff: Session;
  let leadLeader: Session;
  let coStaff: Session;
  let supervisor: Session;
  let caseId: string;

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    mail.rejectRecipients = /@bounce\.example\.cn$/;
    stack = await startStack(`e2e-web-${randomUUID()}`, { SMTP_PORT: String(smtpPort) });
    lead = await stack.createUnit({ name: `省教育厅${tag}`, shortName: '教育厅' });
    co = await stack.createUnit({ name: `省财政厅${tag}`, shortName: '财政厅' });
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    leadStaff = await stack.createUser('unitStaff', { unitId: lead.id }, { displayName: '李明' });
    leadLeader = await stack.createUser('unitLeader', { unitId: lead.id }, { displayName: '陈厅长' });
    coStaff = await stack.createUser('unitStaff', { unitId: co.id }, { displayName: '周会办' });
    supervisor = await stack.createUser('supervisor', {}, { displayName: '赵督办' });
    web = await openBrowser(stack, 'web.e2e');
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

  const newPage = () => web.newPage();
  const signIn = (who: Session, hash = '') => web.signIn(who, hash);

  const shoot = (page: Page, name: string) => web.shoot(page, name);

  const action = (page: Page, id: string) => page.locator(`.actions > form.action[data-action="${id}"]`);

  /**
   * Submits a primary action form and waits for the re-rendered case view's success notice. An
   * irreversible action first asks, in the page, naming what will be recorded: `confirm` is that
   * question (checked), and the action is confirmed.
   */
  async function act(page: Page, id: string, notice: string | RegExp, confirm?: string | RegExp) {
    await action(page, id).locator('button[type=submit]').first().click();
    if (confirm !== undefined) {
      const box = action(page, id).locator('.confirm[role=alertdialog]');
      await box.waitFor();
      expect(await box.innerText()).toMatch(confirm);
      await box.locator('button[data-confirm=yes]').click();
    }
    await page.locator('.notice-ok', { hasText: notice }).waitFor();
  }

  /** Picks an option of the Element Plus select whose hidden input carries the field's name. */
  const choose = (scope: Locator, name: string, option: string | RegExp) =>
    pickOption(scope.locator('.el-select', { has: scope.page().locator(`input[name="${name}"]`) }), option);

  /** Ticks an Element Plus check box or radio button by its visible label (the native input is hidden). */
  async function tick(scope: Locator, role: 'checkbox' | 'radio', name: string) {
    const control = scope.page().getByRole(role, { name, exact: true });
    await scope.locator('label', { has: control }).click();
    expect(await scope.getByRole(role, { name, exact: true }).isChecked()).toBe(true);
  }

  /** Types a date into an Element Plus date picker and confirms it (Enter), or clears it with ''. */
  async function setDate(input: Locator, value: string) {
    await input.fill(value);
    await input.press('Enter');
  }

  /** Opens 其他操作 → the named action and submits it; returns that form (for its problem box). */
  async function actOther(page: Page, id: string) {
    const more = page.locator('details.more-actions');
    await more.locator('> summary').click();
    const item = more.locator(`details.more-action[data-action="${id}"]`);
    await item.locator('> summary').click();
    const form = item.locator('form.action');
    await form.locator('button[type=submit]').click();
    return form;
  }

  it('serves the built page (never cached) and its hashed files (cached for a year) without a token, keeps the API guarded and /docs working', async () => {
    const page = await stack.http('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.body).toContain('<div id="app">');
    const script = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(page.body);
    const style = /<link rel="stylesheet"[^>]* href="(\/assets\/[^"]+\.css)"/.exec(page.body);
    expect(script?.[1]).toMatch(/^\/assets\/.+-[\w-]{8,}\.js$/);
    expect(style?.[1]).toMatch(/^\/assets\/.+\.css$/);
    const js = await stack.http('GET', script![1]);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    const css = await stack.http('GET', style![1]);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toMatch(
      /max-age=31536000.*immutable|immutable.*max-age=31536000/,
    );

    expect((await stack.http('GET', '/proposals')).status).toBe(401);
    expect((await stack.http('GET', '/docs-json')).status).toBe(200);
    expect((await stack.http('GET', '/docs')).status).toBe(200);
    const missing = await stack.http('GET', '/assets/nothing-here.js');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect((await stack.http('GET', '/assets/%2e%2e/%2e%2e/package.json')).status).not.toBe(200);
  });

  it('sends a visitor to the login page, shows a refused login with its code, and ends a rejected session', async () => {
    const page = await newPage();
    await page.goto(`${stack.url}/#/cases`);
    await page.locator('form.login').waitFor();
    expect(page.url()).toContain('#/login');
    await page.fill('input[name=username]', office.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('form.login button[type=submit]');
    const problem = page.locator('form.login .problem');
    await problem.waitFor();
    expect(await problem.locator('.problem-code').innerText()).toBe('INVALID_CREDENTIALS');
    expect(await problem.locator('.problem-detail').innerText()).toMatch(/用户名或密码/);

    // a token the API no longer accepts ends the session and says why
    await page.evaluate(
      `sessionStorage.setItem('banli.session', JSON.stringify({ token: 'not-a-token', user: { displayName: '某人', role: 'office' } }))`,
    );
    // one navigation only: a reload after it could drop the in-page notice the first one produced
    await page.evaluate(`location.hash = '#/cases'`);
    await page.locator('.notice-warn', { hasText: 'TOKEN_INVALID' }).waitFor();
    await page.locator('form.login').waitFor();
    expect(page.url()).toContain('#/login?next=');
  });

  it('keeps a working session alive by refreshing the token before it runs out, and ends it at the maximum age', async () => {
    const page = await signIn(supervisor);
    const stored = async () =>
      JSON.parse((await page.evaluate(`sessionStorage.getItem('banli.session')`)) as string);
    const first = await stored();
    expect(first.sessionExpiresAt).toBeGreaterThan(first.expiresAt);
    const refreshes: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/auth/refresh')) refreshes.push(r.method());
    });

    // the token is about to run out: the next request swaps it first, and the page still works
    await page.evaluate(`(() => {
      const s = JSON.parse(sessionStorage.getItem('banli.session'));
      s.expiresAt = Date.now() + 60000;
      sessionStorage.setItem('banli.session', JSON.stringify(s));
    })()`);
    await page.evaluate(`location.hash = '#/preview'`);
    await page.locator('.view-preview[data-ready=true]').waitFor();
    expect(refreshes).toEqual(['POST']);
    const second = await stored();
    expect(second.expiresAt).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(second.sessionExpiresAt).toBe(first.sessionExpiresAt);

    // a session past its maximum age is not extended: back to the login page, saying why
    const old = new JwtService({ secret: stack.cfg.auth.jwtSecret }).sign(
      {
        sub: supervisor.id,
        role: 'supervisor',
        name: '赵督办',
        sat: Math.floor(Date.now() / 1000) - stack.cfg.auth.sessionMaxHours * 3600 - 60,
      },
      { issuer: 'banli', audience: 'banli-api', expiresIn: 120 },
    );
    await page.evaluate(`(() => {
      const s = JSON.parse(sessionStorage.getItem('banli.session'));
      s.token = ${JSON.stringify(old)};
      s.expiresAt = Date.now() + 60000;
      sessionStorage.setItem('banli.session', JSON.stringify(s));
    })()`);
    await page.evaluate(`location.hash = '#/cases'`);
    await page.locator('.notice-warn', { hasText: 'SESSION_EXPIRED' }).waitFor();
    await page.locator('form.login').waitFor();
  });

  it('the office registers a proposal in Chinese, files it and assigns it jointly', async () => {
    const page = await signIn(office);
    expect(await page.locator('.role-tag').innerText()).toBe('交办机关');
    await page.click('nav a[href="#/new"]');
    const form = page.locator('form.register');
    await form.waitFor();
    await choose(form, 'jurisdiction', /（cn-national）$/);
    await choose(form, 'channel', '人大代表建议');
    await form.locator('input[name=term]').fill('14');
    await form.locator('input[name=session]').fill('3');
    await form.locator('input[name=number]').fill(number);
    await form.locator('input[name=category]').fill('教育');
    await form.locator('input[name=title]').fill(title);
    await form
      .locator('textarea[name=content]')
      .fill('建议加大投入，改善农村寄宿制学校办学条件，配齐生活教师。');
    await form.locator('input[name="p.name"]').fill(proposerName);
    await choose(form, 'p.kind', '代表');
    await form.locator('input[name="p.email"]').fill(`${tag}@example.cn`);
    await shoot(page, 'register');
    await form.locator('button[type=submit]').click();

    await page.locator('.notice-ok', { hasText: '已登记' }).waitFor();
    caseId = page.url().split('#/cases/')[1];
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(await page.locator('.case-no').innerText()).toContain(`人大十四届三次会议第${number}号`);
    expect(await page.locator('.proposers').innerText()).toContain(proposerName);

    await action(page, 'file').locator('input[name=category]').fill('教育');
    await act(page, 'file', '已立案');
    expect(await page.locator('.badges .stage').first().innerText()).toBe('已立案');

    const assign = action(page, 'assign');
    await choose(assign, 'mode', '会同办理');
    await assign.locator('.unit-filter input').fill(tag);
    await tick(assign, 'checkbox', lead.name);
    await tick(assign, 'checkbox', co.name);
    await tick(assign.locator(`tr[data-unit-id="${lead.id}"]`), 'radio', '主办');
    await shoot(page, 'assign');
    await act(page, 'assign', '已交办');

    const units = page.locator('section[data-section=units] table.units');
    expect(await units.locator(`tr[data-unit-id="${lead.id}"]`).innerText()).toMatch(/主办\s+待签收/);
    expect(await units.locator(`tr[data-unit-id="${co.id}"]`).innerText()).toMatch(/会办\s+待签收/);
    const dues = await page.locator('section[data-section=deadlines] td.due').allInnerTexts();
    expect(dues.length).toBeGreaterThan(0);
    for (const d of dues) expect(d).toMatch(ZH_DATE);

    // the list finds it, with its number, lead unit and next due date
    await page.click('nav a[href="#/cases"]');
    await page.fill('form.filters input[name=q]', number);
    await page.click('form.filters button[type=submit]');
    const filtered = page.locator(`.view-cases[data-ready=true][data-hash*="q=${number}"]`);
    const row = filtered.locator(`table.cases tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe(`人大十四届三次会议第${number}号`);
    expect(cells[1]).toContain(title);
    expect(cells[2]).toBe('已交办');
    expect(cells[3]).toContain(lead.name);
    expect(cells[4].split('\n')[0]).toMatch(ZH_DATE);
    expect(await filtered.locator('.pager').innerText()).toContain('共 1 件');
    // judged at rest: the pointer left on 筛选 would show the button's hover colour
    await page.mouse.move(0, 0);
    expect(await web.axe(page)).toEqual([]);
    await shoot(page, 'case-list');
  });

  it('the supervisor urges the lead unit and marks the case as a key case', async () => {
    const page = await signIn(supervisor, `#/cases/${caseId}`);
    await action(page, 'urge').waitFor();
    await choose(action(page, 'urge'), 'unitId', new RegExp(`^${lead.name}（主办`));
    await act(page, 'urge', '已催办');
    expect(await page.locator('section[data-section=units]').innerText()).toContain('请抓紧办理，按时答复。');
    await act(page, 'keyCase', '重点督办');
    await page.locator('.badges .badge.key').waitFor();
  });

  let staffPage: Page;
  it('the lead unit signs for, is refused signing for twice, records contact, waits for the co-handler and drafts', async () => {
    staffPage = await signIn(leadStaff);
    const page = staffPage;
    await page.locator(`table.cases tr[data-case-id="${caseId}"] a.case-link`).click();
    await action(page, 'signFor').waitFor();
    await act(page, 'signFor', '已签收');
    expect(await page.locator(`table.units tr[data-unit-id="${lead.id}"]`).innerText()).toContain('已签收');

    // a wrong-stage action: the workflow's refusal, as it gave it
    const again = await actOther(page, 'signFor');
    const problem = again.locator('.problem');
    await problem.waitFor();
    expect(await problem.locator('.problem-detail').innerText()).toMatch(/^已签收，无需重复签收/);
    expect(await problem.locator('.problem-code').innerText()).toBe('WRONG_STAGE');
    expect(await problem.innerText()).toContain('HTTP 409');
    await shoot(page, 'refusal');

    // the draft form says what is still needed before anyone types a reply
    const needs = action(page, 'draftReply').locator('.needs');
    expect(await needs.innerText()).toContain('起草答复前须与代表委员沟通联系');
    expect(await needs.innerText()).toContain(`会办单位 ${co.name} 的会办意见尚未送达`);

    const contact = action(page, 'recordContact');
    await choose(contact, 'method', '面商');
    await contact.locator('textarea[name=note]').fill('当面听取代表意见，代表认可办理方案');
    await act(page, 'recordContact', '已登记沟通情况');
    const stillNeeded = await action(page, 'draftReply').locator('.needs').innerText();
    expect(stillNeeded).not.toContain('沟通联系');
    expect(stillNeeded).toContain(co.name);

    // the lead may not submit its draft while the co-handler's opinion is outstanding
    const early = action(page, 'draftReply');
    await early.locator('textarea[name=text]').fill(replyText);
    await early.locator('input[name=contactPhone]').fill('0571-88000000');
    await early.locator('button[type=submit]').click();
    await early.locator('.problem').waitFor();
    expect(await early.locator('.problem-code').innerText()).toBe('CO_OPINIONS_PENDING');

    // the co-handler signs for and sends its opinion to the lead
    const coPage = await signIn(coStaff, `#/cases/${caseId}`);
    await act(coPage, 'signFor', '已签收');
    await action(coPage, 'sendOpinion')
      .locator('textarea[name=text]')
      .fill('我厅同意主办单位意见，资金予以保障。');
    await act(coPage, 'sendOpinion', '已完成');
    await coPage.close();

    await page.reload();
    const draft = action(page, 'draftReply');
    await draft.waitFor();
    expect(await draft.locator('.needs').count()).toBe(0);
    await choose(draft, 'class', /^A /);
    await draft.locator('textarea[name=text]').fill(replyText);
    await draft.locator('input[name=contactPhone]').fill('0571-88000000');
    await act(page, 'draftReply', '待单位负责人签发');

    // staff may not send it before the leader signs off
    const unsigned = await actOther(page, 'reply');
    await unsigned.locator('.confirm[role=alertdialog] button[data-confirm=yes]').click();
    await unsigned.locator('.problem').waitFor();
    expect(await unsigned.locator('.problem-code').innerText()).toBe('NOT_SIGNED_OFF');
    expect(await unsigned.locator('.problem-detail').innerText()).toMatch(/^答复须经单位负责人签发/);
  });

  it('the unit leader reads the draft and signs it off', async () => {
    const page = await signIn(leadLeader, `#/cases/${caseId}`);
    const signOff = action(page, 'signOff');
    await signOff.waitFor();
    expect(await signOff.locator('.draft').innerText()).toContain(replyText);
    await act(page, 'signOff', '已签发');
    // after sign-off the unit no longer reads 答复待签发
    const unitRow = page.locator(`table.units tr[data-unit-id="${lead.id}"]`);
    expect(await unitRow.innerText()).toContain('已签发，待答复');
    expect(await unitRow.innerText()).not.toContain('答复待签发');
  });

  it('the unit replies; the case view shows the reply, the deadlines in Chinese dates and the audit trail', async () => {
    const page = staffPage;
    await page.reload();
    await action(page, 'reply').waitFor();
    await act(page, 'reply', '已答复代表委员', /答复发出后不能撤回/);
    // the header's next due is the next thing someone must do: not the proposer's feedback window
    expect(await page.locator('.case-head').innerText()).not.toContain('下一时限：征询意见');

    const reply = page.locator(`section[data-section=replies] article.reply[data-unit-id="${lead.id}"]`);
    expect(await reply.locator('.reply-text').innerText()).toBe(replyText);
    expect(await reply.locator('header').innerText()).toMatch(/A类/);
    expect(await reply.locator('footer').innerText()).toContain('0571-88000000');

    // every deadline shows a Chinese date, the same day the API computed
    const api = (await leadStaff.http('GET', `/proposals/${caseId}`)).body;
    const mainReply = api.deadlines.find((d: any) => d.clock === 'mainReply' && d.scope === lead.id);
    expect(mainReply.explanation.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const deadlines = page.locator('section[data-section=deadlines] table.deadlines');
    const rows = deadlines.locator('tbody tr');
    expect(await rows.count()).toBe(api.deadlines.length);
    for (const d of await deadlines.locator('td.due').allInnerTexts()) expect(d).toMatch(ZH_DATE);
    // the unit sees the case's mail (its task mail at least)
    const mailRows = page.locator('section[data-section=mail] table.mail tbody tr');
    expect(await mailRows.filter({ hasText: '交办通知' }).count()).toBeGreaterThan(0);
    const mainRow = deadlines.locator('tbody tr[data-clock=mainReply]').filter({ hasText: lead.name });
    expect(await mainRow.locator('td.due').innerText()).toBe(zh(mainReply.explanation.dueDate));
    expect(await mainRow.locator('td.due').getAttribute('title')).toMatch(/跨越|无法定节假日/);
    await mainRow.locator('details.explain > summary').click();
    const explained = await mainRow.locator('details.explain dl').innerText();
    expect(explained).toContain(mainReply.explanation.ruleText);
    expect(explained).toContain(`${zh(mainReply.explanation.dueDate)} 24时`);
    expect(await deadlines.locator('tbody tr[data-clock=feedback]').count()).toBe(1);

    const audit = await page.locator('section[data-section="audit trail"] table.audit').innerText();
    // when, in Beijing time, newest first
    expect(
      await page.locator('section[data-section="audit trail"] table.audit tbody tr').first().innerText(),
    ).toMatch(ZH_DATE_TIME);
    for (const step of [
      '登记',
      '立案',
      '交办',
      '签收',
      '登记沟通联系',
      '提交会办意见',
      '起草答复',
      '签发',
      '答复',
      '催办',
      '重点督办',
    ]) {
      expect(audit).toContain(step);
    }

    // 操作人 names the unit and the person, not just 承办单位
    const actors = await page
      .locator('section[data-section="audit trail"] table.audit td.actor')
      .allInnerTexts();
    expect(actors.some((a) => a.includes(`${lead.name} · 李明`))).toBe(true);
    expect(actors.some((a) => a.includes(`${co.name} · 周会办`))).toBe(true);

    expect(await web.axe(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await shoot(page, 'case-view');
  });

  it('the proposer reads the reply and rates it, which closes the case', async () => {
    const parties = await stack.admin.http('GET', `/parties?q=${encodeURIComponent(proposerName)}`);
    expect(parties.body).toHaveLength(1);
    const proposer = await stack.createUser(
      'proposer',
      { partyId: parties.body[0].id },
      { displayName: proposerName },
    );
    const page = await signIn(proposer);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    // mail delivery is the office's business: no link, no mail section, not even a request for it
    expect(await page.locator('nav a[href="#/mail"]').count()).toBe(0);
    await page.locator(`table.cases tr[data-case-id="${caseId}"] a.case-link`).click();
    const replyTextShown = page.locator('section[data-section=replies] .reply-text');
    await replyTextShown.waitFor();
    expect(await replyTextShown.innerText()).toBe(replyText);
    // unit names reach proposers too, who may not list units
    expect(await page.locator(`table.units tr[data-unit-id="${lead.id}"]`).innerText()).toContain(lead.name);
    // the proposer sees the reply's due date, not the units' internal deadlines or contact notes
    const shownClocks = await page
      .locator('section[data-section=deadlines] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-clock')));
    expect(shownClocks.length).toBeGreaterThan(0);
    for (const c of shownClocks) expect(['mainReply', 'rehandling', 'feedback']).toContain(c);
    expect(await page.locator('main').innerText()).not.toContain('当面听取代表意见');

    const feedback = action(page, 'feedback');
    // nothing is chosen for the proposer, and nothing is sent until they choose
    expect(await feedback.locator('input[type=radio]:checked').count()).toBe(0);
    await feedback.locator('button[type=submit]').first().click();
    expect(await feedback.locator('.confirm').count()).toBe(0);
    expect(await page.locator('.badges .stage').first().innerText()).not.toBe('已办结');
    await tick(feedback, 'radio', '满意');
    await feedback.locator('textarea[name=comment]').fill('答复认真，措施具体。');
    await act(
      page,
      'feedback',
      '感谢您的评价',
      new RegExp(`将记录您对${lead.name}答复的评价：满意，意见：“答复认真，措施具体。”。提交后不能修改`),
    );
    expect(await page.locator('.badges .stage').first().innerText()).toBe('已办结');
    expect(await page.locator('section[data-section=feedback]').innerText()).toMatch(/满意[\s\S]*答复认真/);
    expect(await page.locator('section[data-section=mail]').count()).toBe(0);
    await page.evaluate(`location.hash = '#/mail'`);
    await page.locator('.view-mail[data-ready=true]', { hasText: '仅供交办机关' }).waitFor();
    expect(asked.filter((p) => p.includes('/messages') || p.startsWith('/mail'))).toEqual([]);
  });

  it('the deadline preview explains each date of a Sichuan CPPCC proposal', async () => {
    const page = await signIn(office, '#/preview');
    const form = page.locator('form.preview-form');
    await form.waitFor();
    await choose(form, 'policyId', /（sichuan 第\d+版）$/);
    await choose(form, 'channel', '政协提案');
    await setDate(form.locator('input[name="assigned.date"]'), '2026-01-30');
    await setDate(form.locator('input[name="received.date"]'), '2026-02-02');
    await form.locator('button[type=submit]').click();
    const table = page.locator('table.deadlines.preview');
    await table.waitFor();
    const due = (clock: string) => table.locator(`tr[data-clock=${clock}] td.due`).innerText();
    expect(await due('signFor')).toBe('2026年2月4日');
    expect(await due('mainReply')).toBe('2026年7月2日');
    expect(await due('mainReplyCap')).toBe('2026年8月3日');
    const cap = await table.locator('tr[data-clock=mainReplyCap]').innerText();
    expect(cap).toContain('顺延');
    await table.locator('tr[data-clock=mainReply] details.explain > summary').click();
    expect(await table.locator('tr[data-clock=mainReply] ul.crossed').innerText()).toContain(
      '2026年2月15日 春节',
    );
    await shoot(page, 'deadline-preview');

    // a refusal from the API shows as such
    await setDate(form.locator('input[name="assigned.date"]'), '');
    await setDate(form.locator('input[name="received.date"]'), '');
    await form.locator('button[type=submit]').click();
    await form.locator('.problem').waitFor();
    expect(await form.locator('.problem-code').innerText()).toBe('NO_START_EVENT');
  });

  it('keeps list columns readable, asks before withdrawing, and the task page signs in back to its case', async () => {
    const longTitle = `关于${'进一步完善农村寄宿制学校生活设施与教师配置'.repeat(12)}的建议（${tag}）`;
    const registered = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number: `L${tag}`,
      title: longTitle,
      proposers: [{ name: `吴代表${tag}`, kind: 'deputy' }],
    });
    expect([201, 202]).toContain(registered.status);
    const id = registered.body.id as string;
    await office.http('POST', `/proposals/${id}/file`, { number: `立L${tag}`, category: '教育' });
    await office.http('POST', `/proposals/${id}/assign`, { mode: 'sole', units: [{ unitId: lead.id }] });

    // a long title is cut in the list (full text on hover); the unit column keeps its width
    const page = await signIn(office, `#/cases?q=L${tag}`);
    const row = page.locator(`.view-cases[data-ready=true] table.cases tr[data-case-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator('td.title').getAttribute('title')).toBe(longTitle);
    const unitCell = (await row.locator('td.unit').boundingBox())!;
    expect(unitCell.width).toBeGreaterThanOrEqual(180);
    expect((await row.locator('td.title').boundingBox())!.height).toBeLessThan(60);
    expect(await row.locator('td.unit').innerText()).toContain(lead.name);
    // the 重点督办件 filter is a check box of normal size, not a 3-pixel sliver
    const keyCase = page.locator('form.filters').getByRole('checkbox', { name: /重点督办件/ });
    expect(await keyCase.getAttribute('name')).toBe('keyCase');
    const box = (await page
      .locator('form.filters label.el-checkbox', { has: page.getByRole('checkbox', { name: /重点督办件/ }) })
      .locator('.el-checkbox__inner')
      .boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(12);
    expect(box.height).toBeGreaterThanOrEqual(12);

    // withdrawing ends the case: the page asks first, and cancelling changes nothing
    await page.evaluate(`location.hash = '#/cases/${id}'`);
    const more = page.locator('details.more-actions');
    await more.locator('> summary').click();
    const item = more.locator('details.more-action[data-action="withdraw"]');
    await item.locator('> summary').click();
    const form = item.locator('form.action');
    await form.locator('textarea[name=reason]').fill('代表要求撤回');
    await form.locator('button[type=submit]').first().click();
    const question = form.locator('.confirm[role=alertdialog]');
    expect(await question.innerText()).toContain('撤回后本件办理即告结束，不能恢复');
    await question.locator('button[data-confirm=no]').click();
    expect(await form.locator('.confirm').count()).toBe(0);
    expect((await office.http('GET', `/proposals/${id}`)).body.stage).toBe('ASSIGNED');
    await form.locator('button[type=submit]').first().click();
    await form.locator('.confirm button[data-confirm=yes]').click();
    await page.locator('.notice-ok', { hasText: '撤回' }).waitFor();
    expect((await office.http('GET', `/proposals/${id}`)).body.stage).toBe('WITHDRAWN');

    // the one-click task page's 登录 signs in and comes back to this case, not the case list
    const other = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number: `K${tag}`,
      title: `关于完善校车安全管理的建议（${tag}）`,
      proposers: [{ name: `吴代表${tag}`, kind: 'deputy' }],
    });
    const taskCase = other.body.id as string;
    await office.http('POST', `/proposals/${taskCase}/file`, { number: `立K${tag}`, category: '教育' });
    await office.http('POST', `/proposals/${taskCase}/assign`, {
      mode: 'sole',
      units: [{ unitId: lead.id }],
    });
    const { token } = createTaskLink(taskCase, lead.id, 86_400_000, { secret: stack.cfg.auth.linkSecret });
    const linkPage = await newPage();
    await linkPage.goto(`${stack.url}/#/link/${token}`);
    await linkPage.locator('a.login-to-case').click();
    await linkPage.locator('form.login').waitFor();
    await linkPage.fill('input[name=username]', leadStaff.username);
    await linkPage.fill('input[name=password]', leadStaff.password);
    await linkPage.click('form.login button[type=submit]');
    await linkPage.locator(`.view-case[data-ready=true]`).waitFor();
    expect(linkPage.url()).toContain(`#/cases/${taskCase}`);
  });

  it('words a locked account’s wait in Beijing time', async () => {
    const locked = await stack.createUser('supervisor', {}, { displayName: '锁定测试' });
    let last: any;
    for (let i = 0; i < stack.cfg.auth.maxFailedLogins + 1; i++) {
      last = await stack.http('POST', '/auth/login', { username: locked.username, password: `wrong-${i}` });
    }
    expect(last.status).toBe(423);
    expect(last.body.code).toBe('ACCOUNT_LOCKED');
    expect(last.body.detail).toMatch(/账号已锁定至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）/);
    expect(last.body.detail).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});
