import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import { type Download, type Page } from 'playwright-core';
import { addCalendarDays, daysBetween, dueDateOf, endOfShanghaiDay, shanghaiDateOf } from '@banli/domain';
import { openBrowser, pickOption, type WebBrowser } from './browser';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { startStack, type Session, type Stack } from './harness';

/** '2026-06-30' → 2026年6月30日 */
const zh = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** How many days after its sign-for duty's last day the read model is seeded to stand. */
const DAYS_LATE = 10;

/**
 * 督办看板 in a real browser over the real stack: the office registers, files and assigns a case to
 * a unit through the API; days after its sign-for deadline the supervisor sees it counted and
 * listed as overdue, urges the unit from the row in one click (the case's audit trail has it),
 * and exports the overdue report and the case list to Excel (opened and read back). A unit
 * account of another unit sees none of it, and a proposer does not get the page at all.
 */
describe('web workspace in chromium: 督办看板', () => {
  let stack: Stack;
  let web: WebBrowser;
  /** Task and urge mail goes here (nothing is refused). */
  const mail = new MailCatcher();
  const tag = randomUUID().slice(0, 6);
  const number = String(randomInt(100_000, 1_000_000));
  const title = `关于优化城市公交线网的建议（${tag}）`;
  const citation = `人大十四届三次会议第${number}号`;
  const note = `请抓紧办理并按时答复。（${tag}）`;
  const downloads = mkdtempSync(join(tmpdir(), 'banli-dashboard-'));
  let unitA: any;
  let unitB: any;
  let office: Session;
  let supervisor: Session;
  let staffB: Session;
  let caseId: string;

  const today = () => shanghaiDateOf(new Date().toISOString());

  /** Waits until the projection has written the case's open sign-for duty. */
  async function projected(id: string) {
    await until('the case to be projected', async () => {
      const rows = await stack.ds.query(
        "SELECT id FROM deadline WHERE proposal_id = ? AND clock = 'signFor' AND status = 'open'",
        [id],
      );
      return rows.length > 0;
    });
  }

  /**
   * The read model as it stands DAYS_LATE days after the sign-for duty's last day: the dev server
   * runs in real time and statutory deadlines are months away, so the duty's due instant and the
   * case's next due are moved back, as the projection would have them by then.
   */
  async function seedOverdue(id: string) {
    const due = endOfShanghaiDay(addCalendarDays(today(), -DAYS_LATE));
    await stack.ds.query("UPDATE deadline SET due_at = ? WHERE proposal_id = ? AND clock = 'signFor'", [
      new Date(due),
      id,
    ]);
    await stack.ds.query('UPDATE proposal SET next_due_at = ? WHERE id = ?', [new Date(due), id]);
    const dueDate = dueDateOf(due);
    return { dueDate, late: daysBetween(dueDate, today()) };
  }

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
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Clicks an export button and saves the file the page hands to the browser. */
  async function exported(page: Page, button: string): Promise<{ name: string; book: ExcelJS.Workbook }> {
    const [file]: [Download, void] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(button).click(),
    ]);
    const path = join(downloads, `${randomUUID()}.xlsx`);
    await file.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    return { name: file.suggestedFilename(), book };
  }

  /** The header row's column numbers by header text. */
  const columns = (ws: ExcelJS.Worksheet) => {
    const at = new Map<string, number>();
    ws.getRow(2).eachCell((c, col) => at.set(String(c.value), col));
    return at;
  };

  /** The first data row (from row 3) whose `col` holds `value`. */
  const rowWith = (ws: ExcelJS.Worksheet, col: number, value: string) => {
    for (let r = 3; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col).value === value) return ws.getRow(r);
    return undefined;
  };

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    stack = await startStack(`e2e-web-dashboard-${randomUUID()}`, { SMTP_PORT: String(smtpPort) });
    unitA = await stack.createUnit({ name: `市交通运输局${tag}`, shortName: '交通局' });
    unitB = await stack.createUnit({ name: `市文化和旅游局${tag}`, shortName: '文旅局' });
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    supervisor = await stack.createUser('supervisor', {}, { displayName: '赵督办' });
    staffB = await stack.createUser('unitStaff', { unitId: unitB.id }, { displayName: '周科员' });

    const registered = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number,
      title,
      proposers: [{ name: `钱代表${tag}`, kind: 'deputy' }],
    });
    expect(registered.status).toBe(201);
    caseId = registered.body.id;
    expect(
      (await office.http('POST', `/proposals/${caseId}/file`, { number: `立${number}`, category: '交通' }))
        .status,
    ).toBe(200);
    expect(
      (
        await office.http('POST', `/proposals/${caseId}/assign`, {
          mode: 'sole',
          units: [{ unitId: unitA.id }],
        })
      ).status,
    ).toBe(200);
    await projected(caseId);
    web = await openBrowser(stack, 'web.e2e');
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
    await mail.stop();
    rmSync(downloads, { recursive: true, force: true });
  });

  afterEach(() => {
    // An uncaught error in the page is a bug even when the screen looked right.
    expect(web.pageErrors).toEqual([]);
  });

  const view = (page: Page) => page.locator('.view-dashboard[data-ready=true]');
  const overdueRow = (page: Page) => page.locator(`table.overdue tr[data-case-id="${caseId}"]`);
  const count = (page: Page, key: string) =>
    page.locator(`.count-card[data-count="${key}"] .count-value`).innerText();

  let page: Page;

  it('the supervisor sees the overdue case counted and listed, and urges its unit from the row', async () => {
    const { dueDate, late } = await seedOverdue(caseId);
    const report = await supervisor.http('GET', `/reports/overdue?unitId=${unitA.id}`);
    expect(report.status).toBe(200);
    const expected = report.body.rows.find((r: any) => r.caseId === caseId);
    expect(expected).toMatchObject({ citation, dueDate, daysLateCalendar: late, urgeCount: 0 });

    page = await web.signIn(supervisor);
    await page.click('nav a[href="#/dashboard"]');
    await view(page).waitFor();
    expect(await page.locator('h1').innerText()).toContain('督办看板');

    // only this suite's unit, picked in the filters and kept in the address
    const filters = page.locator('form.dashboard-filters');
    await pickOption(
      filters.locator('.el-select', { has: page.locator('input[name="unitId"]') }),
      unitA.name,
    );
    await filters.locator('button[type=submit]').click();
    const filtered = page.locator(`.view-dashboard[data-ready=true][data-hash*="unitId=${unitA.id}"]`);
    await filtered.waitFor();
    expect(await count(page, 'overdue')).toBe('1');
    expect(await count(page, 'open')).toBe('1');
    expect(await count(page, 'keyCases')).toBe('0');

    const row = overdueRow(page);
    await row.waitFor();
    expect(await row.locator('td.citation').innerText()).toBe(citation);
    expect(await row.locator('td.citation a').getAttribute('href')).toBe(`#/cases/${caseId}`);
    expect(await row.locator('td.title').innerText()).toContain(title);
    expect(await row.locator('td.unit').innerText()).toBe(unitA.name);
    expect(await row.locator('td.role').innerText()).toBe('单办');
    expect(await row.locator('td.due').innerText()).toBe(zh(dueDate));
    const lateCell = row.locator('td.days-late');
    expect(await lateCell.getAttribute('data-calendar')).toBe(String(late));
    expect(await lateCell.innerText()).toContain(`${late} 天`);
    expect(await lateCell.innerText()).toContain(`${expected.daysLateWorking} 个工作日`);
    expect(await row.locator('td.unit-stage').innerText()).toBe(expected.unitStageLabel);
    expect(await row.locator('td.urges').innerText()).toBe('0 次');
    expect(await row.locator('button.mark-key').count()).toBe(1);
    expect(await page.locator('table.overdue tbody tr').count()).toBe(1);
    // the sums by unit and by stage, and the chart of overdue by stage
    expect(await page.locator(`table.overdue-by-unit tr[data-unit-id="${unitA.id}"]`).innerText()).toMatch(
      new RegExp(`${unitA.name}\\s+1\\s+0`),
    );
    expect(
      await page.locator(`table.overdue-by-stage tr[data-stage="${expected.unitStage}"]`).innerText(),
    ).toMatch(/\s1$/);
    const stages = page.locator('figure[data-chart=stages]');
    expect(await stages.getAttribute('data-empty')).toBeNull();
    expect(await stages.locator('[role=img]').getAttribute('aria-label')).toContain(
      `${expected.unitStageLabel} 1`,
    );
    expect(await stages.locator('svg').count()).toBeGreaterThan(0);
    // no reply yet from this unit: the monthly chart says so instead of drawing nothing
    const monthly = page.locator('figure[data-chart=monthly]');
    expect(await monthly.getAttribute('data-empty')).toBe('true');
    expect(await monthly.innerText()).toContain('暂无数据');
    // the statistics of the unit
    expect(await page.locator('table.stats tbody tr').first().innerText()).toContain(unitA.name);

    await page.mouse.move(0, 0);
    expect(await web.axe(page)).toEqual([]);
    await web.shoot(page, 'dashboard');

    // printed: the figures and the filters in words, without the menu, the filters and the buttons
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-filters').innerText()).toContain(`承办单位 ${unitA.name}`);
    for (const hidden of ['#header', 'form.dashboard-filters', 'button.print', 'button.export-overdue'])
      expect([hidden, await page.locator(hidden).isVisible()]).toEqual([hidden, false]);
    expect(await row.locator('button.urge').isVisible()).toBe(false);
    expect(await row.locator('td.citation').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.print-filters').isVisible()).toBe(false);

    // 催办 in one click: the row's unit, with a short note that starts with the usual words
    await row.locator('button.urge').click();
    const dialog = page.locator('.el-dialog.supervise-urge');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(citation);
    expect(await dialog.innerText()).toContain(unitA.name);
    const noteBox = dialog.locator('textarea[name=note]');
    expect(await noteBox.inputValue()).toBe('请抓紧办理并按时答复。');
    await noteBox.fill(note);
    await dialog.locator('button.supervise-yes').click();
    await page.locator('.el-message--success', { hasText: '已催办' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // the case's audit trail records the urge, by the supervisor, of that unit, with the note
    const urge = await until('the urge in the audit trail', async () => {
      const c = await office.http('GET', `/proposals/${caseId}`);
      return (c.body.audit as any[]).find((a) => a.action === 'urge');
    });
    expect(urge.actorRole).toBe('supervisor');
    expect(JSON.stringify(urge.detail)).toContain(tag);
    expect(JSON.stringify(urge.detail)).toContain(unitA.id);
  });

  it('exports the overdue report and the case list to Excel, under the server’s file names', async () => {
    // the urge re-projected the case (its real sign-for due came back): stand days after it again
    const { dueDate, late } = await seedOverdue(caseId);
    await page.reload();
    await page.locator(`.view-dashboard[data-ready=true][data-hash*="unitId=${unitA.id}"]`).waitFor();
    const row = overdueRow(page);
    await row.waitFor();
    // the refreshed row counts the urge and says when it was
    expect(await row.locator('td.urges').innerText()).toMatch(/^1 次\n\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);

    const { name, book } = await exported(page, 'button.export-overdue');
    expect(name).toBe(`逾期事项报表-${today()}.xlsx`);
    const ws = book.worksheets[0];
    const heading = String(ws.getCell(1, 1).value);
    expect(heading).toContain('逾期事项报表');
    expect(heading).toContain(unitA.name);
    const col = columns(ws);
    for (const h of ['编号', '承办单位', '到期日', '逾期自然日', '逾期工作日', '催办次数'])
      expect(col.get(h)).toBeGreaterThan(0);
    const data = rowWith(ws, col.get('编号')!, citation);
    expect(data).toBeDefined();
    expect(data!.getCell(col.get('承办单位')!).value).toBe(unitA.name);
    expect(data!.getCell(col.get('逾期自然日')!).value).toBe(late);
    expect(typeof data!.getCell(col.get('逾期工作日')!).value).toBe('number');
    expect(data!.getCell(col.get('催办次数')!).value).toBe(1);
    const due = data!.getCell(col.get('到期日')!).value;
    expect(due).toBeInstanceOf(Date);
    expect((due as Date).toISOString().slice(0, 10)).toBe(dueDate);

    // 重点督办 from the same row: the case becomes a key case
    await row.locator('button.mark-key').click();
    const dialog = page.locator('.el-dialog.supervise-keyCase');
    await dialog.waitFor();
    expect(await dialog.locator('textarea[name=note]').inputValue()).toBe('');
    await dialog.locator('button.supervise-yes').click();
    await page.locator('.el-message--success', { hasText: '已列为重点督办件' }).waitFor();
    await until('the case to be a key case', async () => {
      const c = await office.http('GET', `/proposals/${caseId}`);
      return c.body.keyCase === true && (c.body.audit as any[]).some((a) => a.action === 'markKeyCase');
    });

    // the case list, with its own button, as a file too
    await page.click('nav a[href="#/cases"]');
    await page.locator('.view-cases[data-ready=true]').waitFor();
    const list = await exported(page, 'button.export-cases');
    expect(list.name).toBe(`建议提案清单-${today()}.xlsx`);
    const sheet = list.book.worksheets[0];
    const listed = rowWith(sheet, columns(sheet).get('编号')!, citation);
    expect(listed?.getCell(columns(sheet).get('标题')!).value).toBe(title);
  });

  it('ranks the units where the jurisdiction has a scoring scheme, saying why points were lost', async () => {
    // a Fengyang case (its shipped example scheme) for unit A, in a session of its own
    const session = 900 + Math.floor(Math.random() * 1000);
    const r = await office.http('POST', '/proposals', {
      jurisdiction: 'fengyang',
      channel: 'cppcc',
      term: 14,
      session,
      number: `F${tag}`,
      title: `关于改善县城停车的提案（F${tag}）`,
      proposers: [{ name: `孙委员${tag}`, kind: 'member' }],
    });
    expect(r.status).toBe(201);
    const id = r.body.id;
    expect(
      (await office.http('POST', `/proposals/${id}/file`, { number: `立F${tag}`, category: '城建' })).status,
    ).toBe(200);
    expect(
      (await office.http('POST', `/proposals/${id}/assign`, { mode: 'sole', units: [{ unitId: unitA.id }] }))
        .status,
    ).toBe(200);
    await projected(id);

    const p = await web.signIn(supervisor);
    await p.evaluate(`location.hash = '#/dashboard?jurisdiction=fengyang&term=14&session=${session}'`);
    await view(p).waitFor();
    const scores = p.locator('section[data-section=scores]');
    await scores.waitFor();
    expect(await scores.locator('h2').innerText()).toMatch(/^承办单位考核评分/);
    const row = scores.locator(`tr[data-unit="${unitA.id}"]`);
    // nothing replied yet: 按时办复率 and 满意率 have nothing to count (30 + 30), 办复率 0 of 20,
    // 面商率 0% is 100 points below its 100% target (0 of 20)
    expect(await row.locator('.score').innerText()).toBe('60');
    expect(await row.locator('.reasons').innerText()).toContain(
      '面商率0%（0/1），低于目标 100% 100 个百分点，扣 20 分',
    );
    expect(await web.axe(p)).toEqual([]);

    // a jurisdiction without a scheme shows no ranking
    await p.evaluate(`location.hash = '#/dashboard?jurisdiction=cn-national&term=14&session=${session}'`);
    await p.locator('.view-dashboard[data-ready=true] .count-card').first().waitFor();
    await p.locator('section[data-section=statistics]').waitFor();
    expect(await p.locator('section[data-section=scores]').count()).toBe(0);
  });

  it('a unit account of another unit sees none of it, and proposers do not get the page', async () => {
    // the case is overdue (marking it re-projected it: stand days after its due again) for whoever
    // sees every unit…
    await seedOverdue(caseId);
    const all = await supervisor.http('GET', `/reports/overdue?unitId=${unitA.id}`);
    expect(all.body.rows.map((r: any) => r.caseId)).toEqual([caseId]);

    // …but not for another unit: its figures are its own, beside those of all units
    const other = await web.signIn(staffB);
    await other.click('nav a[href="#/dashboard"]');
    await view(other).waitFor();
    expect(await count(other, 'overdue')).toBe('0');
    expect(await other.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    expect(await other.locator('button.urge').count()).toBe(0);
    expect(await other.locator('input[name="unitId"]').count()).toBe(0);
    expect(await other.locator('.scope-note').innerText()).toContain(unitB.name);
    const bench = other.locator('table.benchmark');
    expect(await bench.locator('thead').innerText()).toMatch(/本单位[\s\S]*全部承办单位/);
    expect(await bench.locator('tbody tr').count()).toBe(5);
    expect(await other.locator('figure[data-chart=stages]').innerText()).toContain('暂无数据');
    expect(await web.axe(other)).toEqual([]);

    const party = (await office.http('GET', `/proposals/${caseId}`)).body.proposers[0].id;
    const proposer = await stack.createUser('proposer', { partyId: party });
    const own = await web.signIn(proposer);
    const asked: string[] = [];
    own.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await own.locator('.view-cases[data-ready=true]').waitFor();
    expect(await own.locator('nav a[href="#/dashboard"]').count()).toBe(0);
    await own.evaluate(`location.hash = '#/dashboard'`);
    await own.locator('.view-dashboard[data-ready=true]', { hasText: '督办看板仅供' }).waitFor();
    expect(asked.filter((p) => p.startsWith('/reports'))).toEqual([]);
  });
});
