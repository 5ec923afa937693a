import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import * as ExcelJS from 'exceljs';
import { In } from 'typeorm';
import {
  ImportFileEntity,
  ImportJobEntity,
  ImportJobRowEntity,
  JurisdictionStore,
  ProposalEntity,
  ProposalRegistrar,
  storeRegistrationPolicy,
} from '@banli/persistence';
import { importedCaseId, ImportJobRunner, saveImportFile } from '@banli/persistence/import';
import { importWorkflowId } from '@banli/workflows/import.workflow';
import { createApiApp } from '../../apps/api/src/app';
import { CaseWorkflowGateway } from '../../apps/api/src/temporal/case-workflow.gateway';
import { TemporalClientService } from '../../apps/api/src/temporal/temporal-client.provider';
import { HttpResult, Session, Stack, startStack } from './harness';
import { encodeGbk } from '../support/gbk';

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('提案清单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Bulk import of a session list over HTTP: a real .xlsx with Chinese text checked row by row,
 * refused while it has errors, committed as a job (202 at once) that its import workflow checks
 * and registers row by row through the case workflow (Temporal dev server, worker, MariaDB),
 * re-imported without effect, CSV in UTF-8 with BOM and in GBK; a large file checked while the
 * API goes on answering; an import that outlives a restart of the API, and one whose workflow was
 * stopped, finished by posting the same file again.
 */
describe('import: session lists from .xlsx and .csv', () => {
  let stack: Stack;
  let office: Session;
  let unitUser: Session;
  const tag = randomUUID().slice(0, 6);
  // A session of its own, so numbers never meet another suite's.
  const session = 100 + Math.floor(Math.random() * 800);
  // a CPPCC session: under a jurisdiction that handles CPPCC proposals (cn-national is NPC only)
  const fields: Record<string, string> = {
    jurisdiction: 'guangzhou',
    channel: 'cppcc',
    term: '8',
    session: String(session),
    duringSession: 'true',
  };
  let edu: any;
  let fin: any;
  let civ: any;

  const upload = async (
    token: string,
    file: Buffer,
    name: string,
    dryRun: boolean,
    extra: Record<string, string> = fields,
    base = stack.url,
  ): Promise<HttpResult> => {
    const form = new FormData();
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    form.append('file', new Blob([file]), name);
    const res = await fetch(`${base}/imports?dryRun=${dryRun}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };
  const finished = async (jobId: string, http = office.http) => {
    const until = Date.now() + 90_000;
    for (;;) {
      const r = await http('GET', `/imports/${jobId}`);
      expect(r.status).toBe(200);
      if (r.body.status !== 'running') return r.body;
      if (Date.now() > until) throw new Error(`import job still running: ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 250));
    }
  };
  const casesOfSession = () =>
    stack.ds
      .getRepository(ProposalEntity)
      .count({ where: { jurisdiction: 'guangzhou', channel: 'cppcc', term: 8, session } });

  beforeAll(async () => {
    stack = await startStack(`e2e-import-${randomUUID()}`);
    edu = await stack.createUnit({
      code: `jyj-${tag}`,
      name: `辽源市教育局${tag}`,
      shortName: `市教育局${tag}`,
    });
    fin = await stack.createUnit({
      code: `czj-${tag}`,
      name: `辽源市财政局${tag}`,
      shortName: `市财政局${tag}`,
    });
    civ = await stack.createUnit({
      code: `mzj-${tag}`,
      name: `辽源市民政局${tag}`,
      shortName: `市民政局${tag}`,
    });
    office = await stack.createUser('office');
    unitUser = await stack.createUser('unitStaff', { unitId: edu.id });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const HEADER = ['序号', '编号', '案由', '提出人', '类别', '内容', '建议主办单位', '会办单位'];
  const good = () => [
    [
      1,
      '001',
      '关于完善治理格局 健全服务体系在创新中提升我市社区建设水平的提案',
      '九三学社辽源市委员会、王征，李华',
      '社会建设',
      '完善基层治理工作是一项系统性、综合性很强的基础工程。',
      `市教育局${tag}`,
      `市财政局${tag}、辽源市民政局${tag}`,
    ],
    [
      2,
      '002',
      '关于加强农村寄宿制学校建设的提案',
      '张丽',
      '教育',
      '建议加大投入。\n改善办学条件。',
      `jyj-${tag}`,
      '',
    ],
    [
      3,
      '003',
      '关于“一老一小”服务体系建设的提案',
      '民建辽源市委会\n赵敏',
      '社会建设',
      '',
      `辽源市民政局${tag}`,
      `市教育局${tag}`,
    ],
  ];

  it('dry run names row and column of each error, suggests units, and registers nothing; a commit of it ends refused', async () => {
    const file = await workbook([
      ['辽源市政协八届会议提案汇总表'],
      HEADER,
      ...good(),
      [4, '004', '', '王征', '', '', '', ''],
      [5, '5/1', '关于编号写错的提案', '王征', '', '', '', ''],
      [6, '006', '关于单位写错的提案', '李华', '', '', `市教委${tag}`, ''],
      [7, '002', '关于编号重复的提案', '张丽', '', '', '', ''],
    ]);
    const jobsBefore = await stack.ds.getRepository(ImportJobEntity).count();
    const r = await upload(office.token, file, '提案汇总（有错）.xlsx', true);
    expect(r.status).toBe(200);
    const report = r.body;
    expect(report).toMatchObject({
      dryRun: true,
      ok: false,
      file: { name: '提案汇总（有错）.xlsx', kind: 'xlsx', headerRow: 2 },
    });
    expect(report.counts).toMatchObject({ rows: 7, new: 3, invalid: 4, unchanged: 0, errors: 4 });
    const errors = report.issues
      .filter((i: any) => i.severity === 'error')
      .map((i: any) => [i.row, i.column, i.code]);
    expect(errors).toEqual([
      [6, '案由', 'MISSING_TITLE'],
      [7, '编号', 'NUMBER_MALFORMED'],
      [8, '建议主办单位', 'UNKNOWN_UNIT'],
      [9, '编号', 'DUPLICATE_NUMBER_IN_FILE'],
    ]);
    const unknown = report.issues.find((i: any) => i.code === 'UNKNOWN_UNIT');
    expect(unknown.message).toMatch(new RegExp(`^第8行“建议主办单位”：未找到单位“市教委${tag}”`));
    expect(unknown.suggestions[0]).toMatchObject({ id: edu.id, name: `辽源市教育局${tag}` });
    expect(report.issues.find((i: any) => i.code === 'DUPLICATE_NUMBER_IN_FILE')).toMatchObject({
      firstRow: 4,
      cell: 'B9',
    });
    expect(report.issues.find((i: any) => i.code === 'EXTRA_COLUMN')).toMatchObject({
      severity: 'info',
      column: '序号',
    });
    expect(report.rows[0]).toMatchObject({
      row: 3,
      status: 'new',
      number: '001',
      proposers: [
        { name: '九三学社辽源市委员会', kind: 'group' },
        { name: '王征', kind: 'member' },
        { name: '李华', kind: 'member' },
      ],
      leadUnits: [{ id: edu.id }],
      coUnits: [{ id: fin.id }, { id: civ.id }],
    });
    expect(await casesOfSession()).toBe(0);
    // the dry run's job (the worker checked the file) is gone with its file once it answered
    expect(await stack.ds.getRepository(ImportJobEntity).count()).toBe(jobsBefore);
    expect(await stack.ds.getRepository(ImportFileEntity).count({ where: {} })).toBe(0);
    expect((await office.http('GET', '/imports')).body.map((j: any) => j.fileName)).not.toContain(
      '提案汇总（有错）.xlsx',
    );

    // committing the same file answers at once; its check refuses it whole, with the report
    const c = await upload(office.token, file, '提案汇总（有错）.xlsx', false);
    expect(c.status).toBe(202);
    expect(c.body).toMatchObject({ status: 'running', total: 0, fileName: '提案汇总（有错）.xlsx' });
    const job = await finished(c.body.id);
    expect(job).toMatchObject({
      status: 'refused',
      phase: 'done',
      registered: 0,
      problem: { code: 'IMPORT_HAS_ERRORS', detail: expect.stringContaining('未导入任何一行') },
      hint: expect.stringContaining('4 处错误'),
    });
    expect(job.report).toMatchObject({
      dryRun: false,
      ok: false,
      counts: { rows: 7, errors: 4, invalid: 4 },
    });
    expect(job.report.issues.filter((i: any) => i.severity === 'error').map((i: any) => i.cell)).toEqual([
      'C6',
      'B7',
      'G8',
      'B9',
    ]);
    expect(job.rows.map((r: any) => r.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
    ]);
    expect(job.rows[3].message).toMatch(/^第6行“案由”：标题不能为空/);
    expect(await casesOfSession()).toBe(0);
    expect(await stack.ds.getRepository(ImportFileEntity).count({ where: { jobId: c.body.id } })).toBe(0);
  });

  it('refuses the whole file when the jurisdiction does not handle the channel, before reading it', async () => {
    const file = await workbook([HEADER, ...good()]);
    for (const dryRun of [true, false]) {
      const r = await upload(office.token, file, '提案汇总.xlsx', dryRun, {
        ...fields,
        jurisdiction: 'cn-national',
      });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'CHANNEL_NOT_COVERED', channel: 'cppcc', covered: ['npc'] });
      expect(r.body.detail).toMatch(/不办理政协提案，只办理：人大代表建议/);
    }
    expect(await casesOfSession()).toBe(0);
  });

  let cleanFile: Buffer;
  let caseIds: string[];
  it('commits a clean file as a job; every case is registered through its workflow, proposers in order', async () => {
    cleanFile = await workbook([HEADER, ...good()]);
    const dry = await upload(office.token, cleanFile, '提案汇总.xlsx', true);
    expect(dry.body).toMatchObject({ ok: true, counts: { rows: 3, new: 3, errors: 0 } });

    const r = await upload(office.token, cleanFile, '提案汇总.xlsx', false);
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(`/imports/${r.body.id}`);
    // answered before the file is checked: the count comes with the check
    expect(r.body).toMatchObject({ status: 'running', phase: 'queued', total: 0, fileName: '提案汇总.xlsx' });
    const job = await finished(r.body.id);
    expect(job).toMatchObject({
      status: 'completed',
      phase: 'done',
      total: 3,
      done: 3,
      registered: 3,
      unchanged: 0,
      failed: 0,
    });
    expect(job.rows.map((x: any) => [x.row, x.number, x.status])).toEqual([
      [2, '001', 'registered'],
      [3, '002', 'registered'],
      [4, '003', 'registered'],
    ]);
    caseIds = job.rows.map((x: any) => x.caseId);

    const first = await office.http('GET', `/proposals/${caseIds[0]}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      number: '001',
      term: 8,
      session,
      stage: 'UNDER_REVIEW',
      category: '社会建设',
    });
    expect(first.body.title).toBe('关于完善治理格局 健全服务体系在创新中提升我市社区建设水平的提案');
    expect(first.body.proposers.map((p: any) => [p.name, p.kind])).toEqual([
      ['九三学社辽源市委员会', 'group'],
      ['王征', 'member'],
      ['李华', 'member'],
    ]);
    const second = await office.http('GET', `/proposals/${caseIds[1]}`);
    expect(second.body.content).toBe('建议加大投入。\n改善办学条件。');
    const third = await office.http('GET', `/proposals/${caseIds[2]}`);
    expect(third.body.proposers.map((p: any) => p.name)).toEqual(['民建辽源市委会', '赵敏']);

    const suggested = await office.http('GET', `/proposals/${caseIds[0]}/suggested-units`);
    expect(suggested.status).toBe(200);
    expect(suggested.body.map((s: any) => [s.role, s.unitId])).toEqual([
      ['lead', edu.id],
      ['co', fin.id],
      ['co', civ.id],
    ]);
    const list = await office.http('GET', '/imports');
    expect(list.body.map((j: any) => j.id)).toContain(r.body.id);
  });

  it('re-importing the same file changes nothing: every row unchanged, no new case', async () => {
    const before = await casesOfSession();
    const dry = await upload(office.token, cleanFile, '提案汇总.xlsx', true);
    expect(dry.body).toMatchObject({ ok: true, counts: { rows: 3, new: 0, unchanged: 3 } });
    expect(dry.body.rows.map((x: any) => x.existingId)).toEqual(caseIds);

    const r = await upload(office.token, cleanFile, '提案汇总.xlsx', false);
    expect(r.status).toBe(202);
    const job = await finished(r.body.id);
    expect(job).toMatchObject({
      status: 'completed',
      total: 3,
      done: 3,
      registered: 0,
      unchanged: 3,
      failed: 0,
    });
    expect(job.rows.map((x: any) => [x.status, x.caseId])).toEqual(caseIds.map((id) => ['unchanged', id]));
    expect(await casesOfSession()).toBe(before);
    const suggested = await office.http('GET', `/proposals/${caseIds[0]}/suggested-units`);
    expect(suggested.body).toHaveLength(3);
  });

  it('imports a CSV in UTF-8 with BOM, with English headers', async () => {
    const csv =
      'Number,Title,Proposers,Category,Content,Lead unit,Co-handling units\r\n' +
      `011,"关于加快""智慧养老""平台建设的提案","王征、李华",社会建设,"第一段，含逗号。\r\n第二段。",mzj-${tag},\r\n` +
      `012,关于优化营商环境的提案,九三学社辽源市委员会,经济,,市财政局${tag},市教育局${tag}\r\n`;
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
    const dry = await upload(office.token, file, 'list.csv', true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      ok: true,
      file: { kind: 'csv', encoding: 'utf-8-bom' },
      counts: { new: 2 },
    });

    const r = await upload(office.token, file, 'list.csv', false);
    expect(r.status).toBe(202);
    const job = await finished(r.body.id);
    expect(job).toMatchObject({ registered: 2, failed: 0 });
    const c = await office.http('GET', `/proposals/${job.rows[0].caseId}`);
    expect(c.body).toMatchObject({
      number: '011',
      title: '关于加快"智慧养老"平台建设的提案',
      content: '第一段，含逗号。\n第二段。',
    });
    expect(c.body.proposers.map((p: any) => p.name)).toEqual(['王征', '李华']);
  });

  it('imports a CSV saved by Excel in GBK', async () => {
    const csv = `编号,标题,领衔人,协办单位\r\n021,关于加强历史文化街区保护的提案,王征、张丽,市教育局${tag}\r\n`;
    const r = await upload(office.token, encodeGbk(csv), '提案.csv', false);
    expect(r.status).toBe(202);
    const job = await finished(r.body.id);
    expect(job).toMatchObject({ status: 'completed', registered: 1 });
    const c = await office.http('GET', `/proposals/${job.rows[0].caseId}`);
    expect(c.body.title).toBe('关于加强历史文化街区保护的提案');
    expect(c.body.proposers.map((p: any) => p.name)).toEqual(['王征', '张丽']);
  });

  /** A list of `n` rows numbered from `from`, each with a title and a proposer. */
  const listOf = (from: number, n: number) =>
    workbook([
      ['编号', '标题', '提出人', '主办单位'],
      ...Array.from({ length: n }, (_, i) => [
        String(from + i),
        `关于第${from + i}件事的提案`,
        i % 2 ? '王征' : '李华',
        i === 0 ? `市民政局${tag}` : '',
      ]),
    ]);

  it('does not import the same file twice at once; a job whose workflow was stopped is finished by posting it again', async () => {
    const file = await listOf(301, 30);
    const first = await upload(office.token, file, '提案汇总.xlsx', false);
    expect(first.status).toBe(202);
    // the same file into the same session while its import runs
    const busy = await upload(office.token, file, '提案汇总.xlsx', false);
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'IMPORT_IN_PROGRESS', jobId: first.body.id });

    // an operator stops the workflow part-way through (say, in the Temporal UI)
    const until = Date.now() + 60_000;
    for (;;) {
      const j = (await office.http('GET', `/imports/${first.body.id}`)).body;
      if (j.done > 0 && j.status === 'running') break;
      if (j.status !== 'running' || Date.now() > until) throw new Error(`not part-way: ${JSON.stringify(j)}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    const client = await stack.api.get(TemporalClientService).client();
    await client.workflow.getHandle(importWorkflowId(first.body.id)).terminate('stopped by an operator');

    // posting the same file again: the stopped job no longer stands in the way, and shows as interrupted
    const again = await upload(office.token, file, '提案汇总.xlsx', false);
    expect(again.status).toBe(202);
    const stopped = (await office.http('GET', `/imports/${first.body.id}`)).body;
    expect(stopped).toMatchObject({
      status: 'interrupted',
      problem: { code: 'IMPORT_INTERRUPTED' },
      hint: expect.stringContaining('重新上传同一文件'),
    });
    const registeredBefore = stopped.registered;
    expect(registeredBefore).toBeLessThan(30);

    // the second job finds what the first registered and registers the rest, each once
    const job = await finished(again.body.id);
    expect(job).toMatchObject({ status: 'completed', total: 30, failed: 0, done: 30 });
    expect(job.registered + job.unchanged).toBe(30);
    expect(job.unchanged).toBeGreaterThanOrEqual(registeredBefore);
    const numbers = Array.from({ length: 30 }, (_, i) => String(301 + i));
    expect(job.rows.map((r: any) => r.number)).toEqual(numbers);
    const cases = await stack.ds.getRepository(ProposalEntity).find({
      where: { jurisdiction: 'guangzhou', channel: 'cppcc', term: 8, session },
      select: ['number'],
    });
    expect(
      cases
        .map((c) => c.number)
        .filter((n) => numbers.includes(n))
        .sort(),
    ).toEqual(numbers);
  });

  it('refuses a unit user (403), a missing file (400), a legacy .xls (415), an oversized file (413) and too many rows (422)', async () => {
    const file = await workbook([HEADER, ...good()]);
    const forbidden = await upload(unitUser.token, file, 'x.xlsx', true);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN_ROLE');
    expect((await unitUser.http('GET', '/imports')).status).toBe(403);

    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const none = await fetch(`${stack.url}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office.token}` },
      body: form,
    });
    expect(none.status).toBe(400);
    expect(((await none.json()) as any).code).toBe('IMPORT_FILE_MISSING');

    const badFields = await upload(office.token, file, 'x.xlsx', true, { ...fields, channel: 'senate' });
    expect(badFields.status).toBe(400);
    expect(badFields.body.code).toBe('VALIDATION_FAILED');

    const xls = await upload(
      office.token,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]),
      'old.xls',
      true,
    );
    expect(xls.status).toBe(415);
    expect(xls.body.code).toBe('IMPORT_UNSUPPORTED_FILE');

    const big = await upload(office.token, Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), 'big.csv', true);
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('IMPORT_FILE_TOO_LARGE');

    const many = [
      '编号,标题,提出人',
      ...Array.from({ length: 5001 }, (_, i) => `${i + 1},标题${i},王征`),
    ].join('\n');
    const tooMany = await upload(office.token, Buffer.from(many), 'many.csv', true);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', rows: 5001, maxRows: 5000 });

    // a commit refuses at once what the first bytes show (no header), the rest on its job
    for (const dryRun of [true, false]) {
      const headerless = await upload(office.token, Buffer.from('a,b\n1,2\n'), 'x.csv', dryRun);
      expect(headerless.status).toBe(422);
      expect(headerless.body.code).toBe('IMPORT_NO_HEADER');
      const headerlessXlsx = await upload(
        office.token,
        await workbook([
          ['a', 'b'],
          [1, 2],
        ]),
        'x.xlsx',
        dryRun,
      );
      expect(headerlessXlsx.status).toBe(422);
      expect(headerlessXlsx.body.code).toBe('IMPORT_NO_HEADER');
    }
    const manyJob = await upload(office.token, Buffer.from(many), 'many.csv', false);
    expect(manyJob.status).toBe(202);
    expect(await finished(manyJob.body.id)).toMatchObject({
      status: 'refused',
      total: 0,
      problem: { code: 'IMPORT_TOO_MANY_ROWS', rows: 5001, maxRows: 5000 },
      rows: [],
    });
    const noRows = await upload(office.token, Buffer.from('编号,标题,提出人\n'), 'empty.csv', true);
    expect(noRows.status).toBe(422);
    expect(noRows.body.code).toBe('IMPORT_NO_ROWS');

    expect((await office.http('GET', `/imports/${randomUUID()}`)).status).toBe(404);
  });

  it('a batch retried after a registration whose answer was lost registers each row once', async () => {
    // the import's steps, driven by hand: check, a batch whose second start "loses its answer"
    // (the workflow started, the activity failed), then the retry of that batch
    const ds = stack.ds;
    const jobId = randomUUID();
    const file = await listOf(501, 4);
    await ds.transaction(async (m) => {
      await m.getRepository(ImportJobEntity).insert({
        id: jobId,
        status: 'running',
        phase: 'queued',
        fileName: 'by-hand.xlsx',
        fileSha256: 'x'.repeat(64),
        fileKind: 'xlsx',
        fileSize: file.length,
        jurisdiction: 'guangzhou',
        channel: 'cppcc',
        term: 8,
        session,
        duringSession: true,
        total: 0,
        createdBy: office.id,
        heartbeatAt: new Date(),
        finishedAt: null,
      });
      await saveImportFile(m, jobId, file);
    });
    const gateway = stack.api.get(CaseWorkflowGateway);
    let starts = 0;
    const runner = (loseSecondAnswer: boolean) =>
      new ImportJobRunner({
        dataSource: ds,
        registrar: new ProposalRegistrar({
          dataSource: ds,
          policy: storeRegistrationPolicy(JurisdictionStore.for(ds)),
          startCase: async (workflowId, input) => {
            const r = await gateway.start(workflowId, input);
            if (loseSecondAnswer && ++starts === 2) throw new Error('connection reset: answer lost');
            return r;
          },
        }),
      });
    const hooks = { heartbeat: () => undefined };
    expect(await runner(false).check(jobId, hooks)).toMatchObject({ next: 'register', pending: 4 });
    await expect(runner(true).registerBatch(jobId, 0, 10, { ...hooks, lastAttempt: false })).rejects.toThrow(
      'answer lost',
    );
    const retried = await runner(false).registerBatch(jobId, 0, 10, { ...hooks, lastAttempt: false });
    // the one row whose answer was lost: recognised as its own case, not registered again
    expect(retried).toMatchObject({ registered: 1, unchanged: 0, failed: 0 });

    const rows = await ds
      .getRepository(ImportJobRowEntity)
      .find({ where: { jobId }, order: { rowNo: 'ASC' } });
    expect(rows.map((r) => [r.number, r.status, r.caseId])).toEqual(
      rows.map((r) => [r.number, 'registered', importedCaseId(jobId, r.rowNo)]),
    );
    expect(await ds.getRepository(ImportJobEntity).findOneByOrFail({ id: jobId })).toMatchObject({
      total: 4,
      done: 4,
      registered: 4,
      failed: 0,
    });
    // finishing waits for the cases started by the failed attempt too
    await runner(false).finish(jobId, { status: 'completed' });
    const cases = await ds.getRepository(ProposalEntity).find({
      where: {
        jurisdiction: 'guangzhou',
        channel: 'cppcc',
        term: 8,
        session,
        number: In(['501', '502', '503', '504']),
      },
    });
    expect(cases.map((c) => c.id).sort()).toEqual(rows.map((r) => r.caseId).sort());
    expect(await ds.getRepository(ImportJobEntity).findOneByOrFail({ id: jobId })).toMatchObject({
      status: 'completed',
      phase: 'done',
    });
  });

  it('checks a large CSV in the worker: the API answers other requests meanwhile', async () => {
    // ~7.5 MB, 5000 rows with a long body and no proposer: every row has an error
    const body = '建议加大投入，改善办学条件。'.repeat(36);
    const csv = Buffer.from(
      [
        '编号,标题,提出人,内容',
        ...Array.from({ length: 5000 }, (_, i) => `${9001 + i},关于第${i + 1}件事的提案,,${body}`),
      ].join('\r\n'),
    );
    expect(csv.length).toBeGreaterThan(7 * 1024 * 1024);
    expect(csv.length).toBeLessThan(10 * 1024 * 1024);

    /** GET /health/live now and again until `done` settles; how long each took, and when it answered. */
    const probeWhile = async (done: Promise<unknown>) => {
      let settled = false;
      void done.finally(() => (settled = true));
      const answers: { ms: number; at: number; status: number }[] = [];
      while (!settled) {
        const t = Date.now();
        const r = await stack.http('GET', '/health/live');
        answers.push({ ms: Date.now() - t, at: Date.now(), status: r.status });
        await new Promise((res) => setTimeout(res, 100));
      }
      return answers;
    };

    // a dry run waits for the worker's check: meanwhile the API answers at once
    const dry = upload(office.token, csv, 'large.csv', true);
    const during = await probeWhile(dry);
    const report = (await dry).body;
    expect(report).toMatchObject({ ok: false, counts: { rows: 5000, invalid: 5000, errors: 5000 } });
    expect(report.issues.filter((i: any) => i.severity === 'error')).toHaveLength(5000);
    expect(during.length).toBeGreaterThan(0);
    for (const a of during) {
      expect(a.status).toBe(200);
      expect(a.ms).toBeLessThan(2000);
    }

    // a commit answers 202 at once and the job is checked afterwards; the API answers meanwhile
    const sent = Date.now();
    const commit = await upload(office.token, csv, 'large.csv', false);
    expect(commit.status).toBe(202);
    expect(Date.now() - sent).toBeLessThan(10_000);
    const t = Date.now();
    const live = await stack.http('GET', '/health/live');
    const answeredAt = Date.now();
    expect(live.status).toBe(200);
    expect(answeredAt - t).toBeLessThan(2000);
    const job = await finished(commit.body.id);
    expect(job).toMatchObject({ status: 'refused', problem: { code: 'IMPORT_HAS_ERRORS' }, total: 5000 });
    // the job was still being checked when the API answered
    expect(new Date(job.finishedAt).getTime()).toBeGreaterThan(answeredAt);
    expect(await stack.ds.getRepository(ImportFileEntity).count({ where: { jobId: commit.body.id } })).toBe(
      0,
    );
  });

  it('documents the upload in OpenAPI', async () => {
    const doc = (await stack.http('GET', '/docs-json')).body;
    const op = doc.paths['/imports'].post;
    expect(Object.keys(op.requestBody.content)).toEqual(['multipart/form-data']);
    expect(op.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({
      type: 'string',
      format: 'binary',
    });
    expect(Object.keys(op.responses)).toEqual(
      expect.arrayContaining(['200', '202', '400', '403', '413', '415', '422', '409']),
    );
    expect(op['x-banli-roles']).toEqual(['office', 'admin']);
    expect(doc.paths['/imports/{id}'].get).toBeDefined();
  });

  // last: the API this suite talks to is replaced
  it('an import outlives a restart of the API: the job completes while no API runs, and the new one shows it', async () => {
    const r = await upload(office.token, await listOf(401, 40), '大清单.xlsx', false);
    expect(r.status).toBe(202);
    const jobs = stack.ds.getRepository(ImportJobEntity);
    // the API goes away while the import is under way (a deploy)
    const until = Date.now() + 60_000;
    while ((await jobs.findOneByOrFail({ id: r.body.id })).done === 0) {
      if (Date.now() > until) throw new Error('the import did not start');
      await new Promise((res) => setTimeout(res, 50));
    }
    expect((await jobs.findOneByOrFail({ id: r.body.id })).status).toBe('running');
    await stack.api.close();

    const api = await createApiApp(stack.cfg, { logger: false });
    await api.listen(0, '127.0.0.1');
    stack.api = api;
    const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    const http = async (method: string, path: string): Promise<HttpResult> => {
      const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${office.token}` } });
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
    const job = await finished(r.body.id, http);
    expect(job).toMatchObject({ status: 'completed', total: 40, registered: 40, failed: 0, done: 40 });
    expect(new Set(job.rows.map((x: any) => x.caseId)).size).toBe(40);
    const c = await http('GET', `/proposals/${job.rows[39].caseId}`);
    expect(c.body).toMatchObject({ number: '440', title: '关于第440件事的提案' });

    // a dry run through the new API finds every row registered
    const again = await upload(office.token, await listOf(401, 40), '大清单.xlsx', true, fields, base);
    expect(again.body).toMatchObject({ ok: true, counts: { unchanged: 40, new: 0 } });
  });
});
