import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createTaskLink, signLinkToken } from '@banli/links';
import { E2eRole, Http, HttpResult, Session, Stack, startStack } from './harness';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Operations that need no token. A new public operation fails this suite until it is listed here. */
const PUBLIC = [
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'POST /auth/login',
  'GET /links/{token}',
  'POST /links/{token}/sign-for',
  'GET /public/replies',
  'GET /public/replies/{id}',
  'GET /public/feed.atom',
];

/** 404 codes of a document the case does not have yet (no reply, no such opinion): past the scope check. */
const NO_DOCUMENT = ['NOT_REPLIED', 'OPINION_NOT_FOUND'];

interface Operation {
  key: string;
  method: string;
  path: string;
  roles: string[] | undefined;
  isPublic: boolean;
  secured: boolean;
}

/**
 * The access matrix, generated from the OpenAPI document the API serves: every path and method
 * is exercised, so an endpoint added later is covered without editing this file.
 *   (a) every non-public operation answers 401 without a token, with a forged one and an expired one;
 *       every operation naming its roles answers 403 FORBIDDEN_ROLE to every other role;
 *   (b) a unit cannot read or act on another unit's case: 404 on every case-scoped operation its
 *       role may call (403 on the others), while its own case is reachable;
 *   (c) a proposer cannot see another proposer's proposal, likewise;
 *   (d) forged, expired and misdirected task links are refused.
 * Plus login lockout and the login rate limit.
 */
