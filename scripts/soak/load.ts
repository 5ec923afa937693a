/**
 * The load part of `npm run soak`: autocannon with 50 connections for two minutes (45 s
 * in quick mode), each connection looping through one case's life mixed with the reads people make
 * meanwhile — about 70 % reads, 30 % actions. It passes with 0 errors: no connection error, no
 * timeout and no answer outside 2xx; p50/p99 are reported overall and by route.
 *
 * Every action is valid when it is sent: each loop registers a new proposal (a unique number) and
 * takes that case through filing, assignment to one unit, the unit's sign-for and a recorded contact,
 * in order, as the account whose job it is. An action that did not succeed drops the case from the
 * loop, so the next action starts a new loop instead of sending a wrong-stage request.
 *
 * Setup, as the administrator through the API: units with a staff and a leader account each, an
 * office and a supervisor account, and seed cases for the reads — some replied (a full case view)
 * and some overdue (entered as past actions dated months back), so the overdue filter and report
 * have rows to find. autocannon's raw result is kept as `<work>/load-autocannon.json`.
 *
 * On its own: `npm run soak -- --parts=load [--quick]`.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Api, newAccount } from '../bench/api';
import type { SoakPartOptions } from './part';

export type LoadOptions = SoakPartOptions;

export interface LoadResult {
  seconds: number;
  connections: number;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  p50: number;
  p99: number;
  byRoute: Record<string, { requests: number; non2xx: number; p50?: number; p99?: number }>;
  /** State-changing requests that succeeded. */
  actions: number;
  /** Each distinct failure once: route, status and the start of the answer (or the connection error). */
  failures: string[];
}

export const CONNECTIONS = 50;
export const SECONDS = { quick: 45, full: 120 };
/**
 * An answer later than this is a timeout (an error): the API's own deadline for an action
 * (TEMPORAL_UPDATE_TIMEOUT_SECONDS, default 30, then 503/504 with a code), plus a little. How long
 * answers take is the p50/p99, reported beside the error count.
 */
export const TIMEOUT_SECONDS = 35;

const JURISDICTION = 'cn-national';
const CHANNEL = 'npc';
const TERM = 14;
const UNITS = 10;
const SEED_REPLIED = 12;
const SEED_OVERDUE = 12;
const MAIL_DOMAIN = 'load.banli.test';

interface Unit {
  id: string;
  code: string;
  staff: string;
  leader: string;
}

interface Accounts {
  office: string;
  supervisor: string;
  units: Unit[];
  /** Cases for the detail reads: replied ones and overdue ones. */
  seeds: string[];
}

/** What one connection carries through one loop (autocannon resets it when the loop starts again). */
interface Ctx {
  unit?: Unit;
  number?: string;
  /** The loop's case, once registered and written; removed when one of its actions fails. */
  id?: string;
}

/** One request of the loop, named for the figures by route. */
type Step = autocannon.Request & { name: string; action: boolean };

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ok = (status: number) => status >= 200 && status < 300;

/** Units with their staff and leader, an office and a supervisor account, made by the administrator. */
async function setupAccounts(
  api: Api,
  admin: LoadOptions['admin'],
  tag: string,
): Promise<Omit<Accounts, 'seeds'>> {
  const adminApi = await api.login(admin.username, admin.password);
  const user = async (username: string, role: string, unitId?: string) =>
    (await newAccount(adminApi, username, role, { unitId })).token;
  const office = await user(`load-${tag}-office`, 'office');
  const supervisor = await user(`load-${tag}-supervisor`, 'supervisor');
  const units: Unit[] = [];
  for (let k = 1; k <= UNITS; k++) {
    const code = `load-${tag}-u${k}`;
    const unit = await adminApi.must('POST', '/units', {
      code,
      name: `负载测试承办单位${tag}-${k}`,
      contactName: `联络员${k}`,
      contactEmail: `unit${k}-${tag}@${MAIL_DOMAIN}`,
      leaderName: `负责人${k}`,
      leaderEmail: `leader${k}-${tag}@${MAIL_DOMAIN}`,
    });
    units.push({
      id: unit.id,
      code,
      staff: await user(`load-${tag}-staff-${k}`, 'unitStaff', unit.id),
      leader: await user(`load-${tag}-leader-${k}`, 'unitLeader', unit.id),
    });
  }
  return { office, supervisor, units };
}

const register = (session: number, number: string, registeredAt?: string) => ({
  jurisdiction: JURISDICTION,
  channel: CHANNEL,
  term: TERM,
  session,
  number,
  title: `关于完善社区养老服务设施的建议（负载测试 ${number}）`,
  content: '建议加快社区养老服务设施建设，完善运营补贴政策。',
  proposers: [
    { name: `负载代表${number}`, kind: 'deputy', email: `deputy-${number.toLowerCase()}@${MAIL_DOMAIN}` },
  ],
  ...(registeredAt ? { registeredAt } : {}),
});

