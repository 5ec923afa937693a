import { randomUUID } from 'node:crypto';
import { createShippedCalendar } from '@banli/domain';
import type { CaseActivities } from '@banli/activities';
import { AdminAuditEntity, OutboxEntity } from '@banli/persistence';
import { ACTIVITIES } from '../../apps/worker/src/activities.provider';
import { Session, Stack, startStack } from './harness';

const pad = (n: number) => String(n).padStart(2, '0');

/** The day an instant falls on in Beijing time. */
const beijingDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** Civil Code Art. 202: n months on, the corresponding day or the month's last day. */
function plusMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const months = y * 12 + (m - 1) + n;
  const [yy, mm] = [Math.floor(months / 12), (months % 12) + 1];
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return `${yy}-${pad(mm)}-${pad(Math.min(d, last))}`;
}

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Art. 203: a last day on a rest day moves to the next working day — rest days per the State Council
 * notices shipped with the code (weekends where a year has none), plus the local holidays given.
 */
function rolled(date: string, localHolidays: string[] = []): string {
  const national = createShippedCalendar();
  let d = date;
  while (localHolidays.includes(d) || !national.isWorkingDay(d).working) d = nextDay(d);
  return d;
}

/**
 * Jurisdictions and policy versions as data, over HTTP with the real worker: an administrator
 * copies a shipped policy with a shorter main reply, creates a jurisdiction on it and a CPPCC case
 * registered there runs by it; the jurisdiction's local holiday moves a deadline; a published
 * version never changes, a new one leaves running cases alone; CPPCC under the NPC-only national
 * rules is refused; only administrators change any of it, and each change is audited.
 */