describe('access matrix from the OpenAPI document', () => {
  let stack: Stack;
  let ops: Operation[];
  const tag = randomUUID().slice(0, 6);
  let unitA: any;
  let unitB: any;
  let caseA: string;
  let caseB: string;
  const sessions: Partial<Record<E2eRole | 'unitStaffB' | 'proposerB', Session>> = {};

  const register = async (number: string, proposer: string) => {
    const r = await sessions.office!.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 4,
      number,
      title: `关于完善社区养老服务的建议（${number}）`,
      proposers: [{ name: proposer, kind: 'deputy' }],
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    stack = await startStack(`e2e-access-${randomUUID()}`);
    unitA = await stack.createUnit({ name: `市民政局${tag}` });
    unitB = await stack.createUnit({ name: `市卫健委${tag}` });
    sessions.admin = stack.admin;
    sessions.office = await stack.createUser('office');
    sessions.supervisor = await stack.createUser('supervisor');
    sessions.unitStaff = await stack.createUser('unitStaff', { unitId: unitA.id });
    sessions.unitLeader = await stack.createUser('unitLeader', { unitId: unitA.id });
    sessions.unitStaffB = await stack.createUser('unitStaff', { unitId: unitB.id });

    caseA = await register(`A${tag}`, `甲代表${tag}`);
    caseB = await register(`B${tag}`, `乙代表${tag}`);
    for (const [id, unit] of [
      [caseA, unitA],
      [caseB, unitB],
    ]) {
      expect(
        (
          await sessions.office.http('POST', `/proposals/${id}/file`, {
            number: `立${id.slice(0, 6)}`,
            category: '民政',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await sessions.office.http('POST', `/proposals/${id}/assign`, {
            mode: 'sole',
            units: [{ unitId: unit.id }],
          })
        ).status,
      ).toBe(200);
    }
    const partyOf = async (id: string) =>
      (await sessions.office!.http('GET', `/proposals/${id}`)).body.proposers[0].id;
    sessions.proposer = await stack.createUser('proposer', { partyId: await partyOf(caseA) });
    sessions.proposerB = await stack.createUser('proposer', { partyId: await partyOf(caseB) });

    const doc = (await stack.http('GET', '/docs-json')).body;
    ops = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        ops.push({
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          roles: op['x-banli-roles'],
          isPublic: op['x-banli-public'] === true,
          secured: Array.isArray(op.security) && op.security.some((s: any) => 'bearer' in s),
        });
      }
    }
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** A concrete URL for an operation: path parameters get sample values, `{id}` the given case. */
  const urlOf = (op: Operation, caseId = caseA) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const sample: Record<string, string> = {
        id: caseId,
        unitId: unitA.id,
        userId: sessions.office!.id,
        token: 'not-a-token',
        date: '2026-07-15',
        messageId: '00000000-0000-4000-8000-000000000000',
        version: '1',
        no: '1',
      };
      if (!(name in sample))
        throw new Error(`no sample value for path parameter {${name}} of ${op.key}: add one to urlOf`);
      return sample[name];
    });
  const call = (http: Http, op: Operation, caseId?: string): Promise<HttpResult> =>
    http(op.method, urlOf(op, caseId), op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
  const caseScoped = () => ops.filter((o) => o.path.startsWith('/proposals/{id}'));
  const admits = (op: Operation, role: string) => !op.roles || op.roles.includes(role);

  it('documents every operation as either public (listed) or bearer-protected', () => {
    expect(ops.length).toBeGreaterThan(40);
    const uncovered = ops.filter((o) => !(o.isPublic ? PUBLIC.includes(o.key) : o.secured)).map((o) => o.key);
    expect(uncovered).toEqual([]);
    expect(
      ops
        .filter((o) => o.isPublic)
        .map((o) => o.key)
        .sort(),
    ).toEqual([...PUBLIC].sort());
    // the case actions are all there
    for (const path of [
      'file',
      'assign',
      'units/{unitId}/sign-for',
      'reply-draft/sign-off',
      'feedback',
      'urge',
      'policy/reapply',
      'state',
    ]) {
      expect(ops.map((o) => o.path)).toContain(`/proposals/{id}/${path}`);
    }
  });

  it('(a) answers 401 to every non-public operation without a token, with a forged token and with an expired one', async () => {
    const expired = new JwtService({ secret: stack.cfg.auth.jwtSecret }).sign(
      { sub: stack.admin.id, role: 'admin', name: 'x', exp: Math.floor(Date.now() / 1000) - 60 },
      { issuer: 'banli', audience: 'banli-api' },
    );
    const forged = new JwtService({ secret: 'another-secret-another-secret-00' }).sign(
      { sub: stack.admin.id, role: 'admin', name: 'x' },
      { issuer: 'banli', audience: 'banli-api', expiresIn: 600 },
    );
    const failures: string[] = [];
    for (const op of ops.filter((o) => !o.isPublic)) {
      for (const [label, http, code] of [
        ['no token', stack.http, 'UNAUTHENTICATED'],
        ['forged token', stack.as(forged), 'TOKEN_INVALID'],
        ['expired token', stack.as(expired), 'TOKEN_EXPIRED'],
        [
          'malformed header',
          (m: string, p: string, b?: unknown) =>
            stack.http(m, p, b, { authorization: 'Basic YWRtaW46YWRtaW4=' }),
          'UNAUTHENTICATED',
        ],
      ] as [string, Http, string][]) {
        const r = await call(http, op);
        if (r.status !== 401 || r.body?.code !== code)
          failures.push(`${op.key} (${label}): ${r.status} ${r.body?.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('(a) answers public operations without a token', async () => {
    for (const op of ops.filter((o) => o.isPublic)) {
      const r = await call(stack.http, op);
      expect([op.key, r.body?.code]).not.toEqual([op.key, 'UNAUTHENTICATED']);
    }
  });

  it('(a) answers 403 FORBIDDEN_ROLE to every role an operation does not admit', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => !o.isPublic && o.roles)) {
      for (const role of [
        'admin',
        'office',
        'supervisor',
        'unitStaff',
        'unitLeader',
        'proposer',
      ] as E2eRole[]) {
        if (op.roles!.includes(role)) continue;
        const r = await call(sessions[role]!.http, op);
        if (r.status !== 403 || r.body?.code !== 'FORBIDDEN_ROLE')
          failures.push(`${op.key} as ${role}: ${r.status} ${r.body?.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("(b) a unit cannot read or act on another unit's case, on any case-scoped operation", async () => {
    const scoped = caseScoped();
    expect(scoped.length).toBeGreaterThan(25);
    const failures: string[] = [];
    for (const op of scoped) {
      const r = await call(sessions.unitStaffB!.http, op, caseA);
      if (admits(op, 'unitStaff')) {
        if (r.status !== 404 || r.body?.code !== 'NOT_FOUND')
          failures.push(`${op.key} on another unit's case: ${r.status} ${r.body?.code}`);
        // the same operation on its own case gets past the scope check
        const own = await call(sessions.unitStaffB!.http, op, caseB);
        if (own.status === 404 && !NO_DOCUMENT.includes(own.body?.code))
          failures.push(`${op.key} on its own case: 404 ${own.body?.code}`);
      } else if (r.status !== 403 || r.body?.code !== 'FORBIDDEN_ROLE') {
        failures.push(`${op.key} (role not admitted): ${r.status} ${r.body?.code}`);
      }
    }
    expect(failures).toEqual([]);

    // reads by unit A on its own case succeed
    for (const op of scoped.filter((o) => o.method === 'GET' && admits(o, 'unitStaff'))) {
      const r = await call(sessions.unitStaff!.http, op, caseA);
      // a letter the case does not have yet is 404 for its own reason, not the case's scope
      if (r.status === 404 && NO_DOCUMENT.includes(r.body?.code)) continue;
      expect([op.key, r.status]).toEqual([op.key, 200]);
    }
    const listB = await sessions.unitStaffB!.http('GET', '/proposals?pageSize=100');
    expect(listB.body.items.map((i: any) => i.id)).toEqual([caseB]);
    const filtered = await sessions.unitStaffB!.http('GET', `/proposals?unitId=${unitA.id}`);
    expect(filtered.body.total).toBe(0);
  });

  it("(c) a proposer cannot see another proposer's proposal, on any case-scoped operation", async () => {
    const failures: string[] = [];
    for (const op of caseScoped()) {
      const r = await call(sessions.proposerB!.http, op, caseA);
      if (admits(op, 'proposer')) {
        if (r.status !== 404 || r.body?.code !== 'NOT_FOUND')
          failures.push(`${op.key} on another proposer's case: ${r.status} ${r.body?.code}`);
      } else if (r.status !== 403 || r.body?.code !== 'FORBIDDEN_ROLE') {
        failures.push(`${op.key} (role not admitted): ${r.status} ${r.body?.code}`);
      }
    }
    expect(failures).toEqual([]);
    for (const op of caseScoped().filter((o) => o.method === 'GET' && admits(o, 'proposer'))) {
      const r = await call(sessions.proposer!.http, op, caseA);
      if (r.status === 404 && NO_DOCUMENT.includes(r.body?.code)) continue;
      expect([op.key, r.status]).toEqual([op.key, 200]);
    }
    const list = await sessions.proposerB!.http('GET', '/proposals?pageSize=100');
    expect(list.body.items.map((i: any) => i.id)).toEqual([caseB]);
  });

  it('(d) refuses forged, expired, misdirected and over-reaching task links', async () => {
    const secret = stack.cfg.auth.linkSecret;
    const good = createTaskLink(caseA, unitA.id, 3_600_000, { secret });
    const checks: [string, string, number, string][] = [];
    const [v, payload, sig] = good.token.split('.');
    const other = Buffer.from(
      JSON.stringify({ c: caseB, u: unitA.id, a: ['open', 'signFor'], iat: 1, exp: 9_999_999_999 }),
    ).toString('base64url');
    checks.push(['altered payload (other case)', `${v}.${other}.${sig}`, 401, 'LINK_INVALID']);
    checks.push(['altered signature', `${v}.${payload}.${sig.slice(0, -2)}xy`, 401, 'LINK_INVALID']);
    checks.push([
      'another secret',
      createTaskLink(caseA, unitA.id, 3_600_000, { secret: 'x'.repeat(64) }).token,
      401,
      'LINK_INVALID',
    ]);
    checks.push(['garbage', 'garbage', 401, 'LINK_INVALID']);
    checks.push([
      'expired',
      createTaskLink(caseA, unitA.id, 60_000, { secret, now: Date.now() - 3_600_000 }).token,
      401,
      'LINK_EXPIRED',
    ]);
    checks.push([
      'unit not on that case',
      createTaskLink(caseA, unitB.id, 3_600_000, { secret }).token,
      403,
      'LINK_INVALID',
    ]);
    checks.push([
      'unknown case',
      createTaskLink(randomUUID(), unitA.id, 3_600_000, { secret }).token,
      403,
      'LINK_INVALID',
    ]);
    for (const [label, token, status, code] of checks) {
      for (const [method, suffix] of [
        ['GET', ''],
        ['POST', '/sign-for'],
      ]) {
        const r = await stack.http(method, `/links/${token}${suffix}`);
        expect([label, method, r.status, r.body?.code]).toEqual([label, method, status, code]);
      }
    }
    const openOnly = signLinkToken(secret, {
      caseId: caseA,
      unitId: unitA.id,
      actions: ['open'],
      issuedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    expect((await stack.http('GET', `/links/${openOnly}`)).status).toBe(200);
    const refused = await stack.http('POST', `/links/${openOnly}/sign-for`);
    expect([refused.status, refused.body.code]).toEqual([403, 'LINK_ACTION_NOT_ALLOWED']);
    // the genuine link still works, and the unit on it is the only one it acts for
    expect((await stack.http('GET', `/links/${good.token}`)).body.unit.id).toBe(unitA.id);
  });

  it('locks an account after repeated failed logins, and an administrator can unlock it', async () => {
    const user = await stack.createUser('office');
    const max = stack.cfg.auth.maxFailedLogins;
    for (let i = 1; i < max; i++) {
      const r = await stack.http('POST', '/auth/login', {
        username: user.username,
        password: 'wrong-password',
      });
      expect([i, r.status, r.body.code]).toEqual([i, 401, 'INVALID_CREDENTIALS']);
    }
    const locking = await stack.http('POST', '/auth/login', {
      username: user.username,
      password: 'wrong-password',
    });
    expect(locking.status).toBe(423);
    expect(locking.body.code).toBe('ACCOUNT_LOCKED');
    expect(Number(locking.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await stack.http('POST', '/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(right.status).toBe(423);
    expect(right.body.lockedUntil).toBeTruthy();
    const listed = await stack.admin.http('GET', `/users/${user.id}`);
    expect(listed.body.locked).toBe(true);

    expect((await stack.admin.http('POST', `/users/${user.id}/unlock`)).body.locked).toBe(false);
    expect(
      (await stack.http('POST', '/auth/login', { username: user.username, password: user.password })).status,
    ).toBe(200);
  });

  it('rate-limits login attempts per IP address and user name', async () => {
    const name = `ghost-${tag}`;
    const limit = stack.cfg.auth.loginRateLimit;
    for (let i = 0; i < limit; i++) {
      expect((await stack.http('POST', '/auth/login', { username: name, password: 'x' })).status).toBe(401);
    }
    const limited = await stack.http('POST', '/auth/login', { username: name, password: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('LOGIN_RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // another name from the same address is not affected
    expect((await stack.http('POST', '/auth/login', { username: `${name}-2`, password: 'x' })).status).toBe(
      401,
    );
  });
  it('extends a session with POST /auth/refresh until SESSION_MAX_HOURS after the login, not beyond', async () => {
    const user = await stack.createUser('unitStaff', { unitId: unitA.id });
    const login = await stack.http('POST', '/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(login.status).toBe(200);
    const max = stack.cfg.auth.sessionMaxHours;
    const sessionEnd = Date.parse(login.body.sessionExpiresAt);
    expect(Math.abs(sessionEnd - (Date.now() + max * 3600_000))).toBeLessThan(60_000);

    const r = await stack.as(login.body.accessToken)('POST', '/auth/refresh');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tokenType: 'Bearer', user: { id: user.id, role: 'unitStaff' } });
    // the session keeps its start: refreshing does not move the end
    expect(r.body.sessionExpiresAt).toBe(login.body.sessionExpiresAt);
    expect((await stack.as(r.body.accessToken)('GET', '/auth/me')).body.id).toBe(user.id);

    // a token from a login longer ago than the maximum is still valid, but cannot be extended
    const jwt = new JwtService({ secret: stack.cfg.auth.jwtSecret });
    const old = jwt.sign(
      { sub: user.id, role: 'unitStaff', name: 'x', sat: Math.floor(Date.now() / 1000) - max * 3600 - 60 },
      { issuer: 'banli', audience: 'banli-api', expiresIn: 600 },
    );
    expect((await stack.as(old)('GET', '/auth/me')).status).toBe(200);
    const refused = await stack.as(old)('POST', '/auth/refresh');
    expect([refused.status, refused.body.code]).toEqual([401, 'SESSION_EXPIRED']);

    // a deactivated account cannot refresh either
    await stack.admin.http('PATCH', `/users/${user.id}`, { active: false });
    const gone = await stack.as(r.body.accessToken)('POST', '/auth/refresh');
    expect([gone.status, gone.body.code]).toEqual([401, 'TOKEN_INVALID']);
  });
});
