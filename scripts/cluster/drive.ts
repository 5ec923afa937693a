import { randomBytes } from 'node:crypto';
import { proposalWorkflowId } from '@banli/temporal/names';

/**
 * Drives cases through the HTTP API the way people do: the office registers, files and assigns;
 * the unit's staff signs for, records contact with the proposer and drafts the reply; the unit's
 * leader signs it off; the staff replies. Each case goes through one API instance (alternating).
 *
 * Processes are killed while this runs, so any call may fail (503, a timeout, a dropped
 * connection). A failed step is never blindly repeated: the driver reads the live case state and
 * repeats the step only if it has not taken effect, which keeps every case on its one path.
 */

export const MAIL_DOMAIN = 'cluster.banli.test';
const JURISDICTION = 'cn-national';
const TERM = 14;
const SESSION = 4;

export interface HttpResult {
  status: number;
  body: any;
}

export interface UnitActors {
  id: string;
  code: string;
  contactEmail: string;
  leaderEmail: string;
  staffToken: string;
  leaderToken: string;
}

export interface CaseRecord {
  i: number;
  /** Index of the API instance every call of this case went to. */
  api: number;
  number: string;
  workflowId: string;
  id?: string;
  unit: UnitActors;
  proposerEmail: string;
  /** The last step this case is driven to (default: the reply). */
  stopAfter?: StepName;
  done: boolean;
  error?: string;
  /** Steps that failed at least once and were resolved by reading the state back. */
  retried: string[];
  ms: number;
}

