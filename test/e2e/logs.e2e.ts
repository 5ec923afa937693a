import { randomInt, randomUUID } from 'node:crypto';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { Session, Stack, startStack } from './harness';

type Line = Record<string, any>;

/**
 * The logs of an API and a worker (in this process, writing to one destination) over a case run
 * through the API: registered with proposers who give a phone and an e-mail address, filed,
 * assigned, signed for and replied to, with the unit's mail refused by the relay (so an address
 * reaches an error message). Every line is JSON; lines about the case carry its case id (request
 * lines also the workflow id, the person and the request id; activity lines the workflow id and
 * activity type); and no line holds a proposer's phone number or e-mail address.
 */
describe('logs: JSON lines with the request, the person and the case, and no contact data', () => {
  const mail = new MailCatcher();
  const raw: string[] = [];
  const destination = { write: (s: string) => void raw.push(s) };
  const tag = randomUUID().slice(0, 8);
  const proposers = [
    {
      name: `王代表${tag}`,
      kind: 'deputy',
      phone: `139${String(randomInt(10_000_000, 99_999_999))}`,
      email: `wang-${tag}@bounce.example.cn`,
    },
    {
      name: `李委员${tag}`,
      kind: 'deputy',
      phone: `0437-3${String(randomInt(100_000, 999_999))}`,
      email: `li.${tag}@example.cn`,
    },
  ];
  const unitEmail = `unit-${tag}@bounce.example.cn`;
  let stack: Stack;
  let office: Session;
  let staff: Session;
  let leader: Session;
  let unit: any;
  let caseId: string;
  let workflowId: string;

  const lines = (): Line[] =>
    raw.flatMap((s) => s.split('\n').filter((l) => l.trim() !== '')).map((l) => JSON.parse(l));

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    // the relay refuses these addresses: the refusal, naming the address, reaches a log line
    mail.rejectRecipients = /@bounce\.example\.cn$/;
    stack = await startStack(
      `e2e-logs-${tag}`,
      { SMTP_PORT: String(smtpPort) },
      { logDestination: destination },
    );
    unit = await stack.createUnit({ name: `市教育局${tag}`, contactEmail: unitEmail });
    office = await stack.createUser('office');
    staff = await stack.createUser('unitStaff', { unitId: unit.id });
    leader = await stack.createUser('unitLeader', { unitId: unit.id });
  });
  afterAll(async () => {
    await stack?.close();
    await mail.stop();
  });

  it('runs a case through the API: register with contact data, file, assign, sign for, reply', async () => {
    const r = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number: `L${tag}`,
      title: `关于规范日志中个人信息的建议（${tag}）`,
      content: '建议各系统日志不得记录代表委员的联系方式。',
      proposers,
    });
    expect(r.status).toBe(201);
    caseId = r.body.id;
    workflowId = r.body.workflowId;
    expect(workflowId).toMatch(/^proposal:/);

    const ok = async (p: Promise<{ status: number; body: any }>) => {
      const a = await p;
      expect([a.status, a.body?.code]).toEqual([200, undefined]);
    };
    await ok(office.http('POST', `/proposals/${caseId}/file`, { number: `立${tag}`, category: '教育' }));
    await ok(
      office.http('POST', `/proposals/${caseId}/assign`, { mode: 'sole', units: [{ unitId: unit.id }] }),
    );
    await ok(staff.http('POST', `/proposals/${caseId}/units/${unit.id}/sign-for`));
    await ok(
      staff.http('POST', `/proposals/${caseId}/contacts`, {
        method: 'faceToFace',
        date: new Date().toISOString(),
        by: '张明',
        note: '当面听取代表意见',
      }),
    );
    await ok(
      staff.http('POST', `/proposals/${caseId}/reply-draft`, {
        class: 'A',
        text: '王代表：您提出的建议收悉，现答复如下……',
        contactPerson: '张明',
        contactPhone: '0571-88000000',
      }),
    );
    await ok(leader.http('POST', `/proposals/${caseId}/reply-draft/sign-off`));
    await ok(staff.http('POST', `/proposals/${caseId}/reply`, {}));
    expect((await staff.http('GET', `/proposals/${caseId}`)).status).toBe(200);
    // a search by phone number puts it in a URL
    expect((await stack.admin.http('GET', `/parties?q=${proposers[0].phone}`)).status).toBe(200);

    // the worker's lines: the activities of the case, and the relay's refusal of the unit's mail
    const until = Date.now() + 30_000;
    const done = () => {
      const ls = lines();
      return (
        ls.some((l) => /rejected permanently/.test(l.msg ?? '')) &&
        ls.some(
          (l) => l.caseId === caseId && l.activityType === 'emitCaseEvent' && l.msg === 'activity completed',
        )
      );
    };
    while (!done() && Date.now() < until) await new Promise((res) => setTimeout(res, 250));
    // lines forwarded through the Temporal runtime are buffered for 100 ms
    await new Promise((res) => setTimeout(res, 1000));
    expect(done()).toBe(true);
  }, 120_000);

  it('writes every line as JSON, with its level, time and process', () => {
    const bad: string[] = [];
    const all = raw.flatMap((s) => s.split('\n')).filter((l) => l.trim() !== '');
    for (const l of all) {
      try {
        const o = JSON.parse(l);
        if (typeof o !== 'object' || typeof o.level !== 'string' || typeof o.time !== 'string' || !o.app)
          bad.push(l);
      } catch {
        bad.push(l);
      }
    }
    expect(all.length).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });

  it('puts the case id on every line about the case: requests with workflow id, person and request id; activities', () => {
    const ls = lines();
    const about = ls.filter((l) => {
      const text = JSON.stringify(l);
      return text.includes(caseId) || text.includes(workflowId);
    });
    expect(about.filter((l) => l.caseId !== caseId).map((l) => l.msg)).toEqual([]);

    // the request lines of the case's routes
    const requests = ls.filter((l) => l.req && l.caseId === caseId);
    const routes = new Set(requests.map((l) => `${l.req.method} ${l.route}`));
    for (const r of [
      'POST /proposals',
      'POST /proposals/:id/file',
      'POST /proposals/:id/assign',
      'POST /proposals/:id/units/:unitId/sign-for',
      'POST /proposals/:id/reply',
      'GET /proposals/:id',
    ])
      expect([r, routes.has(r)]).toEqual([r, true]);
    for (const l of requests) {
      expect(l).toMatchObject({
        app: 'api',
        caseId,
        workflowId,
        requestId: expect.any(String),
        userId: expect.any(String),
        role: expect.stringMatching(/^(office|unitStaff|unitLeader)$/),
        res: { statusCode: l.route === '/proposals' ? 201 : 200 },
      });
      expect(l.req.url).toContain(l.route === '/proposals' ? '/proposals' : caseId);
    }
    const signFor = requests.find((l) => l.route === '/proposals/:id/units/:unitId/sign-for')!;
    expect(signFor).toMatchObject({ userId: staff.id, role: 'unitStaff', unitId: unit.id, level: 'info' });
    expect(signFor.requestId).not.toBe(requests.find((l) => l.route === '/proposals')!.requestId);
    // every request line carries its request id, the one answered in X-Request-Id
    expect(ls.filter((l) => l.req && typeof l.requestId !== 'string')).toEqual([]);

    // the worker's: each activity of the case, with its workflow and activity type
    const activities = ls.filter((l) => l.workflowId === workflowId && l.activityType);
    expect(activities.map((l) => l.activityType)).toEqual(
      expect.arrayContaining(['recordProposal', 'projectTransition', 'emitCaseEvent']),
    );
    for (const l of activities) expect(l).toMatchObject({ app: 'worker', caseId, workflowId });
  });

  it('holds no phone number or e-mail address of the proposers (nor the refused address), masked where they came', () => {
    const text = raw.join('');
    const secrets = [
      ...proposers.flatMap((p) => [p.phone, p.email]),
      unitEmail,
      proposers[1].phone.replace('-', ''),
    ];
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
    const ls = lines();
    // the relay's refusal named the address: the line is there, the address masked
    const refusal = ls.find((l) => /rejected permanently/.test(l.msg ?? ''))!;
    expect(refusal).toMatchObject({ app: 'worker', level: 'warn', caseId, workflowId });
    expect(refusal.msg).toContain('[email]');
    // the search by phone number: its URL is logged, the number masked
    const search = ls.find((l) => l.route === '/parties')!;
    expect(search.req.url).toBe('/parties?q=[phone]');
    // authorization headers are never logged
    expect(text).not.toMatch(/Bearer /i);
  });
});
