/**
 * The fuzz part of `npm run soak`: schemathesis over every operation of the API's own
 * OpenAPI document (GET /docs-json), as an administrator, an office account and a unit account.
 * It passes when nothing answers 5xx and every status the API answers is one the document lists.
 *
 * The fuzzer signs in with accounts made for it (never the soak's administrator), and the hooks
 * in scripts/soak/fuzz/hooks.py keep it from damaging what existed before it started: accounts,
 * units, jurisdictions and policies are never changed or deleted (the request goes to a fresh id
 * instead), the soak's accounts are never locked by failed logins, and the holiday calendar is
 * only changed far from any deadline (year 2096). It does register proposals and imports of its
 * own, under the soak's jurisdiction.
 *
 * schemathesis (pinned) is installed into .tools/soak-venv on first use; its raw reports are kept
 * under `work`. On its own: `npm run soak -- --parts=fuzz [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api } from '../bench/api';
import type { SoakPartOptions } from './part';
import { startProcess, tail } from '../stack/proc';
import { ROOT } from '../stack/temporal';

export type FuzzOptions = SoakPartOptions;

export interface FuzzResult {
  operations: number;
  requests: number;
  serverErrors: number;
  undocumented: number;
  /** One line each: method path status code (and the check that failed). */
  failures: string[];
  seconds: number;
}

export const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = path.join(ROOT, '.tools', 'soak-venv');
const SCHEMATHESIS = path.join(VENV, 'bin', 'schemathesis');
const HOOKS = path.join(__dirname, 'fuzz', 'hooks.py');
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];