describe('jurisdictions and policy versions as data', () => {
  let stack: Stack;
  let office: Session;
  let unitStaff: Session;
  let proposer: Session;
  let unit: any;
  const tag = randomUUID().slice(0, 6);
  const session = 100 + Math.floor(Math.random() * 800);
  let edited: Record<string, any>;
  /** The local holidays test-city-cppcc is given. */
  const localHolidays: string[] = [];

  beforeAll(async () => {
    stack = await startStack(`e2e-jurisdictions-${randomUUID()}`);
    office = await stack.createUser('office');
    unit = await stack.createUnit({ name: `测试市住建局${tag}` });
    unitStaff = await stack.createUser('unitStaff', { unitId: unit.id });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const register = (number: string, fields: Record<string, unknown> = {}) =>
    office.http('POST', '/proposals', {
      jurisdiction: 'test-city-cppcc',
      channel: 'cppcc',
      term: 9,
      session,
      number,
      title: `关于改善老旧小区加装电梯的提案（${number}）`,
      proposers: [{ name: `测试委员${tag}`, kind: 'member' }],
      ...fields,
    });

  /** Files and assigns the case (sole, to the unit) and answers its main reply deadline once projected. */
  const assign = async (id: string, number: string) => {
    expect(
      (await office.http('POST', `/proposals/${id}/file`, { number: `立${number}`, category: '城建' }))
        .status,
    ).toBe(200);
    const a = await office.http('POST', `/proposals/${id}/assign`, {
      mode: 'sole',
      units: [{ unitId: unit.id }],
    });
    expect(a.status).toBe(200);
    for (let i = 0; i < 100; i++) {
      const c = await office.http('GET', `/proposals/${id}`);
      const main = c.body.deadlines?.find((d: any) => d.clock === 'mainReply');
      if (main && c.body.assignments?.length)
        return { view: c.body, main, assignedAt: c.body.assignments[0].assignedAt };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`case ${id}: no main reply deadline projected`);
  };

  it('copies a shipped policy under a new id, with a two-month main reply', async () => {
    const shipped = await stack.admin.http('GET', '/policies/guangzhou');
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ id: 'guangzhou', version: 1, shipped: true });
    edited = JSON.parse(JSON.stringify(shipped.body));
    edited.name = `测试市人民政府办理建议提案（${tag}）`;
    edited.nameEn = 'Test City: suggestions and proposals';
    const main = edited.clocks.mainReply;
    main.rule = { kind: 'months', months: 2 };
    main.byChannel.cppcc.rule = { kind: 'months', months: 2 };
    main.note = '测试：交办之日起两个月内答复';

    const created = await stack.admin.http('POST', '/policies', {
      id: 'test-city',
      basedOn: { id: 'guangzhou', version: 1 },
      policy: edited, // answer-only fields (id, version, shipped) are dropped by the server
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'test-city',
      version: 1,
      shipped: false,
      basedOn: { id: 'guangzhou', version: 1 },
      publishedBy: stack.admin.id,
      channels: ['npc', 'cppcc'],
    });
    expect(created.body.clocks.mainReply.byChannel.cppcc.rule).toEqual({ kind: 'months', months: 2 });

    const list = await office.http('GET', '/policies');
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'guangzhou', shipped: true }),
        expect.objectContaining({ id: 'test-city', version: 1, versions: [1], shipped: false }),
      ]),
    );
    const one = await office.http('GET', '/policies/test-city?version=1');
    expect(one.body).toMatchObject({ id: 'test-city', version: 1, name: edited.name });

    // an id is taken once, and never a shipped one
    for (const id of ['test-city', 'guangzhou']) {
      const again = await stack.admin.http('POST', '/policies', { id, policy: edited });
      expect([id, again.status, again.body.code]).toEqual([id, 409, 'POLICY_EXISTS']);
    }
    const unknownBase = await stack.admin.http('POST', '/policies', {
      id: `test-nobase-${tag}`,
      basedOn: { id: 'atlantis', version: 1 },
      policy: edited,
    });
    expect([unknownBase.status, unknownBase.body.code]).toEqual([422, 'UNKNOWN_POLICY']);
  });

  it('creates a jurisdiction on the copy, readable by staff', async () => {
    const r = await stack.admin.http('POST', '/jurisdictions', {
      id: 'test-city-cppcc',
      name: '测试市政协',
      nameEn: 'Test City CPPCC',
      level: 'city',
      channels: ['cppcc'],
      policyId: 'test-city',
      docNumberPattern: '{unit}函〔{year}〕{seq}号',
      indexNumberPattern: '{org}-{year}-{seq:5}',
      escalationContacts: [{ target: 'supervisor', name: '测试市政协提案委', email: 'taw@example.cn' }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: 'test-city-cppcc',
      name: '测试市政协',
      level: 'city',
      channels: ['cppcc'],
      policyId: 'test-city',
      policyVersion: 1,
      calendarOverrides: [],
      shipped: false,
      policy: { id: 'test-city', version: 1, latestVersion: 1, shipped: false },
    });
    expect(r.body.policy.replyClasses.map((c: any) => c.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(r.body.policy.sources.length).toBeGreaterThan(0);

    const list = await unitStaff.http('GET', '/jurisdictions');
    expect(list.status).toBe(200);
    expect(list.body.map((j: any) => j.id)).toEqual(
      expect.arrayContaining(['cn-national', 'test-city-cppcc']),
    );
    expect(list.body.find((j: any) => j.id === 'cn-national')).toMatchObject({
      level: 'national',
      channels: ['npc'],
      shipped: true,
    });
    expect((await office.http('GET', '/jurisdictions/test-city-cppcc')).status).toBe(200);
    expect((await office.http('GET', '/jurisdictions/atlantis')).status).toBe(404);
  });

  it('refuses a duplicate, an unknown policy, an uncovered channel and an invalid jurisdiction', async () => {
    const base = { name: '测试', level: 'city', channels: ['cppcc'], policyId: 'test-city' };
    const dup = await stack.admin.http('POST', '/jurisdictions', { ...base, id: 'test-city-cppcc' });
    expect([dup.status, dup.body.code]).toEqual([409, 'JURISDICTION_EXISTS']);
    const shipped = await stack.admin.http('POST', '/jurisdictions', { ...base, id: 'guangzhou' });
    expect([shipped.status, shipped.body.code]).toEqual([409, 'JURISDICTION_EXISTS']);

    const unknown = await stack.admin.http('POST', '/jurisdictions', {
      ...base,
      id: `t-${tag}`,
      policyId: 'atlantis',
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_POLICY']);

    const uncovered = await stack.admin.http('POST', '/jurisdictions', {
      ...base,
      id: `t-${tag}`,
      policyId: 'cn-national',
    });
    expect(uncovered.status).toBe(422);
    expect(uncovered.body).toMatchObject({ code: 'CHANNEL_NOT_COVERED', channel: 'cppcc', covered: ['npc'] });

    const invalid = await stack.admin.http('POST', '/jurisdictions', {
      ...base,
      id: 'Test City',
      calendarOverrides: [{ date: '2026-02-30', kind: 'holiday' }],
      docNumberPattern: '{unit}函〔{year}〕号',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('JURISDICTION_INVALID');
    expect(invalid.body.problems.map((p: any) => p.path).sort()).toEqual(
      ['calendarOverrides[0].date', 'docNumberPattern', 'id'].sort(),
    );
    for (const p of invalid.body.problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);

    const readOnly = await stack.admin.http('PATCH', '/jurisdictions/guangzhou', { name: '广州' });
    expect([readOnly.status, readOnly.body.code]).toEqual([409, 'SHIPPED_READ_ONLY']);
    expect((await stack.admin.http('PATCH', `/jurisdictions/nope-${tag}`, { name: 'x' })).status).toBe(404);
  });

  let first: { id: string; main: any; assignedAt: string };
  it('registers a CPPCC case there: its main reply is due two months after assignment', async () => {
    const r = await register(`J${tag}a`);
    expect(r.status).toBe(201);
    expect(r.body.workflowId).toBe(`proposal:test-city-cppcc:cppcc:9-${session}:J${tag}a`);
    const { view, main, assignedAt } = await assign(r.body.id, `J${tag}a`);
    expect(view).toMatchObject({ jurisdiction: 'test-city-cppcc', policyId: 'test-city', policyVersion: 1 });
    proposer = await stack.createUser('proposer', { partyId: view.proposers[0].id });
    // start day excluded, two months on, moved off a rest day
    const expected = rolled(plusMonths(beijingDay(assignedAt), 2));
    expect(main.explanation).toMatchObject({
      dueDate: expected,
      policyId: 'test-city',
      policyVersion: 1,
      rule: { kind: 'months', months: 2 },
    });
    expect(beijingDay(new Date(Date.parse(main.dueAt) - 1).toISOString())).toBe(expected);
    first = { id: r.body.id, main, assignedAt };
  });

  it("moves a deadline off the jurisdiction's local holiday, in a preview and in a case", async () => {
    const preview = (jurisdiction?: string) =>
      office.http('POST', '/deadlines/preview', {
        policyId: 'test-city',
        ...(jurisdiction ? { jurisdiction } : {}),
        channel: 'cppcc',
        events: { assigned: '2026-04-15T10:00:00+08:00' },
        clocks: ['mainReply'],
      });
    // 15 April + 2 months = Monday 15 June 2026, a working day nationally
    expect((await preview('test-city-cppcc')).body.deadlines[0].dueDate).toBe('2026-06-15');

    const today = beijingDay(new Date().toISOString());
    const dueToday = rolled(plusMonths(today, 2));
    localHolidays.push('2026-06-15', dueToday);
    const p = await stack.admin.http('PATCH', '/jurisdictions/test-city-cppcc', {
      calendarOverrides: [
        { date: '2026-06-15', kind: 'holiday', note: '测试市纪念日' },
        { date: dueToday, kind: 'holiday', note: '测试市假日' },
      ],
    });
    expect(p.status).toBe(200);
    expect(p.body.calendarOverrides).toHaveLength(2);

    const local = (await preview('test-city-cppcc')).body.deadlines[0];
    expect(local.dueDate).toBe('2026-06-16');
    expect(local.rolled).toMatchObject({ from: '2026-06-15', to: '2026-06-16' });
    expect(local.rolled.reason).toContain('测试市纪念日');
    // the national calendar alone knows no such holiday
    expect((await preview()).body.deadlines[0].dueDate).toBe('2026-06-15');

    // a case assigned now: its main reply would fall on the local holiday, so it moves on
    const r = await register(`J${tag}b`);
    expect(r.status).toBe(201);
    const { main, assignedAt } = await assign(r.body.id, `J${tag}b`);
    const counted = plusMonths(beijingDay(assignedAt), 2);
    const expected = rolled(counted, localHolidays);
    expect(main.explanation.dueDate).toBe(expected);
    // without the local holiday it would be due on dueToday (unless assigned after midnight, Beijing time)
    if (beijingDay(assignedAt) === today) expect(main.explanation.dueDate > dueToday).toBe(true);
    expect(main.explanation.rolled).toEqual(
      expected === counted ? null : expect.objectContaining({ from: counted, to: expected }),
    );
    // the case registered earlier keeps the deadline it was given
    const before = await office.http('GET', `/proposals/${first.id}`);
    expect(before.body.deadlines.find((d: any) => d.clock === 'mainReply').dueAt).toBe(first.main.dueAt);
  });

  it('never changes a published version; the next version applies to new cases only', async () => {
    for (const method of ['PUT', 'PATCH']) {
      const r = await stack.admin.http(method, '/policies/test-city/versions/1', { policy: edited });
      expect([method, r.status, r.body.code]).toEqual([method, 409, 'POLICY_VERSION_PUBLISHED']);
      expect(r.body.detail).toMatch(/^已发布的版本不可修改，请发布新版本/);
    }
    const shipped = await stack.admin.http('PUT', '/policies/guangzhou/versions/1', {});
    expect([shipped.status, shipped.body.code]).toEqual([409, 'POLICY_VERSION_PUBLISHED']);
    expect((await stack.admin.http('PUT', '/policies/test-city/versions/9', {})).status).toBe(404);

    const v2body = JSON.parse(JSON.stringify(edited));
    v2body.clocks.mainReply.byChannel.cppcc.rule = { kind: 'months', months: 4 };
    const v2 = await stack.admin.http('POST', '/policies/test-city/versions', { policy: v2body });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ id: 'test-city', version: 2, basedOn: { id: 'test-city', version: 1 } });

    const readOnly = await stack.admin.http('POST', '/policies/guangzhou/versions', { policy: v2body });
    expect([readOnly.status, readOnly.body.code]).toEqual([409, 'SHIPPED_POLICY_READ_ONLY']);
    expect(
      (await stack.admin.http('POST', `/policies/nope-${tag}/versions`, { policy: v2body })).status,
    ).toBe(404);

    // publishers racing for the next number each get their own
    const raced = await Promise.all(
      [1, 2].map(() =>
        stack.admin.http('POST', '/policies/test-city/versions', { policy: v2body, basedOnVersion: 2 }),
      ),
    );
    expect(raced.map((r) => r.status)).toEqual([201, 201]);
    expect(raced.map((r) => r.body.version).sort()).toEqual([3, 4]);
    expect(
      (await office.http('GET', '/policies')).body.find((p: any) => p.id === 'test-city').versions,
    ).toEqual([1, 2, 3, 4]);

    // the jurisdiction names the version new cases start under; a missing version is refused
    const missing = await stack.admin.http('PATCH', '/jurisdictions/test-city-cppcc', { policyVersion: 7 });
    expect([missing.status, missing.body.code]).toEqual([422, 'UNKNOWN_POLICY_VERSION']);
    const moved = await stack.admin.http('PATCH', '/jurisdictions/test-city-cppcc', { policyVersion: 2 });
    expect(moved.body).toMatchObject({ policyVersion: 2, policy: { version: 2, latestVersion: 4 } });

    const r = await register(`J${tag}c`);
    expect(r.status).toBe(201);
    const { view, main, assignedAt } = await assign(r.body.id, `J${tag}c`);
    expect(view.policyVersion).toBe(2);
    expect(main.explanation).toMatchObject({ policyVersion: 2, rule: { kind: 'months', months: 4 } });
    expect(main.explanation.dueDate).toBe(rolled(plusMonths(beijingDay(assignedAt), 4), localHolidays));

    // the first case keeps version 1 and its two-month deadline
    const old = await office.http('GET', `/proposals/${first.id}`);
    expect(old.body.policyVersion).toBe(1);
    const oldMain = old.body.deadlines.find((d: any) => d.clock === 'mainReply');
    expect(oldMain.explanation).toMatchObject({ policyVersion: 1, rule: { kind: 'months', months: 2 } });
    expect(oldMain.dueAt).toBe(first.main.dueAt);
  });

  it('refuses an invalid policy with every problem, and checks one without storing it', async () => {
    const bad = JSON.parse(JSON.stringify(edited));
    bad.clocks.mainReply.rule = { kind: 'months', months: 0 };
    bad.replyClasses = [];
    const r = await stack.admin.http('POST', '/policies', { id: `test-bad-${tag}`, policy: bad });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('POLICY_INVALID');
    expect(r.body.problems.map((p: any) => p.path)).toEqual(
      expect.arrayContaining(['clocks.mainReply.rule.months', 'replyClasses']),
    );
    expect((await office.http('GET', `/policies/test-bad-${tag}`)).status).toBe(404);
    const next = await stack.admin.http('POST', '/policies/test-city/versions', { policy: bad });
    expect([next.status, next.body.code]).toEqual([422, 'POLICY_INVALID']);

    const checked = await office.http('POST', '/policies/validate', { policy: bad });
    expect(checked.status).toBe(200);
    expect(checked.body.ok).toBe(false);
    expect(checked.body.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'clocks.mainReply.rule.months' })]),
    );
    expect((await office.http('POST', '/policies/validate', { policy: edited })).body).toEqual({
      ok: true,
      problems: [],
    });
    expect((await unitStaff.http('POST', '/policies/validate', { policy: edited })).status).toBe(403);

    // the live preview of an unpublished draft, over the jurisdiction's calendar
    const draft = JSON.parse(JSON.stringify(edited));
    draft.clocks.mainReply.byChannel.cppcc.rule = { kind: 'months', months: 1 };
    const live = await office.http('POST', '/deadlines/preview', {
      policy: draft,
      jurisdiction: 'test-city-cppcc',
      channel: 'cppcc',
      events: { assigned: '2026-05-15T10:00:00+08:00' },
      clocks: ['mainReply'],
    });
    expect(live.status).toBe(200);
    // one month from 15 May is Monday 15 June: the jurisdiction's holiday, so Tuesday 16 June
    expect(live.body.deadlines[0]).toMatchObject({ dueDate: '2026-06-16', rule: { months: 1 } });
    const invalidDraft = await office.http('POST', '/deadlines/preview', {
      policy: bad,
      channel: 'cppcc',
      events: { assigned: '2026-05-15T10:00:00+08:00' },
    });
    expect([invalidDraft.status, invalidDraft.body.code]).toEqual([422, 'POLICY_INVALID']);
  });

  it('refuses a CPPCC proposal under the NPC-only national rules, naming what it covers', async () => {
    const r = await register(`J${tag}n`, { jurisdiction: 'cn-national' });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'CHANNEL_NOT_COVERED', channel: 'cppcc', covered: ['npc'] });
    expect(r.body.detail).toMatch(/不办理政协提案，只办理：人大代表建议/);
    const npcOnly = await register(`J${tag}m`, {
      channel: 'npc',
      proposers: [{ name: `代表${tag}`, kind: 'deputy' }],
    });
    expect([npcOnly.status, npcOnly.body.code, npcOnly.body.covered]).toEqual([
      422,
      'CHANNEL_NOT_COVERED',
      ['cppcc'],
    ]);
    const unknown = await register(`J${tag}u`, { jurisdiction: 'atlantis' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_JURISDICTION']);
  });

  it('lets only administrators publish or change (proposers read no jurisdiction), and audits every change', async () => {
    // jurisdictions are for staff: a proposer reads none
    const denied = await proposer.http('GET', '/jurisdictions');
    expect([denied.status, denied.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    for (const [method, path, body] of [
      ['POST', '/policies', { id: `test-office-${tag}`, policy: edited }],
      ['POST', '/policies/test-city/versions', { policy: edited }],
      [
        'POST',
        '/jurisdictions',
        { id: `t-office-${tag}`, name: 'x', level: 'city', channels: ['npc'], policyId: 'guangzhou' },
      ],
      ['PATCH', '/jurisdictions/test-city-cppcc', { name: '改名' }],
    ] as const) {
      const r = await office.http(method, path, body);
      expect([method, path, r.status, r.body.code]).toEqual([method, path, 403, 'FORBIDDEN_ROLE']);
    }
    const audit = await stack.ds.getRepository(AdminAuditEntity).find({ order: { at: 'ASC' } });
    const mine = audit.filter((a) => ['test-city', 'test-city-cppcc'].includes(a.subjectId));
    expect(mine.map((a) => [a.subjectKind, a.subjectId, a.action, (a.detail as any)?.version])).toEqual([
      ['policy', 'test-city', 'publish', 1],
      ['jurisdiction', 'test-city-cppcc', 'create', undefined],
      ['jurisdiction', 'test-city-cppcc', 'update', undefined],
      ['policy', 'test-city', 'publish', 2],
      ['policy', 'test-city', 'publish', expect.any(Number)],
      ['policy', 'test-city', 'publish', expect.any(Number)],
      ['jurisdiction', 'test-city-cppcc', 'update', undefined],
    ]);
    for (const a of mine) expect(a).toMatchObject({ actorId: stack.admin.id, actorRole: 'admin' });
    const overrides = mine.find((a) => a.action === 'update')!.detail as any;
    expect(overrides.calendarOverrides.to).toHaveLength(2);
  });
  it("escalates an overdue duty to the jurisdiction's own contacts for the targets the policy names", async () => {
    const desk = `dcz-${tag}@example.cn`;
    const p = await stack.admin.http('PATCH', '/jurisdictions/test-city-cppcc', {
      escalationContacts: [
        { target: 'office', name: '市政协提案委督查组', email: desk, phone: '0437-1234567' },
        { target: 'supervisor', name: '市委督查室', email: `dcs-${tag}@example.cn` },
      ],
    });
    expect(p.status).toBe(200);
    const r = await register(`J${tag}e`);
    expect(r.status).toBe(201);
    const { main } = await assign(r.body.id, `J${tag}e`);
    const activities = stack.worker.get<CaseActivities>(ACTIVITIES);
    const event = {
      caseId: r.body.id,
      seq: 90001,
      kind: 'overdue' as const,
      unitId: unit.id,
      clock: 'mainReply' as const,
      dueAt: main.dueAt,
      at: new Date().toISOString(),
      actorId: 'system',
      facts: {
        deadline: { clock: 'mainReply' as const, dueAt: main.dueAt, escalateTo: ['office'] },
        keyCase: false,
      },
    };
    await activities.emitCaseEvent(event);
    const rows = await stack.ds
      .getRepository(OutboxEntity)
      .findBy({ proposalId: r.body.id, kind: 'overdue.mainReply' });
    const recipients = rows.map((x) => x.recipient);
    expect(recipients).toContain(desk);
    // the policy names the office only: the supervisors' contact is not mailed
    expect(recipients).not.toContain(`dcs-${tag}@example.cn`);
    // a retried activity queues nothing twice
    await activities.emitCaseEvent(event);
    expect(
      await stack.ds
        .getRepository(OutboxEntity)
        .countBy({ proposalId: r.body.id, kind: 'overdue.mainReply' }),
    ).toBe(rows.length);
  });
});
