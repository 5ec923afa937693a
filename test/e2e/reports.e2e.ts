import { randomInt, randomUUID } from 'node:crypto';
import * as ExcelJS from 'exceljs';
import type { Logger } from 'typeorm';
import { addCalendarDays, createShippedCalendar, endOfShanghaiDay, shanghaiDateOf } from '@banli/domain';
import { ReportQueries } from '../../apps/api/src/reports/report-queries';
import { Session, Stack, startStack } from './harness';

/**
 * The supervisors' reports over HTTP on the real stack: who sees which rows and figures (a unit
 * only its own; proposers none), the overdue report's rows and filters, the statistics with a
 * unit's benchmark, the dashboard counts, the files (.xlsx and .csv) and refusals of bad input.
 * Deadlines are months away on a dev server running in real time, so the read model is moved to
 * how it stands days after a due date: the duty rows' due instants and the cases' next due.
 */
describe('reports: overdue report, statistics, dashboard, exports, access', () => {
  let stack: Stack;
  let office: Session;
  let supervisor: Session;
  let staffA: Session;
  let staffB: Session;
  let proposer: Session;
  let unitA: any;
  let unitB: any;
  let caseA: string;
  let caseB: string;
  const tag = randomUUID().slice(0, 6);
  const term = 77;
  const session = randomInt(100, 1_000_000);
  const scope = `term=${term}&session=${session}`;
  const today = shanghaiDateOf(new Date().toISOString());

  const register = async (
    number: string,
    unitId: string,
    jurisdiction = 'cn-national',
    inSession = session,
  ) => {
    const r = await office.http('POST', '/proposals', {
      jurisdiction,
      channel: 'npc',
      term,
      session: inSession,
      number,
      title: `关于加强农村饮水安全的建议（${number}）`,
      proposers: [{ name: `代表${number}`, kind: 'deputy' }],
    });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    expect(
      (await office.http('POST', `/proposals/${id}/file`, { number: `立${number}`, category: '农业' }))
        .status,
    ).toBe(200);
    expect(
      (await office.http('POST', `/proposals/${id}/assign`, { mode: 'sole', units: [{ unitId }] })).status,
    ).toBe(200);
    return id;
  };

  /** Waits until the projection has written the case's assignment and its sign-for duty. */
  const projected = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const rows = await stack.ds.query(
        "SELECT d.id FROM deadline d WHERE d.proposal_id = ? AND d.clock = 'signFor' AND d.status = 'open'",
        [id],
      );
      if (rows.length) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`case ${id} not projected`);
  };

  /** The read model as it stands `days` days after the sign-for duty's last day. */
  const lateBy = async (id: string, days: number) => {
    const due = endOfShanghaiDay(addCalendarDays(today, -days));
    await stack.ds.query("UPDATE deadline SET due_at = ? WHERE proposal_id = ? AND clock = 'signFor'", [
      new Date(due),
      id,
    ]);
    await stack.ds.query('UPDATE proposal SET next_due_at = ? WHERE id = ?', [new Date(due), id]);
    return addCalendarDays(today, -days);
  };

  /** The SELECT statements `run` sends, with their parameters (for their EXPLAIN). */
  const selects = async <T>(run: () => Promise<T>) => {
    const seen: { sql: string; params: unknown[] }[] = [];
    const logger = stack.ds.logger;
    const capture: Logger = {
      logQuery: (sql, params) => void (/^SELECT/i.test(sql) && seen.push({ sql, params: params ?? [] })),
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    Object.assign(stack.ds, { logger: capture });
    try {
      return { seen, result: await run() };
    } finally {
      Object.assign(stack.ds, { logger });
    }
  };

  const file = async (s: Session, path: string) => {
    const r = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${s.token}` } });
    return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
  };

  beforeAll(async () => {
    stack = await startStack(`e2e-reports-${randomUUID()}`);
    unitA = await stack.createUnit({ name: `市水利局${tag}` });
    unitB = await stack.createUnit({ name: `市农业农村局${tag}` });
    office = await stack.createUser('office');
    supervisor = await stack.createUser('supervisor');
    staffA = await stack.createUser('unitStaff', { unitId: unitA.id });
    staffB = await stack.createUser('unitStaff', { unitId: unitB.id });
    caseA = await register(`A${tag}`, unitA.id);
    caseB = await register(`B${tag}`, unitB.id);
    await Promise.all([projected(caseA), projected(caseB)]);
    const party = (await office.http('GET', `/proposals/${caseA}`)).body.proposers[0].id;
    proposer = await stack.createUser('proposer', { partyId: party });
  });
  afterAll(async () => {
    await stack?.close();
  });

  let dueA: string;
  it('lists each overdue duty with its days late, key cases first, and sums by unit and stage', async () => {
    dueA = await lateBy(caseA, 10);
    await lateBy(caseB, 3);
    expect((await supervisor.http('POST', `/proposals/${caseB}/key-case`, { keyCase: true })).status).toBe(
      200,
    );
    // marking re-projects case B: its real sign-for due comes back, so move it again once projected
    for (let i = 0; i < 100; i++) {
      const [row] = await stack.ds.query('SELECT key_case FROM proposal WHERE id = ?', [caseB]);
      if (Number(row.key_case)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await lateBy(caseB, 3);

    const r = await supervisor.http('GET', `/reports/overdue?${scope}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(2);
    expect(r.body.rows.map((x: any) => [x.caseId, x.keyCase])).toEqual([
      [caseB, true],
      [caseA, false],
    ]);
    expect(r.body.rows[1]).toMatchObject({
      citation: `人大七十七届${session}次会议A${tag}号`,
      unitId: unitA.id,
      unitName: `市水利局${tag}`,
      unitRole: 'sole',
      unitRoleLabel: '单办',
      clock: 'signFor',
      clockLabel: expect.any(String),
      dueDate: dueA,
      daysLateCalendar: 10,
      daysLateWorking: expect.any(Number),
      urgeCount: 0,
      lastUrgedAt: null,
    });
    expect(r.body.rows[1].daysLateWorking).toBeGreaterThan(0);
    expect(r.body.rows[1].daysLateWorking).toBeLessThanOrEqual(10);
    expect(r.body.byUnit).toEqual(
      expect.arrayContaining([
        { unitId: unitA.id, unitName: `市水利局${tag}`, count: 1, keyCases: 0 },
        { unitId: unitB.id, unitName: `市农业农村局${tag}`, count: 1, keyCases: 1 },
      ]),
    );
    expect(r.body.byStage).toEqual([{ stage: 'ASSIGNED', label: expect.any(String), count: 2 }]);

    // at least N calendar days late
    expect((await supervisor.http('GET', `/reports/overdue?${scope}&minDaysLate=10`)).body.total).toBe(1);
    expect((await supervisor.http('GET', `/reports/overdue?${scope}&minDaysLate=11`)).body.total).toBe(0);
    expect((await supervisor.http('GET', `/reports/overdue?${scope}&keyCase=true`)).body.rows).toHaveLength(
      1,
    );
  });

  it("shows a unit only its own rows and figures, with every unit's total beside them", async () => {
    const a = await staffA.http('GET', `/reports/overdue?${scope}`);
    expect(a.status).toBe(200);
    expect(a.body.rows.map((x: any) => x.caseId)).toEqual([caseA]);
    expect(a.body.byUnit.map((x: any) => x.unitId)).toEqual([unitA.id]);
    // another unit's id as a filter does not widen the scope
    const b = await staffB.http('GET', `/reports/overdue?${scope}&unitId=${unitA.id}`);
    expect(b.body.total).toBe(0);

    const stats = await staffA.http('GET', `/reports/statistics?${scope}&groupBy=unit`);
    expect(stats.status).toBe(200);
    expect(stats.body.groups.map((g: any) => [g.key, g.assigned])).toEqual([[unitA.id, 1]]);
    expect(stats.body.total).toMatchObject({ assigned: 1, overdueNow: 1 });
    expect(stats.body.benchmark).toMatchObject({ label: '全部承办单位', assigned: 2, overdueNow: 2 });

    const all = await supervisor.http('GET', `/reports/statistics?${scope}&groupBy=unit`);
    expect(all.body.groups.map((g: any) => g.key).sort()).toEqual([unitA.id, unitB.id].sort());
    expect(all.body.benchmark).toBeNull();
    expect(all.body.total).toMatchObject({
      assigned: 2,
      replied: 0,
      replyRate: { numerator: 0, denominator: 2, rate: 0 },
      onTimeRate: { numerator: 0, denominator: 0, rate: null },
      overdueNow: 2,
      publishedRate: null,
    });
  });

  it('refuses proposers every report', async () => {
    for (const path of ['/reports/overdue', '/reports/statistics', '/reports/dashboard']) {
      const r = await proposer.http('GET', path);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN_ROLE');
    }
  });

  it('counts open, overdue, due-soon and key cases for the dashboard', async () => {
    const r = await supervisor.http('GET', `/reports/dashboard?${scope}`);
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual({ open: 2, overdue: 2, dueWithin7Days: 0, keyCases: 1 });
    const mine = await staffA.http('GET', `/reports/dashboard?${scope}`);
    expect(mine.body.counts).toEqual({ open: 1, overdue: 1, dueWithin7Days: 0, keyCases: 0 });
  });

  it('exports the overdue report as .xlsx: title with filters, frozen header, dates as dates, numbers as numbers', async () => {
    const r = await file(supervisor, `/reports/overdue?${scope}&format=xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(r.headers.get('content-disposition')).toMatch(
      /attachment; filename="overdue-report-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );
    expect(decodeURIComponent(r.headers.get('content-disposition')!)).toMatch(
      /filename\*=UTF-8''逾期事项报表-/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as any);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toMatch(
      new RegExp(`^逾期事项报表（第77届；第${session}次会议；生成于 `),
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual([
      '编号',
      '标题',
      '承办单位',
      '承办方式',
      '时限',
      '到期日',
      '逾期自然日',
      '逾期工作日',
    ]);
    const rowA = [3, 4]
      .map((n) => ws.getRow(n))
      .find((row) => String(row.getCell(1).value).includes(`A${tag}`))!;
    expect(rowA.getCell(3).value).toBe(`市水利局${tag}`);
    expect(rowA.getCell(6).value).toBeInstanceOf(Date);
    expect((rowA.getCell(6).value as Date).toISOString().slice(0, 10)).toBe(dueA);
    expect(rowA.getCell(7).value).toBe(10);
    expect(rowA.getCell(10).value).toBe('否');
  });

  it('exports statistics with rates as percentages, and .csv with a BOM for Excel', async () => {
    const x = await file(supervisor, `/reports/statistics?${scope}&groupBy=unit&format=xlsx`);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as any);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(4).value).toBe('办复率');
    expect(ws.getColumn(4).numFmt).toBe('0.0%');
    const total = ws.getRow(5);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(2).value).toBe(2);

    const c = await file(supervisor, `/reports/overdue?${scope}&format=csv`);
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...c.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = c.body.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^编号,标题,承办单位,承办方式,时限,到期日,逾期自然日,逾期工作日/);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes(`A${tag}`))).toContain(`,${dueA},10,`);
  });

  it('exports the case list with the same filters as the screen', async () => {
    const r = await file(office, `/proposals?${scope}&format=xlsx`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as any);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toMatch(/^建议提案清单（/);
    expect(ws.rowCount).toBe(4);
    const titles = [3, 4].map((n) => String(ws.getRow(n).getCell(2).value));
    expect(titles.sort()).toEqual([
      `关于加强农村饮水安全的建议（A${tag}）`,
      `关于加强农村饮水安全的建议（B${tag}）`,
    ]);
    // a unit filter is named in the title row, and narrows the rows
    const one = await file(office, `/proposals?${scope}&unitId=${unitA.id}&format=xlsx`);
    const wbOne = new ExcelJS.Workbook();
    await wbOne.xlsx.load(one.body as any);
    expect(String(wbOne.worksheets[0].getCell('A1').value)).toContain(`承办单位 市水利局${tag}`);
    expect(wbOne.worksheets[0].rowCount).toBe(3);
    // a unit's file holds only its cases, as its list does
    const mine = await file(staffB, `/proposals?${scope}&format=csv`);
    const text = mine.body.subarray(3).toString('utf8');
    expect(text).toContain(`B${tag}`);
    expect(text).not.toContain(`A${tag}`);
  });

  it("ranks units under the jurisdiction's scoring scheme and says why each lost points", async () => {
    // two cases of Fengyang (the shipped example scheme), in a session of their own
    const fengyang = `jurisdiction=fengyang&term=${term}&session=${session + 1}`;
    const c = await register(`C${tag}`, unitA.id, 'fengyang', session + 1);
    const d = await register(`D${tag}`, unitB.id, 'fengyang', session + 1);
    await Promise.all([projected(c), projected(d)]);
    await lateBy(d, 2);

    const r = await supervisor.http('GET', `/reports/scores?${fengyang}`);
    expect(r.status).toBe(200);
    expect(r.body.scheme).toMatchObject({ policyId: 'fengyang', version: 1, fullMarks: 100 });
    expect(r.body.rankedUnits).toBe(2);
    // nothing replied or rated yet: 按时办复率 and 满意率 have nothing to count (full 30 + 30);
    // 办复率 0/1 earns 0 of 20; 面商率 0/1 is 100 points below its target, losing all 20 → 60;
    // unit B also has one overdue duty: −1 → 59
    expect(r.body.units.map((u: any) => [u.rank, u.unitId, u.score])).toEqual([
      [1, unitA.id, 60],
      [2, unitB.id, 59],
    ]);
    expect(r.body.units[1].items).toEqual([
      { label: '按时办复率', points: 30, earned: 30, reason: '' },
      { label: '办复率', points: 20, earned: 0, reason: '办复率0%（0/1），按比例得 0 分' },
      {
        label: '面商率',
        points: 20,
        earned: 0,
        reason: '面商率0%（0/1），低于目标 100% 100 个百分点，扣 20 分',
      },
      { label: '满意率', points: 30, earned: 30, reason: '' },
    ]);
    expect(r.body.units[1].deductions).toEqual([
      { label: '当前逾期事项', count: 1, points: 1, reason: '当前逾期事项 1 件，每件扣 1 分' },
    ]);

    // a unit gets its own row and its rank among all
    const own = await staffB.http('GET', `/reports/scores?${fengyang}`);
    expect(own.body.rankedUnits).toBe(2);
    expect(own.body.units.map((u: any) => [u.rank, u.unitId])).toEqual([[2, unitB.id]]);

    const x = await file(supervisor, `/reports/scores?${fengyang}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as any);
    const ws = wb.worksheets[0];
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      '名次',
      '承办单位',
      '得分',
      '各项得分',
      '失分与扣分原因',
    ]);
    expect(ws.getRow(4).getCell(3).value).toBe(59);
    expect(String(ws.getRow(4).getCell(5).value)).toContain('当前逾期事项 1 件');

    const none = await supervisor.http('GET', '/reports/scores?jurisdiction=cn-national');
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('SCORING_NOT_CONFIGURED');
    const missing = await supervisor.http('GET', '/reports/scores');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses bad input with a specific code', async () => {
    const bad = async (path: string, code: string) => {
      const r = await supervisor.http('GET', path);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(code);
      return r.body;
    };
    await bad('/reports/statistics?groupBy=week', 'VALIDATION_FAILED');
    await bad('/reports/statistics?from=2026-02-30x', 'VALIDATION_FAILED');
    expect(await bad('/reports/statistics?from=2026-06-01&to=2026-05-01', 'INVALID_RANGE')).toMatchObject({
      from: '2026-06-01',
      to: '2026-05-01',
    });
    await bad('/reports/overdue?format=pdf', 'VALIDATION_FAILED');
    await bad('/reports/overdue?minDaysLate=0', 'VALIDATION_FAILED');
    await bad('/reports/overdue?pageSize=5000', 'VALIDATION_FAILED');
    await bad('/proposals?format=docx', 'VALIDATION_FAILED');
  });

  it('pages the overdue rows while the total and summaries cover them all', async () => {
    const r = await supervisor.http('GET', `/reports/overdue?${scope}&pageSize=1&page=2`);
    expect(r.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(r.body.rows.map((x: any) => x.caseId)).toEqual([caseA]);
    expect(r.body.byUnit).toHaveLength(2);
  });

  it('counts and orders the overdue duties from the open-duty index alone, joining only the page', async () => {
    const queries = new ReportQueries(stack.ds, async () => createShippedCalendar());
    const { seen, result: report } = await selects(() =>
      queries.overdue({ kind: 'all' }, { keyCase: false }, new Date(), 1, 5),
    );
    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.every((r) => !r.keyCase)).toBe(true);
    // the page's keys and the counts: deadline only, through the index that defines overdue
    const [pageKeys, counts] = seen.filter((q) => /\bFROM `deadline`/.test(q.sql) && !/\bIN \(/.test(q.sql));
    for (const q of [pageKeys, counts]) {
      const plan: { table: string; possible_keys: string | null }[] = await stack.ds.query(
        `EXPLAIN ${q.sql}`,
        q.params,
      );
      expect(plan.map((row) => row.table)).toEqual(['d']);
      expect(plan[0].possible_keys ?? '').toContain('ix_deadline_open_duty');
    }
    expect(pageKeys.sql).toMatch(/LIMIT 5/);
  });

  it('sums the statistics over all sessions from report_total in its key order, a session from report_fact', async () => {
    const queries = new ReportQueries(stack.ds, async () => createShippedCalendar());
    const sumsRead = async (f: Record<string, unknown>, groupBy: 'unit' | 'session') => {
      const { seen } = await selects(() => queries.statistics({ kind: 'all' }, f, groupBy, new Date()));
      const sums = seen.filter((q) => /\bFROM `report_(fact|total)`/.test(q.sql));
      expect(sums).toHaveLength(1);
      const plan: { table: string; Extra: string | null }[] = await stack.ds.query(
        `EXPLAIN ${sums[0].sql}`,
        sums[0].params,
      );
      return { table: /FROM `(report_\w+)`/.exec(sums[0].sql)![1], plan };
    };
    const all = await sumsRead({}, 'unit');
    expect(all.table).toBe('report_total');
    // by unit: summed while reading the key in order, no temporary table to group in
    expect(all.plan.map((r) => r.Extra ?? '').join(';')).not.toMatch(/temporary|filesort/);
    expect((await sumsRead({ jurisdiction: 'cn-national' }, 'unit')).table).toBe('report_total');
    expect((await sumsRead({ jurisdiction: 'cn-national', term, session }, 'unit')).table).toBe(
      'report_fact',
    );
    expect((await sumsRead({}, 'session')).table).toBe('report_fact');
  });

  it('reads the read model with GROUP BY statements that can use indexes, none per row', async () => {
    const queries = new ReportQueries(stack.ds, async () => createShippedCalendar());
    const f = { jurisdiction: 'cn-national', term, session };
    const { seen } = await selects(async () => {
      await queries.overdue({ kind: 'all' }, f, new Date());
      await queries.statistics({ kind: 'all' }, f, 'unit', new Date());
      await queries.dashboard({ kind: 'all' }, f, new Date());
    });
    // a fixed number of statements, whatever the number of rows: overdue 4, statistics 2 (the kept
    // sums, the duties overdue now) + unit names + the filtered jurisdiction (whose policy names the
    // reply classes), dashboard 5
    expect(seen).toHaveLength(13);
    for (const { sql, params } of seen) {
      const plan: { table: string; select_type: string; possible_keys: string | null }[] =
        await stack.ds.query(`EXPLAIN ${sql}`, params);
      for (const row of plan) {
        expect({ sql, table: row.table, type: row.select_type }).not.toMatchObject({
          type: 'DEPENDENT SUBQUERY',
        });
        // every table is reached through an index (the filters' or a join's)
        if (['p', 'a', 'd', 'f', 'r', 'u'].includes(row.table))
          expect({ sql, table: row.table, keys: row.possible_keys }).toMatchObject({
            keys: expect.any(String),
          });
      }
    }
  });
});
