import { createHash, randomUUID } from 'node:crypto';
import * as ExcelJS from 'exceljs';
import { ImportJobEntity, ProposalEntity } from '@banli/persistence';
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
 * refused while it has errors, committed as a job that registers every row through the case
 * workflow (Temporal dev server, worker, MariaDB), re-imported without effect, and CSV in UTF-8
 * with BOM and in GBK.
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
  ): Promise<HttpResult> => {
    const form = new FormData();
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    form.append('file', new Blob([file]), name);
    const res = await fetch(`${stack.url}/imports?dryRun=${dryRun}`, {
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
  const finished = async (jobId: string) => {
    const until = Date.now() + 90_000;
    for (;;) {
      const r = await office.http('GET', `/imports/${jobId}`);
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

  it('dry run names row and column of each error, suggests units, and writes nothing', async () => {
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
    expect(await stack.ds.getRepository(ImportJobEntity).count()).toBe(jobsBefore);

    // committing the same file is refused whole, with the report
    const c = await upload(office.token, file, '提案汇总（有错）.xlsx', false);
    expect(c.status).toBe(422);
    expect(c.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(c.body.code).toBe('IMPORT_HAS_ERRORS');
    expect(c.body.report.counts.errors).toBe(4);
    expect(await casesOfSession()).toBe(0);
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
    expect(r.body).toMatchObject({ total: 3, fileName: '提案汇总.xlsx' });
    const job = await finished(r.body.id);
    expect(job).toMatchObject({
      status: 'completed',
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

  it('a job cut short by a restart shows as interrupted and is finished by posting the same file again', async () => {
    const rows = [
      ['031', '关于推进垃圾分类的提案', '王征', `市民政局${tag}`],
      ['032', '关于改善城市停车的提案', '李华', ''],
      ['033', '关于发展夜间经济的提案', '张丽', ''],
    ];
    const head = ['编号', '标题', '提出人', '主办单位'];
    // what the cut-short job got through before the process stopped
    const part = await upload(office.token, await workbook([head, ...rows.slice(0, 2)]), 'part.xlsx', false);
    expect(await finished(part.body.id)).toMatchObject({ registered: 2 });

    const file = await workbook([head, ...rows]);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const cut = randomUUID();
    await stack.ds.getRepository(ImportJobEntity).insert({
      id: cut,
      status: 'running',
      fileName: '提案汇总.xlsx',
      fileSha256: sha256,
      fileKind: 'xlsx',
      jurisdiction: 'guangzhou',
      channel: 'cppcc',
      term: 8,
      session,
      duringSession: true,
      total: 3,
      done: 2,
      registered: 2,
      createdBy: office.id,
      heartbeatAt: new Date(),
      finishedAt: null,
    });
    // while its process still shows signs of life, the same file is not imported twice at once
    const busy = await upload(office.token, file, '提案汇总.xlsx', false);
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'IMPORT_IN_PROGRESS', jobId: cut });

    await stack.ds
      .getRepository(ImportJobEntity)
      .update({ id: cut }, { heartbeatAt: new Date(Date.now() - 10 * 60_000) });
    const stale = await office.http('GET', `/imports/${cut}`);
    expect(stale.body).toMatchObject({
      status: 'interrupted',
      hint: expect.stringContaining('重新上传同一文件'),
    });

    const again = await upload(office.token, file, '提案汇总.xlsx', false);
    expect(again.status).toBe(202);
    const job = await finished(again.body.id);
    expect(job).toMatchObject({ status: 'completed', total: 3, registered: 1, unchanged: 2, failed: 0 });
    expect(job.rows.map((r: any) => [r.number, r.status])).toEqual([
      ['031', 'unchanged'],
      ['032', 'unchanged'],
      ['033', 'registered'],
    ]);
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

    const headerless = await upload(office.token, Buffer.from('a,b\n1,2\n'), 'x.csv', true);
    expect(headerless.status).toBe(422);
    expect(headerless.body.code).toBe('IMPORT_NO_HEADER');

    expect((await office.http('GET', `/imports/${randomUUID()}`)).status).toBe(404);
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
});
