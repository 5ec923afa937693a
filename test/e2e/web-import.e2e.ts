import { randomUUID } from 'node:crypto';
import * as ExcelJS from 'exceljs';
import { type Locator } from 'playwright-core';
import { openBrowser, pickOption, type WebBrowser } from './browser';
import { startStack, Session, Stack } from './harness';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代表建议清单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The given attributes of every element `loc` matches, in document order. */
const attrs = (loc: Locator, ...names: string[]): Promise<(string | null)[][]> =>
  loc.evaluateAll((els: any[], ns: string[]) => els.map((e) => ns.map((n) => e.getAttribute(n))), names);
/** One attribute of every element `loc` matches. */
const attr = async (loc: Locator, name: string) => (await attrs(loc, name)).map(([v]) => v);

/**
 * 批量导入 in a real browser over the real stack: the office checks a session list with errors
 * (named by Excel row and column, a similar unit suggested, 导入 disabled and why), checks the
 * corrected list, imports it and follows the job to its end; every case exists once, and
 * importing the same list again leaves every row unchanged. A supervisor has no such screen.
 */
describe('web workspace: 批量导入 in chromium', () => {
  let stack: Stack;
  let web: WebBrowser;
  const tag = randomUUID().slice(0, 6);
  // a session of its own, so numbers never meet another suite's
  const term = 15;
  const session = 100 + Math.floor(Math.random() * 800);
  let edu: any;
  let office: Session;
  let supervisor: Session;

  beforeAll(async () => {
    stack = await startStack(`e2e-web-import-${randomUUID()}`);
    edu = await stack.createUnit({
      code: `jyj-${tag}`,
      name: `辽源市教育局${tag}`,
      shortName: `市教育局${tag}`,
    });
    await stack.createUnit({ code: `czj-${tag}`, name: `辽源市财政局${tag}`, shortName: `市财政局${tag}` });
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    supervisor = await stack.createUser('supervisor', {}, { displayName: '赵督办' });
    web = await openBrowser(stack, 'web-import.e2e');
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
  });

  afterEach(() => {
    // An uncaught error in the page is a bug even when the screen looked right.
    expect(web.pageErrors).toEqual([]);
  });

  const signIn = (who: Session, hash = '') => web.signIn(who, hash);

  const HEADER = ['序号', '编号', '标题', '领衔人', '类别', '内容', '主办单位', '会办单位'];
  const good = [
    [
      1,
      '001',
      '关于加强农村寄宿制学校建设的建议',
      '张丽、王征',
      '教育',
      '建议加大投入。\n改善办学条件。',
      `市教育局${tag}`,
      `市财政局${tag}`,
    ],
    [2, '002', '关于推进城乡垃圾分类的建议', '李华', '城乡建设', '', `辽源市财政局${tag}`, ''],
    [3, '003', '关于“一老一小”服务体系建设的建议', '赵敏\n王征', '社会建设', '', `jyj-${tag}`, ''],
  ];
  /** Row 5 lacks its title, row 6 names a unit that does not exist, row 7 repeats 002. */
  const withErrors = [
    HEADER,
    ...good,
    [4, '004', '', '王征', '', '', '', ''],
    [5, '005', '关于单位写错的建议', '李华', '', '', `市教委${tag}`, ''],
    [6, '002', '关于编号重复的建议', '张丽', '', '', '', ''],
  ];
  const corrected = [
    HEADER,
    ...good,
    [4, '004', '关于发展夜间经济的建议', '王征', '经济', '', '', ''],
    [5, '005', '关于改善城市停车的建议', '李华', '', '', `市教育局${tag}`, ''],
    [6, '006', '关于加强历史文化街区保护的建议', '张丽', '', '', '', ''],
  ];
  const numbers = ['001', '002', '003', '004', '005', '006'];

  it('a supervisor sees no 批量导入 and the screen says it is for the office', async () => {
    const page = await signIn(supervisor);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.locator('.view-cases[data-ready=true]').waitFor();
    expect(await page.locator('nav a[href="#/import"]').count()).toBe(0);
    await page.evaluate(`location.hash = '#/import'`);
    await page.locator('.view-import[data-ready=true]', { hasText: 'office only' }).waitFor();
    expect(await page.locator('form.import-form').count()).toBe(0);
    expect(asked.filter((p) => p.startsWith('/imports'))).toEqual([]);
  });

  it('the office checks a list with errors, corrects it, imports it and follows the job; a second import changes nothing', async () => {
    const page = await signIn(office);
    await page.click('nav a[href="#/import"]');
    await page.locator('.view-import[data-ready=true]').waitFor();
    const form = page.locator('form.import-form');
    const importButton = form.locator('button[name=commit]');
    const why = form.locator('.import-why');
    expect(await importButton.isDisabled()).toBe(true);
    expect(await why.innerText()).toContain('请先选择文件');

    // the jurisdiction is a drop-down list, channel and time of submission are radio buttons
    await pickOption(form.locator('.import-jurisdiction'), /（cn-national）$/);
    await form.locator('.import-channel label', { hasText: '人大代表建议' }).click();
    await form.locator('input[name=term]').fill(String(term));
    await form.locator('input[name=session]').fill(String(session));
    await form.locator('.import-during label', { hasText: '大会期间' }).click();
    expect(await form.locator('input[name=channel][value=npc]').isChecked()).toBe(true);
    expect(await form.locator('input[name=duringSession][value=true]').isChecked()).toBe(true);

    // a refused upload shows its code and Chinese detail, and keeps every field
    await form.locator('input[name=file]').setInputFiles({
      name: '旧版清单.xls',
      mimeType: 'application/vnd.ms-excel',
      buffer: Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(1024),
      ]),
    });
    await form.locator('button[name=check]').click();
    const problem = form.locator('.problem');
    await problem.waitFor();
    expect(await problem.locator('.problem-code').innerText()).toBe('IMPORT_UNSUPPORTED_FILE');
    expect(await problem.locator('.problem-detail').innerText()).toContain('另存为 .xlsx');
    expect(await problem.locator('.problem-meta').innerText()).toContain('HTTP 415');
    expect(await form.locator('input[name=term]').inputValue()).toBe(String(term));
    expect(await form.locator('input[name=session]').inputValue()).toBe(String(session));
    expect(await importButton.isDisabled()).toBe(true);

    // the list with errors: each named by Excel row and column, 导入 disabled and why
    await form.locator('input[name=file]').setInputFiles({
      name: '代表建议汇总（有错）.xlsx',
      mimeType: XLSX_TYPE,
      buffer: await workbook(withErrors),
    });
    await form.locator('button[name=check]').click();
    const bad = page.locator('.import-report[data-ok=false]');
    await bad.waitFor();
    expect(await form.locator('.problem').count()).toBe(0);
    expect(await bad.locator('.import-file').innerText()).toContain('代表建议汇总（有错）.xlsx');
    expect(await bad.locator('[data-count=rows] b').innerText()).toBe('6');
    expect(await bad.locator('[data-count=new] b').innerText()).toBe('3');
    expect(await bad.locator('[data-count=invalid] b').innerText()).toBe('3');
    const errors = bad.locator('.import-issues tr[data-severity=error]');
    expect(await attrs(errors, 'data-row', 'data-column', 'data-code')).toEqual([
      ['5', '标题', 'MISSING_TITLE'],
      ['6', '主办单位', 'UNKNOWN_UNIT'],
      ['7', '编号', 'DUPLICATE_NUMBER_IN_FILE'],
    ]);
    const missingTitle = errors.nth(0);
    expect(await missingTitle.locator('.issue-row').innerText()).toBe('第5行');
    expect(await missingTitle.locator('.issue-column').innerText()).toMatch(/“标题”\s*单元格 C5/);
    expect(await missingTitle.locator('.issue-message').innerText()).toContain('标题不能为空');
    const unknownUnit = errors.nth(1);
    expect(await unknownUnit.locator('.issue-row').innerText()).toBe('第6行');
    expect(await unknownUnit.locator('.issue-message').innerText()).toContain(`未找到单位“市教委${tag}”`);
    expect(
      await unknownUnit.locator(`.issue-suggestions li[data-unit-id="${edu.id}"]`).innerText(),
    ).toContain(`辽源市教育局${tag}`);
    expect(await errors.nth(2).locator('.issue-message').innerText()).toContain('与第3行重复');
    expect(await bad.locator('.import-duplicates li[data-row="7"]').innerText()).toBe(
      '编号“002”：第3行与第7行重复',
    );
    expect(await attr(bad.locator('.import-rows tbody tr'), 'data-status')).toEqual([
      'new',
      'new',
      'new',
      'invalid',
      'invalid',
      'invalid',
    ]);
    expect(await importButton.isDisabled()).toBe(true);
    expect(await why.innerText()).toBe('文件中有 3 处错误（3 行），改正后重新上传并检查，才能导入。');
    // the report as a reviewer sees it, and no serious accessibility fault with it on screen
    await web.shoot(page, 'report');
    expect(await web.axe(page)).toEqual([]);

    // another file makes the report stale: 导入 stays disabled until it is checked
    await form.locator('input[name=file]').setInputFiles({
      name: '代表建议汇总.xlsx',
      mimeType: XLSX_TYPE,
      buffer: await workbook(corrected),
    });
    await page.locator('.import-report[data-stale=true]').waitFor();
    expect(await importButton.isDisabled()).toBe(true);
    expect(await why.innerText()).toContain('已更改');
    await form.locator('button[name=check]').click();
    const clean = page.locator('.import-report[data-ok=true]');
    await clean.waitFor();
    expect(await clean.locator('.import-issues tr[data-severity=error]').count()).toBe(0);
    expect(await clean.locator('[data-count=new] b').innerText()).toBe('6');
    expect(await importButton.innerText()).toBe('导入 6 件');
    expect(await importButton.isDisabled()).toBe(false);

    // import: the page follows the job until it has ended
    await importButton.click();
    const job = page.locator('section.import-job[data-status=completed]');
    await job.waitFor({ timeout: 90_000 });
    expect(await job.locator('[data-count=done] b').innerText()).toBe('6/6');
    expect(await job.locator('[data-count=registered] b').innerText()).toBe('6');
    expect(await job.locator('[data-count=unchanged] b').innerText()).toBe('0');
    expect(await job.locator('[data-count=failed] b').innerText()).toBe('0');
    expect(await job.locator('.import-progress[role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
    expect(await job.locator('.notice-ok').innerText()).toContain('新登记 6 件');
    expect(await attrs(job.locator('.import-job-rows tbody tr'), 'data-number', 'data-status')).toEqual(
      numbers.map((n) => [n, 'registered']),
    );
    const listHref = `#/cases?jurisdiction=cn-national&channel=npc&term=${term}&session=${session}`;
    expect(await job.locator('a.button[href^="#/cases"]').getAttribute('href')).toBe(listHref);
    const jobId = await job.getAttribute('data-job-id');
    await page.locator(`.import-jobs tr[data-job-id="${jobId}"][data-status=completed]`).waitFor();
    await web.shoot(page, 'job');
    expect(await why.innerText()).toContain('已提交导入');
    expect(await importButton.isDisabled()).toBe(true);

    // every case exists once
    const listed = async () => {
      const r = await office.http(
        'GET',
        `/proposals?jurisdiction=cn-national&channel=npc&term=${term}&session=${session}&pageSize=100&sort=number&order=asc`,
      );
      expect(r.status).toBe(200);
      return r.body;
    };
    const first = await listed();
    expect(first.total).toBe(6);
    expect(first.items.map((c: any) => c.number)).toEqual(numbers);
    expect(first.items.find((c: any) => c.number === '003').title).toBe('关于“一老一小”服务体系建设的建议');
    const detail = await office.http('GET', `/proposals/${first.items[0].id}`);
    expect(detail.body.proposers.map((p: any) => p.name)).toEqual(['张丽', '王征']);
    expect(detail.body.content).toBe('建议加大投入。\n改善办学条件。');

    // the same file again (still chosen): every row unchanged, no new case
    await form.locator('button[name=check]').click();
    const again = page.locator('.import-report[data-ok=true]');
    await again.waitFor();
    expect(await again.locator('[data-count=unchanged] b').innerText()).toBe('6');
    expect(await attr(again.locator('.import-rows tbody tr'), 'data-status')).toEqual(
      numbers.map(() => 'unchanged'),
    );
    expect(await importButton.innerText()).toBe('导入 0 件');
    expect(await why.innerText()).toContain('均已登记且未改动');
    await importButton.click();
    const second = page.locator(`section.import-job[data-status=completed]:not([data-job-id="${jobId}"])`);
    await second.waitFor({ timeout: 90_000 });
    expect(await second.locator('[data-count=registered] b').innerText()).toBe('0');
    expect(await second.locator('[data-count=unchanged] b').innerText()).toBe('6');
    expect(await attr(second.locator('.import-job-rows tbody tr'), 'data-status')).toEqual(
      numbers.map(() => 'unchanged'),
    );
    const after = await listed();
    expect(after.total).toBe(6);
    expect(after.items.map((c: any) => c.id)).toEqual(first.items.map((c: any) => c.id));

    // the recent jobs list shows both, newest first, and opens a job again from the address
    const rows = page.locator('.import-jobs tbody tr');
    await page.locator(`.import-jobs tr[data-status=completed]`).nth(1).waitFor();
    expect(await rows.first().getAttribute('data-job-id')).toBe(await second.getAttribute('data-job-id'));
    await page.locator(`.import-jobs tr[data-job-id="${jobId}"] a`).click();
    const reopened = page.locator(`section.import-job[data-job-id="${jobId}"][data-status=completed]`);
    await reopened.waitFor();
    expect(await reopened.locator('[data-count=registered] b').innerText()).toBe('6');

    // its link opens the case list filtered to that session: the six cases, nothing else
    await reopened.locator('a.button[href^="#/cases"]').click();
    const list = page.locator(`.view-cases[data-ready=true][data-hash*="session=${session}"]`);
    await list.waitFor();
    expect(await list.locator('input[name=term]').inputValue()).toBe(String(term));
    expect(
      (
        await list
          .locator('table.cases tr[data-case-id]')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')))
      ).sort(),
    ).toEqual(first.items.map((c: any) => c.id).sort());
  });
});
