/**
 * docker-compose.yml is the production topology. There is no Docker engine in the test run, so the
 * file is loaded by the compose-spec loader — the library Docker Compose itself uses — through a small
 * Go program (tools/compose-check), with the variables of .env.example, and the checks run on the
 * normalized model it prints: what runs, with which database, users, ports, mounts and healthchecks.
 *
 * The program is built once into .tools/bin/compose-check and rebuilt only when its sources or
 * go.sum change. Go must be installed: without it this test fails and says so.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SEARCH_ATTRIBUTES } from '@banli/temporal/names';

const ROOT = path.resolve(__dirname, '../..');
const TOOL_DIR = path.join(ROOT, 'tools/compose-check');
const BIN = path.join(ROOT, '.tools/bin/compose-check');
const STAMP = `${BIN}.stamp`;
const COMPOSE = path.join(ROOT, 'docker-compose.yml');
const ENV_EXAMPLE = path.join(ROOT, '.env.example');
const VERSION_FILE = path.join(ROOT, 'deploy/temporal/VERSION');

interface Port {
  host_ip?: string;
  target: number;
  published?: string;
}
interface Volume {
  type: string;
  source?: string;
  target: string;
  read_only?: boolean;
}
interface Service {
  image?: string;
  entrypoint?: string[] | null;
  command?: string[] | null;
  environment?: Record<string, string | null>;
  ports?: Port[];
  volumes?: Volume[];
  healthcheck?: { test?: string[]; disable?: boolean; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
}
interface Project {
  name: string;
  services: Record<string, Service>;
}

/** The go binary: $GO, else `go` on PATH, else the usual /usr/local/go; a clear error without one. */
function findGo(): string {
  const candidates = [
    process.env.GO,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'go')),
    '/usr/local/go/bin/go',
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(
    'Go is not installed, and the compose file check needs it: test/unit/compose.spec.ts builds ' +
      'tools/compose-check (the compose-spec loader, github.com/compose-spec/compose-go/v2) with Go ' +
      '1.24 or newer. Install Go (https://go.dev/dl/, or a distribution package of 1.24+), put it on ' +
      'PATH or set GO=/path/to/go, and run the test again. scripts/bootstrap.sh checks for it too.',
  );
}

/** Builds the checker when its sources or go.sum changed since the last build; returns its path. */
function compileChecker(): string {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go'])
    hash.update(f).update(readFileSync(path.join(TOOL_DIR, f)));
  const want = hash.digest('hex');
  if (existsSync(BIN) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === want) return BIN;

  const go = findGo();
  mkdirSync(path.dirname(BIN), { recursive: true });
  const tmp = `${BIN}.${process.pid}.tmp`; // renamed into place: parallel runs never see half a binary
  const r = spawnSync(go, ['build', '-o', tmp, '.'], {
    cwd: TOOL_DIR,
    // go.sum is committed and complete: readonly refuses to change it; the first run downloads modules
    env: { ...process.env, GOFLAGS: '-mod=readonly -buildvcs=false' },
    encoding: 'utf8',
    timeout: 14 * 60_000,
  });
  if (r.error || r.status !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(
      `go build of tools/compose-check failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`,
    );
  }
  renameSync(tmp, BIN);
  writeFileSync(STAMP, want);
  return BIN;
}

function runChecker(args: string[]) {
  return spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

/** docker-compose.yml as the loader resolves it with .env.example (minus the `unset` variables). */
function load(unset: string[] = []): Project {
  const r = runChecker([
    '-f',
    COMPOSE,
    '-env-file',
    ENV_EXAMPLE,
    ...unset.flatMap((name) => ['-unset', name]),
  ]);
  if (r.error || r.status !== 0)
    throw new Error(`the compose-spec loader refused docker-compose.yml:\n${r.stderr}${r.error ?? ''}`);
  return JSON.parse(r.stdout) as Project;
}

function envFile(file: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars.set(m[1], m[2]);
  }
  return vars;
}

/** Everything a service runs as a shell: entrypoint, command and healthcheck. */
function scripts(s: Service): string {
  return [...(s.entrypoint ?? []), ...(s.command ?? []), ...(s.healthcheck?.test ?? [])].join('\n');
}

const APP = ['migrate', 'api', 'worker'];
const SETUP_JOBS = ['temporal-db-init', 'temporal-schema', 'temporal-namespace'];