export interface DriveResult {
  cases: CaseRecord[];
  units: UnitActors[];
  officeToken: string;
  /** Failed HTTP answers seen (and recovered from), by status or error code. */
  failures: Record<string, number>;
  setupMs: number;
  driveMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One HTTP call; a network error or timeout becomes status 0 instead of a throw. */
export async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<HttpResult> {
  try {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(90_000),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  } catch (e) {
    return { status: 0, body: { code: (e as Error).name, detail: (e as Error).message } };
  }
}

const ok = (r: HttpResult) => r.status >= 200 && r.status < 300;
const describe = (r: HttpResult) =>
  `${r.status} ${r.body?.code ?? ''} ${r.body?.detail ?? r.body?.message ?? ''}`.trim();

/** Setup calls must succeed (the cluster is quiet then): throws with the answer otherwise. */
export async function must(r: Promise<HttpResult>, what: string, status = [200, 201]): Promise<any> {
  const got = await r;
  if (!status.includes(got.status)) throw new Error(`${what}: ${describe(got)}`);
  return got.body;
}

/** Units, their staff and leaders, and an office account, created by the administrator. */
async function setup(api: string, admin: { username: string; password: string }, unitCount: number) {
  const login = async (username: string, password: string) =>
    (await must(call(api, 'POST', '/auth/login', undefined, { username, password }), `login ${username}`))
      .accessToken as string;
  const adminToken = await login(admin.username, admin.password);
  const user = async (username: string, role: string, unitId?: string) => {
    const password = `pw-${randomBytes(12).toString('hex')}`;
    await must(
      call(api, 'POST', '/users', adminToken, {
        username,
        password,
        displayName: `${role} ${username}`,
        role,
        ...(unitId ? { unitId } : {}),
      }),
      `create user ${username}`,
    );
    return login(username, password);
  };
  const officeToken = await user('cluster-office', 'office');
  const units: UnitActors[] = [];
  for (let k = 1; k <= unitCount; k++) {
    const code = `cl-u${k}`;
    const contactEmail = `unit${k}@${MAIL_DOMAIN}`;
    const leaderEmail = `leader${k}@${MAIL_DOMAIN}`;
    const unit = await must(
      call(api, 'POST', '/units', adminToken, {
        code,
        name: `集群测试承办单位${k}`,
        contactName: `联络员${k}`,
        contactEmail,
        leaderName: `负责人${k}`,
        leaderEmail,
      }),
      `create unit ${code}`,
    );
    units.push({
      id: unit.id,
      code,
      contactEmail,
      leaderEmail,
      // accounts without an e-mail address: task mail goes to the unit's contact, drafts to its leader
      staffToken: await user(`cluster-staff-${k}`, 'unitStaff', unit.id),
      leaderToken: await user(`cluster-leader-${k}`, 'unitLeader', unit.id),
    });
  }
  return { units, officeToken };
}

export const STEPS = ['file', 'assign', 'signFor', 'contact', 'draft', 'signOff', 'reply'] as const;
export type StepName = (typeof STEPS)[number];

interface Step {
  name: StepName;
  run(): Promise<HttpResult>;
  /** Whether the step has taken effect, judged from the live case state (GET /proposals/:id/state). */
  done(state: any): boolean;
}

/** Runs one case from registration to reply; throws when a step cannot be completed. */
async function driveCase(
  c: CaseRecord,
  api: string,
  officeToken: string,
  failures: Record<string, number>,
  jurisdiction: string,
) {
  const started = Date.now();
  const fail = (step: string, r: HttpResult) => {
    const k = `${step}: ${r.status}${r.body?.code ? ` ${r.body.code}` : ''}`;
    failures[k] = (failures[k] ?? 0) + 1;
  };
  const tryAgain = async <T>(step: string, attempt: () => Promise<T | null>): Promise<T> => {
    for (let i = 0; i < 30; i++) {
      const v = await attempt();
      if (v !== null) return v;
      if (!c.retried.includes(step)) c.retried.push(step);
      await sleep(Math.min(500 * 2 ** i, 5000));
    }
    throw new Error(`case ${c.number}: step ${step} did not complete after 30 attempts`);
  };

  // registration: a repeat after a lost answer is refused with the id already registered
  c.id = await tryAgain('register', async () => {
    const r = await call(api, 'POST', '/proposals', officeToken, {
      jurisdiction,
      channel: 'npc',
      term: TERM,
      session: SESSION,
      number: c.number,
      title: `关于完善社区养老服务设施的建议（集群测试 ${c.number}）`,
      content: '建议加快社区养老服务设施建设，完善运营补贴政策。',
      proposers: [{ name: `集群代表${c.number}`, kind: 'deputy', email: c.proposerEmail }],
    });
    if (ok(r)) return r.body.id as string;
    if (r.status === 409 && r.body?.code === 'DUPLICATE_PROPOSAL') return r.body.existingId as string;
    fail('register', r);
    return null;
  });

  const unit = c.unit;
  const lead = (s: any) => s?.units?.find((u: any) => u.unitId === unit.id);
  const at = (path: string) => `/proposals/${c.id}${path}`;
  const steps: Step[] = [
    {
      name: 'file',
      run: () =>
        call(api, 'POST', at('/file'), officeToken, { number: `立${c.number}`, category: '社会建设' }),
      done: (s) => !!s.filing,
    },
    {
      name: 'assign',
      run: () =>
        call(api, 'POST', at('/assign'), officeToken, { mode: 'sole', units: [{ unitId: unit.id }] }),
      done: (s) => !!lead(s),
    },
    {
      name: 'signFor',
      run: () => call(api, 'POST', at(`/units/${unit.id}/sign-for`), unit.staffToken),
      done: (s) => !!lead(s)?.receivedAt,
    },
    {
      name: 'contact',
      run: () =>
        call(api, 'POST', at('/contacts'), unit.staffToken, {
          method: 'phone',
          date: new Date(Date.now() - 60_000).toISOString(),
          by: '李明',
          note: '电话听取代表意见',
        }),
      done: (s) => (lead(s)?.contacts?.length ?? 0) > 0,
    },
    {
      name: 'draft',
      run: () =>
        call(api, 'POST', at('/reply-draft'), unit.staffToken, {
          class: 'A',
          text: `集群代表${c.number}：您提出的关于完善社区养老服务设施的建议收悉，现答复如下……`,
          contactPerson: '李明',
          contactPhone: '0571-88000000',
        }),
      done: (s) => !!lead(s)?.draft || (lead(s)?.replies?.length ?? 0) > 0,
    },
    {
      name: 'signOff',
      run: () => call(api, 'POST', at('/reply-draft/sign-off'), unit.leaderToken),
      done: (s) => !!lead(s)?.draft?.signedOffAt || (lead(s)?.replies?.length ?? 0) > 0,
    },
    {
      name: 'reply',
      run: () => call(api, 'POST', at('/reply'), unit.staffToken, {}),
      done: (s) => (lead(s)?.replies?.length ?? 0) > 0,
    },
  ];
  for (const step of steps) {
    let first = true;
    await tryAgain(step.name, async () => {
      if (!first) {
        // after a failure: did the earlier attempt take effect after all? Until the state can be
        // read, the step is not repeated (a second draft is a redraft, a second mail to the leader)
        const st = await call(api, 'GET', at('/state'), officeToken);
        if (!ok(st)) {
          fail('state', st);
          return null;
        }
        if (step.done(st.body.state)) return true;
      }
      first = false;
      const r = await step.run();
      if (ok(r)) return true;
      fail(step.name, r);
      return null;
    });
    if (step.name === c.stopAfter) break;
  }
  c.done = true;
  c.ms = Date.now() - started;
}

/**
 * Creates the accounts, then drives `count` cases with `concurrency` in flight, half through each
 * API instance. `onProgress` hears of every finished case (the run uses it to time its kills).
 */
export async function drive(o: {
  apiUrls: string[];
  admin: { username: string; password: string };
  count: number;
  concurrency: number;
  units: number;
  onProgress?: (done: number, total: number) => void;
  log: (s: string) => void;
  /** Default cn-national (its shipped policy). */
  jurisdiction?: string;
  /** Where each case stops (default: the reply). */
  stopAfter?: (i: number) => StepName | undefined;
}): Promise<DriveResult> {
  const jurisdiction = o.jurisdiction ?? JURISDICTION;
  const t0 = Date.now();
  const { units, officeToken } = await setup(o.apiUrls[0], o.admin, o.units);
  const setupMs = Date.now() - t0;
  o.log(`created ${units.length} units with staff and leader accounts, and an office account`);

  const cases: CaseRecord[] = Array.from({ length: o.count }, (_, i) => {
    const number = `C${String(i + 1).padStart(4, '0')}`;
    return {
      i,
      api: i % o.apiUrls.length,
      number,
      workflowId: proposalWorkflowId({
        jurisdiction,
        channel: 'npc',
        term: TERM,
        session: SESSION,
        number,
      }),
      unit: units[i % units.length],
      proposerEmail: `deputy-${number.toLowerCase()}@${MAIL_DOMAIN}`,
      stopAfter: o.stopAfter?.(i),
      done: false,
      retried: [],
      ms: 0,
    };
  });
  const failures: Record<string, number> = {};
  const t1 = Date.now();
  let next = 0;
  let finished = 0;
  const lane = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      try {
        await driveCase(c, o.apiUrls[c.api], officeToken, failures, jurisdiction);
      } catch (e) {
        c.error = (e as Error).message;
        o.log(`case ${c.number} FAILED: ${c.error}`);
      }
      finished++;
      o.onProgress?.(finished, cases.length);
      if (finished % 25 === 0)
        o.log(`${finished}/${cases.length} cases driven (${Math.round((Date.now() - t1) / 1000)} s)`);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, lane));
  return { cases, units, officeToken, failures, setupMs, driveMs: Date.now() - t1 };
}
