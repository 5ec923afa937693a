import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  assertUtcSession,
  dataSourceOptions,
  DbTimeZoneError,
  pendingSchemaChanges,
} from '@banli/persistence';
import { shippedPolicies } from '@banli/domain';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { startStack, Stack } from './harness';

// The thin vertical slice over real parts: HTTP → API → Temporal dev server → worker → activity →
// MariaDB → HTTP, plus health, errors, OpenAPI and the schema drift check. Signed in as the
// administrator the stack bootstraps (health and the OpenAPI document are public).
describe('foundation: API + worker + Temporal + MariaDB + SMTP', () => {
  let stack: Stack;
  const mail = new MailCatcher();
  const number = `T${Date.now() % 1_000_000}`;
  // a CPPCC proposal: registered under a jurisdiction that handles CPPCC proposals (cn-national is NPC only)
  const proposal = {
    jurisdiction: 'guangzhou',
    channel: 'cppcc',
    term: 8,
    session: 6,
    number,
    title: '关于完善治理格局 健全服务体系在创新中提升我市社区建设水平的建议',
    content: '完善基层治理工作是一项系统性、综合性很强的基础工程。',
    category: '社会建设',
    proposers: [
      { name: '九三学社辽源市委员会', kind: 'group' },
      { name: '王征', kind: 'member', email: 'wang@example.cn' },
    ],
  };

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    stack = await startStack(`e2e-foundation-${randomUUID()}`, { SMTP_PORT: String(smtpPort) });
  });
  afterAll(async () => {
    await stack?.close();
    await mail.stop();
  });

  it('has no drift between entities and migrations', async () => {
    expect(await pendingSchemaChanges(stack.ds)).toEqual([]);
  });

  it('refuses a database session that does not keep UTC (a server left on Beijing time)', async () => {
    const one = new DataSource({ ...dataSourceOptions(stack.cfg.db), extra: { connectionLimit: 1 } });
    await one.initialize();
    try {
      await expect(assertUtcSession(one)).resolves.toBeUndefined();
      await one.query("SET time_zone = '+08:00'");
      const err = await assertUtcSession(one).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DbTimeZoneError);
      expect(err).toMatchObject({ code: 'DB_TIME_ZONE_NOT_UTC', offsetSeconds: 8 * 3600 });
      expect((err as Error).message).toContain("default-time-zone='+00:00'");
    } finally {
      await one.destroy();
    }
  });

  it('reports DB, Temporal and SMTP healthy', async () => {
    const r = await stack.http('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body.checks.db.status).toBe('up');
    expect(r.body.checks.temporal.status).toBe('up');
    expect(r.body.checks.smtp.status).toBe('up');
  });

  let id: string;
  it('registers a proposal through its workflow and reads it back from MySQL', async () => {
    const r = await stack.admin.http('POST', '/proposals', proposal);
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/proposals/${r.body.id}`);
    expect(r.body.workflowId).toBe(`proposal:guangzhou:cppcc:8-6:${number}`);
    id = r.body.id;

    const g = await stack.admin.http('GET', `/proposals/${id}`);
    expect(g.status).toBe(200);
    expect(g.body).toMatchObject({
      id,
      title: proposal.title,
      stage: 'UNDER_REVIEW',
      term: 8,
      session: 6,
      number,
    });
    expect(g.body.proposers.map((p: any) => p.name)).toEqual(['九三学社辽源市委员会', '王征']);
    expect(g.body.policyId).toBe('guangzhou');

    // the workflow really is running under its business key
    const client = await (stack.api.get as any)(
      require('../../apps/api/src/temporal/temporal-client.provider').TemporalClientService,
    ).client();
    const desc = await client.workflow.getHandle(r.body.workflowId).describe();
    expect(desc.status.name).toBe('RUNNING');
  });

  it('answers 409 with the existing id when the same number is registered again', async () => {
    const r = await stack.admin.http('POST', '/proposals', { ...proposal, title: '重复登记' });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body).toMatchObject({ code: 'DUPLICATE_PROPOSAL', existingId: id });
  });

  it('answers 400 with one error per bad field, and refuses unknown fields', async () => {
    const r = await stack.admin.http('POST', '/proposals', {
      ...proposal,
      channel: 'senate',
      term: 0,
      proposers: [],
      extra: 1,
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    const fields = r.body.errors.map((e: any) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['channel', 'term', 'proposers', 'extra']));
    // Chinese first: each field error in Chinese, the detail too, class-validator's words kept
    expect(r.body.errors.find((e: any) => e.field === 'extra')).toMatchObject({
      messageZh: '不接受此字段',
      message: expect.stringContaining('should not exist'),
    });
    expect(r.body.detail).toMatch(/^请求内容有误：/);
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers 400 for a body that is not JSON, 422 for an unknown jurisdiction, 404 for an unknown case', async () => {
    const bad = await stack.admin.http('POST', '/proposals', '{"title":', {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
    const j = await stack.admin.http('POST', '/proposals', {
      ...proposal,
      jurisdiction: 'atlantis',
      number: `${number}x`,
    });
    expect(j.status).toBe(422);
    expect(j.body.code).toBe('UNKNOWN_JURISDICTION');
    const nf = await stack.admin.http('GET', `/proposals/${randomUUID()}`);
    expect(nf.status).toBe(404);
    expect(nf.body.code).toBe('NOT_FOUND');
    const badId = await stack.admin.http('GET', '/proposals/not-a-uuid');
    expect(badId.status).toBe(400);
  });

  it('refuses a title of only spaces, like the web does', async () => {
    const r = await stack.admin.http('POST', '/proposals', {
      ...proposal,
      number: `${number}s`,
      title: ' \u3000  ',
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.errors).toEqual([
      expect.objectContaining({ field: 'title', messageZh: '不能为空或只有空格' }),
    ]);
  });

  it('reads bodies up to the documented field limits; a larger one is 413 with the limit, in Chinese', async () => {
    // a text of 240,000 characters is over its field's limit (content: 100,000): a field error, never a 500
    const long = await stack.admin.http('POST', '/proposals', {
      ...proposal,
      number: `${number}l`,
      content: '答'.repeat(240_000),
    });
    expect(long.status).toBe(400);
    expect(long.body.errors.map((e: any) => e.field)).toEqual(['content']);
    // 100,000 characters is within the limit, even sent as six-byte escapes
    const escaped = JSON.stringify({
      ...proposal,
      number: `${number}m`,
      content: '答'.repeat(100_000),
    }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const withinLimit = await stack.admin.http('POST', '/proposals', escaped, {
      'content-type': 'application/json',
    });
    expect([201, 202]).toContain(withinLimit.status);
    const huge = await stack.admin.http('POST', '/proposals', {
      ...proposal,
      content: 'x'.repeat(3_000_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(huge.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      limitBytes: 2 * 1024 * 1024,
      requestId: expect.any(String),
    });
    expect(huge.body.detail).toMatch(/^请求内容过大：上限为 2 MB/);
    const notJson = await stack.admin.http('POST', '/proposals', '{"title":', {
      'content-type': 'application/json',
    });
    expect(notJson.body.code).toBe('INVALID_JSON');
  });

  it('answers 415 for JSON in a charset other than UTF-8, before any route or sign-in', async () => {
    const r = await stack.http('POST', '/proposals', JSON.stringify(proposal), {
      'content-type': 'application/json; charset=latin1',
    });
    expect(r.status).toBe(415);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body).toMatchObject({
      code: 'UNSUPPORTED_CHARSET',
      detail: '请以 UTF-8 编码发送 JSON (send JSON in UTF-8)',
      requestId: expect.any(String),
    });
  });

  it('keeps a caller-given request id', async () => {
    const r = await stack.http('GET', '/health', undefined, { 'x-request-id': 'trace-123' });
    expect(r.headers.get('x-request-id')).toBe('trace-123');
  });

  it('serves the OpenAPI document', async () => {
    const r = await stack.http('GET', '/docs-json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining([
        '/proposals',
        '/proposals/{id}',
        '/health',
        '/calendar/working-days',
        '/deadlines/preview',
      ]),
    );
  });

  describe('calendar and deadline API', () => {
    it('counts working days across the 2026 National Day block and its make-up Saturday', async () => {
      const r = await stack.admin.http('GET', '/calendar/working-days?from=2026-09-28&n=5');
      expect(r.status).toBe(200);
      expect(r.body.date).toBe('2026-10-10');
      expect(r.body.crossed.map((c: any) => c.date)).toContain('2026-10-01');
      expect(r.body.warnings).toEqual([]);
    });

    it('rejects a bad query with field errors', async () => {
      const r = await stack.admin.http('GET', '/calendar/working-days?from=tomorrow&n=0');
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: any) => e.field).sort()).toEqual(['from', 'n']);
    });

    it('warns past the last loaded year, and stops warning once an administrator loads that year', async () => {
      const before = await stack.admin.http('GET', '/calendar/working-days?from=2031-03-03&n=1');
      expect(before.body.date).toBe('2031-03-04');
      expect(before.body.warnings.join()).toMatch(/2031年无节假日安排数据/);

      const bad = await stack.admin.http('POST', '/calendar/years', {
        year: 2031,
        source: { title: 'x' },
        days: [{ date: '2031-02-30', working: false, name: '春节' }],
      });
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('INVALID_CALENDAR_DATA');

      const load = await stack.admin.http('POST', '/calendar/years', {
        year: 2031,
        source: { title: '国务院办公厅关于2031年部分节假日安排的通知（测试数据）' },
        days: [{ date: '2031-03-04', working: false, name: '测试假日', kind: 'holiday' }],
      });
      expect(load.status).toBe(201);
      const years = await stack.admin.http('GET', '/calendar/years');
      expect(years.body.find((y: any) => y.year === 2031)).toMatchObject({ origin: 'loaded' });
      expect(years.body.find((y: any) => y.year === 2026)).toMatchObject({ origin: 'shipped' });

      const after = await stack.admin.http('GET', '/calendar/working-days?from=2031-03-03&n=1');
      expect(after.body.warnings).toEqual([]);
      expect(after.body.date).toBe('2031-03-05');
    });

    it('applies a local override, and removes it', async () => {
      const put = await stack.admin.http('PUT', '/calendar/overrides', {
        date: '2026-07-15',
        working: false,
        reason: '测试：本地放假一天',
      });
      expect(put.status).toBe(200);
      const r = await stack.admin.http('GET', '/calendar/working-days?from=2026-07-14&n=1');
      expect(r.body.date).toBe('2026-07-16');
      expect(r.body.crossed).toEqual([expect.objectContaining({ date: '2026-07-15', working: false })]);
      expect((await stack.admin.http('DELETE', '/calendar/overrides/2026-07-15')).status).toBe(204);
      expect((await stack.admin.http('DELETE', '/calendar/overrides/2026-07-15')).status).toBe(404);
      const again = await stack.admin.http('GET', '/calendar/working-days?from=2026-07-14&n=1');
      expect(again.body.date).toBe('2026-07-15');
    });

    it('lists the shipped policies and previews every one of them', async () => {
      const list = await stack.admin.http('GET', '/policies');
      expect(list.body.length).toBeGreaterThanOrEqual(6);
      for (const p of shippedPolicies()) {
        const one = await stack.admin.http('GET', `/policies/${p.id}`);
        expect(one.status).toBe(200);
        for (const channel of p.channels) {
          const r = await stack.admin.http('POST', '/deadlines/preview', {
            policyId: p.id,
            channel,
            events: {
              assigned: '2026-03-31T02:00:00Z',
              received: '2026-04-01T02:00:00Z',
              replied: '2026-06-20T02:00:00Z',
            },
          });
          expect(r.status).toBe(200);
          const main = r.body.deadlines.find((d: any) => d.clock === 'mainReply');
          expect(main).toBeDefined();
          expect(main.summary).toBeTruthy();
          expect(main.policyId).toBe(p.id);
        }
      }
      expect((await stack.admin.http('GET', '/policies/atlantis')).status).toBe(404);
      const none = await stack.admin.http('POST', '/deadlines/preview', {
        policyId: 'cn-national',
        channel: 'npc',
        events: {},
      });
      expect(none.status).toBe(422);
    });

    it('previews the re-handling reply from the re-assignment', async () => {
      const r = await stack.admin.http('POST', '/deadlines/preview', {
        policyId: 'cn-national',
        channel: 'npc',
        events: { rehandlingStarted: '2026-07-01T02:00:00Z' },
      });
      expect(r.status).toBe(200);
      const rehandling = r.body.deadlines.find((d: any) => d.clock === 'rehandling');
      expect(rehandling).toMatchObject({
        startEvent: 'rehandlingStarted',
        startDate: '2026-07-01',
        // one month falls on Saturday 1 August: rolled to the next working day
        dueDate: '2026-08-03',
        policyId: 'cn-national',
      });
      expect(r.body.deadlines.map((d: any) => d.clock)).not.toContain('mainReply');
    });
  });
});