describe('docker-compose.yml, loaded by the compose-spec loader', () => {
  let project: Project;
  let defaults: Project;
  const svc = (name: string): Service => {
    const s = project.services[name];
    if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
    return s;
  };

  beforeAll(() => {
    compileChecker();
    project = load();
    // the compose file's own defaults: the version variables removed from the environment
    defaults = load(['TEMPORAL_VERSION', 'TEMPORAL_ADMINTOOLS_VERSION', 'TEMPORAL_RETENTION']);
  }, 15 * 60_000);

  it('runs the production topology', () => {
    expect(Object.keys(project.services).sort()).toEqual(
      ['mysql', 'postgresql', ...SETUP_JOBS, 'temporal', 'temporal-ui', 'smtp-relay', ...APP].sort(),
    );
    expect(project.name).toBe('banli');
  });

  it('refuses to load without the required secrets', () => {
    const r = runChecker(['-f', COMPOSE, '-env-file', '']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/required variable \w+ is missing a value/);
  });

  it('names every variable it reads in .env.example', () => {
    const example = envFile(ENV_EXAMPLE);
    const raw = readFileSync(COMPOSE, 'utf8').replace(/\$\$/g, ''); // $$ is a literal $, not a variable
    const used = new Set([...raw.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
    expect([...used].filter((v) => !example.has(v))).toEqual([]);
    for (const v of ['POSTGRES_PASSWORD', 'TEMPORAL_DB_PASSWORD', 'TEMPORAL_RETENTION'])
      expect(used).toContain(v);
  });

  it('keeps Temporal in PostgreSQL under its own user, not the superuser', () => {
    const t = svc('temporal').environment ?? {};
    expect(t.DB).toMatch(/^postgres12(_pgx)?$/);
    const pg = svc(t.POSTGRES_SEEDS ?? '');
    expect(pg.image).toMatch(/^postgres:1[5-9]\b/);
    const superuser = pg.environment?.POSTGRES_USER ?? 'postgres';
    const user = t.POSTGRES_USER;
    expect(user).toBeTruthy();
    expect(user).not.toBe(superuser);
    expect(user).not.toBe('postgres');
    expect(t.POSTGRES_PWD).toBe(envFile(ENV_EXAMPLE).get('TEMPORAL_DB_PASSWORD'));
    // visibility uses the same user unless overridden, and is never overridden with the superuser
    for (const k of ['VISIBILITY_POSTGRES_USER', 'MYSQL_USER', 'MYSQL_SEEDS']) expect(t[k]).toBeUndefined();

    // the init job creates that role without superuser rights and gives it the two databases
    const init = svc('temporal-db-init');
    expect(init.environment?.TEMPORAL_DB_USER).toBe(user);
    expect(init.environment?.PGUSER).toBe(superuser);
    const sql = scripts(init);
    expect(sql).toContain('ON_ERROR_STOP=1');
    expect(sql).toMatch(/ALTER ROLE :"user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE/);
    for (const db of [t.DBNAME, t.VISIBILITY_DBNAME])
      expect(sql).toContain(`ALTER DATABASE ${db} OWNER TO :"user"`);

    // the schema job connects as that user too
    const schema = svc('temporal-schema').environment ?? {};
    expect(schema).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: t.POSTGRES_SEEDS, SQL_USER: user });
    const setup = scripts(svc('temporal-schema'));
    expect(setup).toContain('schema=/etc/temporal/schema/postgresql/v12\n');
    for (const db of ['temporal', 'visibility'])
      expect(setup).toContain(`update-schema -d "$schema/${db}/versioned"`);
  });

  it('keeps the app in MySQL 8', () => {
    expect(svc('mysql').image).toMatch(/^mysql:8\./);
    for (const name of APP)
      expect(svc(name).environment).toMatchObject({ DB_TYPE: 'mysql', DB_HOST: 'mysql' });
  });

  it('leaves the broadcast address to the image (an IP, never a host name)', () => {
    for (const [name, s] of Object.entries(project.services)) {
      const env = s.environment ?? {};
      expect([name, env.TEMPORAL_BROADCAST_ADDRESS]).toEqual([name, undefined]);
    }
  });

  it('mounts the dynamic config shared with the cluster test', () => {
    const t = svc('temporal');
    const dir = path.join(ROOT, 'deploy/temporal/dynamicconfig');
    const mount = (t.volumes ?? []).find((v) => v.type === 'bind' && v.source === dir);
    expect(mount).toMatchObject({ read_only: true });
    expect(t.environment?.DYNAMIC_CONFIG_FILE_PATH).toBe(`${mount!.target}/banli.yaml`);
    expect(existsSync(path.join(dir, 'banli.yaml'))).toBe(true);
  });

  it('runs the Temporal version of deploy/temporal/VERSION', () => {
    const image = (p: Project, s: string) => p.services[s].image ?? '';
    const tag = (p: Project, s: string) => image(p, s).split(':')[1];
    if (existsSync(VERSION_FILE)) {
      const version = readFileSync(VERSION_FILE, 'utf8').trim();
      expect(image(defaults, 'temporal')).toBe(`temporalio/server:${version}`);
      expect(image(project, 'temporal')).toBe(`temporalio/server:${version}`); // .env.example's value
      for (const job of ['temporal-schema', 'temporal-namespace'])
        for (const p of [defaults, project]) expect(tag(p, job).split('-')[0]).toBe(version);
    } else {
      expect(tag(defaults, 'temporal')).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(image(project, 'temporal-ui')).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
  });

  it('sets up the namespace with a deliberate retention and the search attributes of names.ts', () => {
    const ns = svc('temporal-namespace');
    expect(ns.environment?.NS).toBe(envFile(ENV_EXAMPLE).get('TEMPORAL_NAMESPACE'));
    expect(defaults.services['temporal-namespace'].environment?.RETENTION).toBe('30d');
    expect(ns.environment?.RETENTION).toBe(envFile(ENV_EXAMPLE).get('TEMPORAL_RETENTION'));
    const script = scripts(ns);
    expect(script).toContain('temporal operator namespace create -n "$NS" --retention "$RETENTION"');
    expect(script).toContain('temporal operator namespace update -n "$NS" --retention "$RETENTION"');
    const attrs = (ns.environment?.SEARCH_ATTRIBUTES ?? '').split(/\s+/).filter(Boolean);
    expect(Object.fromEntries(attrs.map((a) => a.split('=')))).toEqual(SEARCH_ATTRIBUTES);
    for (const name of APP.slice(1))
      expect(svc(name).depends_on?.['temporal-namespace']).toEqual(
        expect.objectContaining({ condition: 'service_completed_successfully' }),
      );
  });

  it('lets no setup job swallow a failure', () => {
    for (const [name, s] of Object.entries(project.services)) {
      const text = scripts(s);
      expect([name, text]).not.toEqual([name, expect.stringMatching(/\|\|\s*(true|:|exit 0)\b/)]);
    }
    for (const job of SETUP_JOBS) {
      const s = svc(job);
      expect([job, s.entrypoint]).toEqual([job, ['/bin/sh', '-euc']]);
      expect(s.command).toHaveLength(1);
    }
  });

  it('publishes the Temporal UI on 127.0.0.1 only, without write actions', () => {
    const ui = svc('temporal-ui');
    expect(ui.ports?.length).toBeGreaterThan(0);
    for (const p of ui.ports ?? []) expect(p.host_ip).toBe('127.0.0.1');
    expect(ui.environment?.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    // nothing else of Temporal is published at all
    for (const name of ['temporal', 'postgresql', ...SETUP_JOBS]) expect(svc(name).ports ?? []).toEqual([]);
  });

  it('checks the health of the API and the worker', () => {
    for (const name of ['api', 'worker']) {
      const h = svc(name).healthcheck;
      expect(h?.disable).toBeFalsy();
      expect(h?.test?.[0]).toMatch(/^CMD(-SHELL)?$/);
      expect(h?.retries).toBeGreaterThan(0);
    }
    expect(svc('api').healthcheck?.test?.join(' ')).toContain('/health/ready');
    const worker = svc('worker');
    expect(worker.healthcheck?.test?.join(' ')).toMatch(/WORKER_METRICS_PORT.*\/metrics'/);
    expect(worker.environment?.WORKER_METRICS_PORT).toMatch(/^\d+$/);
    for (const name of ['mysql', 'postgresql', 'temporal']) expect(svc(name).healthcheck?.test).toBeDefined();
  });
});

describe('the image', () => {
  it('builds and runs on Node 24 LTS', () => {
    const froms = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((l) => /^FROM\s/i.test(l));
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f).toMatch(/^FROM node:24-[a-z]+-slim\b/);
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.env', 'node_modules', 'dist', '.tools', '.data']) expect(ignored).toContain(entry);
  });
});