/** Installs the pinned schemathesis into .tools/soak-venv unless its stamp says it is there. */
export function ensureSchemathesis(log: (s: string) => void): string {
  const stamp = path.join(VENV, `.schemathesis-${SCHEMATHESIS_VERSION}`);
  if (fs.existsSync(stamp) && fs.existsSync(SCHEMATHESIS)) return SCHEMATHESIS;
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${path.relative(ROOT, VENV)}`);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT });
    if (r.status !== 0)
      throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  };
  if (!fs.existsSync(path.join(VENV, 'bin', 'pip'))) run('python3', ['-m', 'venv', VENV]);
  run(path.join(VENV, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return SCHEMATHESIS;
}

interface Account {
  username: string;
  password: string;
  id: string;
}

/** What the fuzz runs need, created through the API by the soak's administrator. */
interface Fixture {
  admin: Account;
  office: Account;
  unit: Account;
  unitId: string;
  caseId: string;
}

const pw = () => `fz-${randomBytes(12).toString('hex')}`;

/**
 * The soak administrator's session, signed in once and again only when it is some minutes old:
 * sign-ins count against the per-user rate limit that the rest of the soak also spends.
 */
function adminSession(api: Api, o: FuzzOptions): () => Promise<Api> {
  let session: { api: Api; at: number } | null = null;
  return async () => {
    if (!session || Date.now() - session.at > 5 * 60_000)
      session = { api: await api.login(o.admin.username, o.admin.password), at: Date.now() };
    return session.api;
  };
}

async function setup(api: Api, session: () => Promise<Api>): Promise<Fixture> {
  const root = await session();
  const tag = randomBytes(3).toString('hex');
  const unit = await root.must('POST', '/units', {
    code: `fuzz-${tag}`,
    name: `模糊测试承办单位${tag}`,
    contactName: '模糊测试联络员',
    contactEmail: `fuzz-${tag}@soak.banli.test`,
    leaderName: '模糊测试负责人',
    leaderEmail: `fuzz-leader-${tag}@soak.banli.test`,
  });
  const account = async (role: string, extra: Record<string, string> = {}): Promise<Account> => {
    const username = `fuzz-${role}-${tag}`.toLowerCase();
    const password = pw();
    const user = await root.must('POST', '/users', {
      username,
      password,
      displayName: `模糊测试 ${role}`,
      role,
      email: `${username}@soak.banli.test`,
      ...extra,
    });
    return { username, password, id: user.id as string };
  };
  const admin = await account('admin');
  const office = await account('office');
  const unitAccount = await account('unitStaff', { unitId: unit.id });
  const officeApi = await api.login(office.username, office.password);
  const number = `FZ${tag}`;
  const proposal = await officeApi.must('POST', '/proposals', {
    jurisdiction: 'cn-national',
    channel: 'npc',
    term: 14,
    session: 90_000 + Math.floor(Math.random() * 9_000),
    number,
    title: `关于模糊测试的建议（${number}）`,
    content: '模糊测试登记的建议。',
    proposers: [{ name: `模糊测试代表${tag}`, kind: 'deputy', email: `deputy-${tag}@soak.banli.test` }],
  });
  await officeApi.must('POST', `/proposals/${proposal.id}/file`, {
    number: `立${number}`,
    category: '社会建设',
  });
  await officeApi.must('POST', `/proposals/${proposal.id}/assign`, {
    mode: 'sole',
    units: [{ unitId: unit.id, role: 'lead' }],
  });
  return { admin, office, unit: unitAccount, unitId: unit.id as string, caseId: proposal.id as string };
}

/** The hooks' settings: who signs in, what is protected, which ids exist. */
async function hookConfig(session: () => Promise<Api>, o: FuzzOptions, f: Fixture, as: Account) {
  const root = await session();
  const ids = (rows: any[]) => rows.map((r) => String(r.id));
  const users = (await root.must('GET', '/users')) as any[];
  const units = (await root.must('GET', '/units')) as any[];
  const jurisdictions = (await root.must('GET', '/jurisdictions')) as any[];
  const policies = (await root.must('GET', '/policies')) as any[];
  const failedMail = (await root.must('GET', '/mail/failed?includeRetrying=true')) as any[];
  const year = new Date().getFullYear();
  return {
    apiUrl: o.apiUrl,
    username: as.username,
    password: as.password,
    seed: 16,
    protectedUsernames: [o.admin.username, ...users.map((u) => String(u.username))],
    protectedPasswords: [o.admin.password, f.admin.password, f.office.password, f.unit.password],
    protected: {
      users: ids(users),
      units: ids(units),
      jurisdictions: ids(jurisdictions),
      policies: ids(policies),
      // the soak's failed mail stays failed (no re-sending to an address the fuzzer made up)
      mail: ids(failedMail),
    },
    known: {
      'proposals.id': [f.caseId],
      'proposals.unitId': [f.unitId],
      'units.unitId': [f.unitId],
      'users.userId': ids(users),
      'jurisdictions.id': ids(jurisdictions),
      'policies.id': ids(policies),
      'public.id': [f.caseId],
    },
    calendarYears: [year - 5, year + 10],
  };
}

interface RunPlan {
  role: string;
  account: Account;
  maxExamples: number;
  maxSeconds: number;
  phases: string;
}

interface Failure {
  /** method path status code title: the same line once per run, whatever the input. */
  line: string;
  kind: 'server' | 'undocumented' | 'other';
  /** The first request that failed so, with the answer. */
  example: string;
}

interface RunReport {
  operations: Set<string>;
  requests: number;
  failures: Failure[];
  /** Errors of schemathesis itself (a hook, its own generator): logged, no finding on the API. */
  errors: string[];
}

async function runSchemathesis(
  bin: string,
  docFile: string,
  o: FuzzOptions,
  plan: RunPlan,
  config: object,
): Promise<RunReport> {
  const dir = path.join(o.work, `fuzz-${plan.role}`);
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'hooks-config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const args = [
    'run',
    docFile,
    '--url',
    o.apiUrl,
    '--checks',
    CHECKS.join(','),
    '--phases',
    plan.phases,
    '--max-examples',
    String(plan.maxExamples),
    '--max-time',
    String(plan.maxSeconds),
    '--workers',
    '2',
    '--seed',
    '16',
    '--request-timeout',
    '30',
    '--generation-database',
    'none',
    // the token is the hooks' (a fresh one, always): generated ones would only meet the 401 that
    // every protected operation documents, and take the place of inputs that reach further
    '--generation-with-security-parameters',
    'false',
    '--suppress-health-check',
    'all',
    '--no-color',
    '--report',
    'ndjson,junit',
    '--report-ndjson-path',
    path.join(dir, 'report.ndjson'),
    '--report-junit-path',
    path.join(dir, 'junit.xml'),
  ];
  const logFile = path.join(dir, 'schemathesis.log');
  const child = startProcess(`schemathesis-${plan.role}`, bin, args, logFile, {
    cwd: dir,
    env: {
      ...process.env,
      SCHEMATHESIS_HOOKS: HOOKS,
      BANLI_FUZZ_CONFIG: configFile,
      PYTHONUNBUFFERED: '1',
    },
  });
  // --max-time ends the run; a run that overstays it by two minutes (a hung request) is stopped
  const overdue = setTimeout(
    () => {
      o.log(`  schemathesis as ${plan.role} overran its ${plan.maxSeconds} s: stopping it`);
      void child.stop();
    },
    (plan.maxSeconds + 120) * 1000,
  );
  const code = await new Promise<number | null>((res) => {
    if (child.child.exitCode !== null || child.child.signalCode !== null) res(child.child.exitCode);
    else child.child.once('exit', (c) => res(c));
  }).finally(() => clearTimeout(overdue));
  // exit 1 means failures were found; whatever the exit, the report says what was sent and answered
  const ndjson = path.join(dir, 'report.ndjson');
  if (!fs.existsSync(ndjson))
    throw new Error(`schemathesis (${plan.role}) wrote no report (exit ${code}):\n${tail(logFile, 40)}`);
  return parseNdjson(fs.readFileSync(ndjson, 'utf8'));
}

/** The kind of a failed check, by schemathesis's failure code. */
function kindOf(code: string): Failure['kind'] {
  if (code === 'ST101') return 'server';
  if (code === 'ST103') return 'undocumented';
  return 'other';
}

/**
 * The counts and failures of one run, from schemathesis's NDJSON event stream: every finished
 * scenario names its operation, records each request it sent with the answer, and the result of
 * each check on it. Errors of the tool itself (not answers of the API) are listed apart.
 */
export function parseNdjson(text: string): RunReport {
  const report: RunReport = { operations: new Set(), requests: 0, failures: [], errors: [] };
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let ev: any;
    try {
      ev = JSON.parse(line);
    } catch {
      continue; // a line cut short by a run that was stopped
    }
    if (ev.NonFatalError) {
      const e = ev.NonFatalError;
      report.errors.push(`${e.label ?? '?'}: ${e.value?.type ?? 'error'}: ${e.value?.message ?? ''}`.trim());
      continue;
    }
    const done = ev.ScenarioFinished;
    if (!done?.recorder) continue;
    const rec = done.recorder;
    if (typeof rec.label === 'string' && /^[A-Z]+ \//.test(rec.label)) report.operations.add(rec.label);
    const interactions = rec.interactions ?? {};
    report.requests += Object.keys(interactions).length;
    for (const [caseId, checks] of Object.entries<any[]>(rec.checks ?? {})) {
      const serverError = (checks ?? []).some(
        (c) => c.status === 'failure' && c.failure_info?.failure?.code === 'ST101',
      );
      for (const check of checks ?? []) {
        if (check.status !== 'failure') continue;
        const failure = check.failure_info?.failure ?? {};
        // a 5xx is a server error; that no document lists it is no second finding
        if (serverError && failure.code === 'ST103') continue;
        const request = interactions[caseId]?.request ?? rec.cases?.[caseId]?.value ?? {};
        const status = interactions[caseId]?.response?.status_code ?? 'no answer';
        const operation: string = failure.operation ?? rec.label ?? '?';
        const line = `${operation} ${status} ${failure.code ?? check.name} ${failure.title ?? ''}`.trim();
        if (seen.has(line)) continue;
        seen.add(line);
        const kind = kindOf(String(failure.code ?? ''));
        report.failures.push({ line, kind, example: describeRequest(request, interactions[caseId]) });
      }
    }
  }
  return report;
}

/** One request as sent (method, URL, body), to reproduce a failure. */
function describeRequest(request: any, interaction: any): string {
  const method = request?.method ?? '';
  const uri = request?.uri ?? request?.path ?? '';
  const raw = request?.body?.$base64 ? Buffer.from(request.body.$base64, 'base64').toString('utf8') : '';
  const answer = interaction?.response?.content?.$base64
    ? Buffer.from(interaction.response.content.$base64, 'base64').toString('utf8')
    : '';
  return `${method} ${uri}${raw ? ` ${raw.slice(0, 400)}` : ''}${answer ? ` → ${answer.slice(0, 300)}` : ''}`;
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const t0 = Date.now();
  fs.mkdirSync(o.work, { recursive: true });
  const bin = ensureSchemathesis(o.log);
  const api = new Api(o.apiUrl);
  const session = adminSession(api, o);
  const fixture = await setup(api, session);
  o.log(`fuzz accounts ${fixture.admin.username}, ${fixture.office.username}, ${fixture.unit.username}`);
  const docRes = await fetch(`${o.apiUrl}/docs-json`);
  if (!docRes.ok) throw new Error(`GET /docs-json: ${docRes.status}`);
  const docFile = path.join(o.work, 'openapi.json');
  fs.writeFileSync(docFile, await docRes.text());
  const plans = runPlans(fixture, o.quick);
  const operations = new Set<string>();
  let requests = 0;
  const failures = new Map<string, Failure & { roles: string[] }>();
  for (const plan of plans) {
    const config = await hookConfig(session, o, fixture, plan.account);
    const r = await runSchemathesis(bin, docFile, o, plan, config);
    o.log(
      `  as ${plan.role}: ${r.operations.size} operations, ${r.requests} requests, ${r.failures.length} failures`,
    );
    r.operations.forEach((op) => operations.add(op));
    requests += r.requests;
    for (const f of r.failures) {
      const known = failures.get(f.line);
      if (known) known.roles.push(plan.role);
      else failures.set(f.line, { ...f, roles: [plan.role] });
    }
    for (const e of r.errors) o.log(`  schemathesis error (as ${plan.role}, no finding on the API): ${e}`);
  }
  const all = [...failures.values()].sort((a, b) => a.line.localeCompare(b.line));
  for (const f of all) o.log(`  ✗ ${f.line} (as ${f.roles.join(', ')})\n      ${f.example}`);
  const result: FuzzResult = {
    operations: operations.size,
    requests,
    serverErrors: all.filter((f) => f.kind === 'server').length,
    undocumented: all.filter((f) => f.kind === 'undocumented').length,
    failures: all.map((f) => f.line),
    seconds: Math.round((Date.now() - t0) / 1000),
  };
  fs.writeFileSync(
    path.join(o.work, 'fuzz-summary.json'),
    JSON.stringify({ ...result, details: all }, null, 2),
  );
  return result;
}

/**
 * Who fuzzes, how much and how long. Quick (the soak's quick mode, about two minutes):
 * the administrator through examples, coverage (boundaries and malformed input of every field)
 * and random fuzzing; office and unit accounts through examples and fuzzing. Full: all phases,
 * stateful sequences (create, then use what was created) included, with more examples each.
 */
function runPlans(f: Fixture, quick: boolean): RunPlan[] {
  const all = 'examples,coverage,fuzzing,stateful';
  return quick
    ? [
        {
          role: 'admin',
          account: f.admin,
          maxExamples: 10,
          maxSeconds: 75,
          phases: 'examples,coverage,fuzzing',
        },
        { role: 'office', account: f.office, maxExamples: 5, maxSeconds: 25, phases: 'examples,fuzzing' },
        { role: 'unit', account: f.unit, maxExamples: 5, maxSeconds: 25, phases: 'examples,fuzzing' },
      ]
    : [
        { role: 'admin', account: f.admin, maxExamples: 50, maxSeconds: 600, phases: all },
        { role: 'office', account: f.office, maxExamples: 25, maxSeconds: 300, phases: all },
        { role: 'unit', account: f.unit, maxExamples: 25, maxSeconds: 300, phases: all },
      ];
}