const contact = () => ({
  method: 'phone',
  date: new Date(Date.now() - 60_000).toISOString(),
  by: '李明',
  note: '电话听取代表意见',
});

/**
 * Seed cases: some taken to the reply (a full case view with deadlines, replies and an audit
 * trail), some entered as past actions dated months back, so they are overdue.
 */
async function seedCases(api: Api, acc: Omit<Accounts, 'seeds'>, session: number): Promise<string[]> {
  const office = api.as(acc.office);
  const seeds: string[] = [];
  const replied = async (i: number) => {
    const number = `S${String(i + 1).padStart(4, '0')}`;
    const unit = acc.units[i % acc.units.length];
    const staff = api.as(unit.staff);
    const { id } = await office.must('POST', '/proposals', register(session, number));
    await office.must('POST', `/proposals/${id}/file`, { number: `立${number}`, category: '社会建设' });
    await office.must('POST', `/proposals/${id}/assign`, { mode: 'sole', units: [{ unitId: unit.id }] });
    await staff.must('POST', `/proposals/${id}/units/${unit.id}/sign-for`);
    await staff.must('POST', `/proposals/${id}/contacts`, contact());
    await staff.must('POST', `/proposals/${id}/reply-draft`, {
      class: 'A',
      text: `负载代表${number}：您提出的关于完善社区养老服务设施的建议收悉，现答复如下……`,
      contactPerson: '李明',
      contactPhone: '0571-88000000',
    });
    await api.as(unit.leader).must('POST', `/proposals/${id}/reply-draft/sign-off`);
    await staff.must('POST', `/proposals/${id}/reply`, {});
    seeds.push(id);
  };
  const overdue = async (i: number) => {
    const number = `O${String(i + 1).padStart(4, '0')}`;
    const unit = acc.units[i % acc.units.length];
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    const { id } = await office.must('POST', '/proposals', register(session, number, at(200)));
    await office.must('POST', `/proposals/${id}/past-actions`, {
      actions: [
        { type: 'file', number: `立${number}`, category: '社会建设', occurredAt: at(199) },
        { type: 'assign', mode: 'sole', units: [{ unitId: unit.id }], occurredAt: at(198) },
      ],
    });
    seeds.push(id);
  };
  const jobs = [
    ...Array.from({ length: SEED_REPLIED }, (_, i) => () => replied(i)),
    ...Array.from({ length: SEED_OVERDUE }, (_, i) => () => overdue(i)),
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  return seeds;
}

/** Per route: latencies of 2xx and other answers, timeouts and connection errors. */
class Figures {
  readonly routes = new Map<
    string,
    { latencies: number[]; requests: number; non2xx: number; lost: number }
  >();
  readonly failures = new Map<string, number>();
  answered = 0;

  route(name: string) {
    let r = this.routes.get(name);
    if (!r) this.routes.set(name, (r = { latencies: [], requests: 0, non2xx: 0, lost: 0 }));
    return r;
  }

  fail(what: string) {
    this.failures.set(what, (this.failures.get(what) ?? 0) + 1);
  }
}

function percentile(sorted: number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The loop each connection runs: 17 requests, 5 of them actions on the loop's own case (29 %).
 * Reads: health; the case list as the office, the overdue filter as the supervisor and as a unit;
 * case details (the loop's case as office and unit, a seed case as supervisor); the overdue report
 * and the statistics by unit as supervisor/office and as a unit; the dashboard counts.
 */
function loopSteps(acc: Accounts, session: number, tag: string): Step[] {
  let numbers = 0;
  let units = 0;
  let seeds = 0;
  const ctxOf = (c: object) => c as Ctx;
  /** A read whose path and token may depend on the loop (a missing case falls back to a seed). */
  const read = (name: string, build: (c: Ctx) => { path: string; token: string }): Step => ({
    name,
    action: false,
    method: 'GET',
    setupRequest: (req, c) => {
      const { path: p, token } = build(ctxOf(c));
      return { ...req, path: p, headers: { ...req.headers, ...bearer(token) } };
    },
  });
  /** An action on the loop's case; without a case (one action failed) the loop starts over. */
  const act = (
    name: string,
    build: (c: Ctx & { id: string; unit: Unit }) => { path: string; token: string; body?: unknown },
  ): Step => ({
    name,
    action: true,
    method: 'POST',
    setupRequest: (req, c) => {
      const ctx = ctxOf(c);
      if (!ctx.id || !ctx.unit) return undefined as unknown as autocannon.Request;
      const { path: p, token, body } = build(ctx as Ctx & { id: string; unit: Unit });
      return {
        ...req,
        path: p,
        headers: { ...req.headers, ...json(token) },
        body: JSON.stringify(body ?? {}),
      };
    },
    onResponse: (status, _body, c) => {
      if (!ok(status)) delete ctxOf(c).id;
    },
  });
  const seed = () => acc.seeds[seeds++ % acc.seeds.length];
  const ownOrSeed = (c: Ctx) => c.id ?? seed();
  return [
    { name: 'GET /health', action: false, method: 'GET', path: '/health' },
    {
      name: 'POST /proposals',
      action: true,
      method: 'POST',
      setupRequest: (req, c) => {
        const ctx = ctxOf(c);
        ctx.unit = acc.units[units++ % acc.units.length];
        ctx.number = `L${tag}${String(++numbers).padStart(6, '0')}`;
        return {
          ...req,
          path: '/proposals',
          headers: { ...req.headers, ...json(acc.office) },
          body: JSON.stringify(register(session, ctx.number)),
        };
      },
      onResponse: (status, body, c) => {
        // 202: accepted but its row not yet written — the loop's actions would not find the case
        if (status === 201) ctxOf(c).id = (JSON.parse(body) as { id: string }).id;
      },
    },
    read('GET /proposals', () => ({ path: '/proposals?pageSize=20', token: acc.office })),
    act('POST /proposals/:id/file', (c) => ({
      path: `/proposals/${c.id}/file`,
      token: acc.office,
      body: { number: `立${c.number}`, category: '社会建设' },
    })),
    read('GET /proposals?overdue=true', () => ({
      path: '/proposals?overdue=true&pageSize=20',
      token: acc.supervisor,
    })),
    read('GET /proposals/:id', (c) => ({ path: `/proposals/${ownOrSeed(c)}`, token: acc.office })),
    act('POST /proposals/:id/assign', (c) => ({
      path: `/proposals/${c.id}/assign`,
      token: acc.office,
      body: { mode: 'sole', units: [{ unitId: c.unit.id }] },
    })),
    read('GET /reports/overdue', () => ({ path: '/reports/overdue?pageSize=50', token: acc.supervisor })),
    read('GET /reports/statistics?groupBy=unit', () => ({
      path: '/reports/statistics?groupBy=unit',
      token: acc.office,
    })),
    act('POST /proposals/:id/units/:unitId/sign-for', (c) => ({
      path: `/proposals/${c.id}/units/${c.unit.id}/sign-for`,
      token: c.unit.staff,
    })),
    read('GET /proposals?overdue=true (unit)', (c) => ({
      path: '/proposals?overdue=true&pageSize=20',
      token: (c.unit ?? acc.units[0]).staff,
    })),
    read('GET /proposals/:id (seed)', () => ({ path: `/proposals/${seed()}`, token: acc.supervisor })),
    act('POST /proposals/:id/contacts', (c) => ({
      path: `/proposals/${c.id}/contacts`,
      token: c.unit.staff,
      body: contact(),
    })),
    read('GET /reports/dashboard', () => ({ path: '/reports/dashboard', token: acc.supervisor })),
    read('GET /reports/overdue (unit)', (c) => ({
      path: '/reports/overdue?pageSize=50',
      token: (c.unit ?? acc.units[0]).staff,
    })),
    read('GET /reports/statistics?groupBy=unit (unit)', (c) => ({
      path: '/reports/statistics?groupBy=unit',
      token: (c.unit ?? acc.units[0]).leader,
    })),
    read('GET /proposals/:id (unit)', (c) =>
      c.id && c.unit
        ? { path: `/proposals/${c.id}`, token: c.unit.staff }
        : { path: `/proposals/${seed()}`, token: acc.office },
    ),
  ];
}

/** autocannon's client internals used to tell which request of the loop an answer belongs to. */
interface ClientInternals {
  requestIterator?: { currentRequest?: { name?: string }; context?: Ctx };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const api = new Api(o.apiUrl);
  const tag = randomBytes(3).toString('hex');
  const session = 100 + Math.floor(Math.random() * 100_000);
  const t0 = Date.now();
  const base = await setupAccounts(api, o.admin, tag);
  const seeds = await seedCases(api, base, session);
  const acc: Accounts = { ...base, seeds };
  o.log(
    `load setup: ${acc.units.length} units with staff and leader, office and supervisor, ` +
      `${seeds.length} seed cases (session ${session}) in ${Math.round((Date.now() - t0) / 1000)} s`,
  );

  const steps = loopSteps(acc, session, tag);
  const actionRoutes = new Set(steps.filter((s) => s.action).map((s) => s.name));
  const figures = new Figures();
  // which route each answer, timeout or connection error belongs to; onResponse keeps a sample
  for (const s of steps) {
    const own = s.onResponse as ((status: number, body: string, c: object, h: unknown) => void) | undefined;
    s.onResponse = (status, body, c, h) => {
      if (!ok(status))
        figures.fail(`${s.name}: ${status} ${String(body).replace(/\s+/g, ' ').slice(0, 300)}`);
      own?.(status, body, c, h);
    };
  }
  const duration = o.quick ? SECONDS.quick : SECONDS.full;
  const load = () => os.loadavg()[0].toFixed(1);
  o.log(
    `load: ${CONNECTIONS} connections for ${duration} s, ${steps.length} requests a loop (load avg ${load()})`,
  );
  const started = Date.now();
  const progress = setInterval(() => {
    o.log(`  ${Math.round((Date.now() - started) / 1000)} s: ${figures.answered} answers`);
  }, 15_000);
  let raw: autocannon.Result;
  try {
    const instance = autocannon({
      url: o.apiUrl,
      connections: CONNECTIONS,
      duration,
      timeout: TIMEOUT_SECONDS,
      requests: steps,
      setupClient: (client) => {
        const internals = client as unknown as ClientInternals;
        // events the typings leave out: 'request' (before each send), 'timeout', 'connError'
        const events = client as unknown as EventEmitter;
        const current = () => internals.requestIterator?.currentRequest?.name ?? 'unknown';
        // 'request' fires just before the next request is picked: the last one sent is current
        let inFlight = 'unknown';
        events.on('request', () => (inFlight = current()));
        client.on('response', (status: number, _bytes: number, ms: number) => {
          const r = figures.route(current());
          figures.answered++;
          r.requests++;
          r.latencies.push(ms);
          if (!ok(status)) r.non2xx++;
        });
        // an action without an answer may still take effect: the loop's case is dropped, so its
        // next action starts a new loop instead of racing the lost one (the next request is a read)
        const lost = (name: string, what: string) => {
          figures.route(name).lost++;
          figures.fail(`${name}: ${what}`);
          const ctx = internals.requestIterator?.context;
          if (actionRoutes.has(name) && ctx) delete ctx.id;
        };
        events.on('timeout', () => lost(inFlight, `no answer within ${TIMEOUT_SECONDS} s (timeout)`));
        events.on('connError', (e: Error) => lost(current(), `connection error ${e.message}`));
      },
    });
    raw = await instance;
  } finally {
    clearInterval(progress);
  }
  o.log(
    `load done: ${raw.requests.total} answers, ${raw.errors} connection errors/timeouts, ` +
      `${raw.resets} loops restarted after a failed action (load avg ${load()})`,
  );
  fs.mkdirSync(o.work, { recursive: true });
  fs.writeFileSync(path.join(o.work, 'load-autocannon.json'), JSON.stringify(raw, null, 2));

  const byRoute: LoadResult['byRoute'] = {};
  let actions = 0;
  for (const s of steps) {
    const r = figures.route(s.name);
    const sorted = [...r.latencies].sort((a, b) => a - b);
    byRoute[s.name] = {
      requests: r.requests + r.lost,
      non2xx: r.non2xx,
      ...(sorted.length
        ? { p50: Math.round(percentile(sorted, 50)!), p99: Math.round(percentile(sorted, 99)!) }
        : {}),
    };
    if (actionRoutes.has(s.name)) actions += r.requests - r.non2xx;
  }
  const result: LoadResult = {
    seconds: raw.duration,
    connections: raw.connections,
    requests: raw.requests.total + raw.errors,
    // autocannon's errors are connection errors and timeouts; every answer outside 2xx counts too
    errors: raw.errors + raw.non2xx,
    non2xx: raw.non2xx,
    timeouts: raw.timeouts,
    p50: raw.latency.p50,
    p99: raw.latency.p99,
    byRoute,
    actions,
    failures: [...figures.failures].map(([what, n]) => `${n}× ${what}`),
  };
  fs.writeFileSync(path.join(o.work, 'load-result.json'), JSON.stringify(result, null, 2));
  return result;
}

/** The figures as a small table. */
export function renderLoad(r: LoadResult): string {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  const width = Math.max(...Object.keys(r.byRoute).map((k) => k.length), 10);
  const lines = [
    `load: ${r.connections} connections, ${r.seconds} s: ${r.requests} requests (${Math.round(r.requests / r.seconds)}/s), ` +
      `${r.actions} actions; errors ${r.errors} (non-2xx ${r.non2xx}, timeouts ${r.timeouts}); p50 ${r.p50} ms, p99 ${r.p99} ms`,
    `${'route'.padEnd(width)} ${pad('requests', 9)} ${pad('non2xx', 7)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)}`,
  ];
  for (const [name, f] of Object.entries(r.byRoute)) {
    lines.push(
      `${name.padEnd(width)} ${pad(f.requests, 9)} ${pad(f.non2xx, 7)} ${pad(f.p50 ?? '-', 7)} ${pad(f.p99 ?? '-', 7)}`,
    );
  }
  for (const f of r.failures.slice(0, 20)) lines.push(`  ${f}`);
  return lines.join('\n');
}
