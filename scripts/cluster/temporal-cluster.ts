import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '@banli/temporal/names';
import { startProcess, Started, tail, waitForPort } from '../stack/proc';
import { ROOT } from '../stack/temporal';
import type { Postgres } from './postgres';
import type { TemporalTools } from './tools';

/** The config template every server process renders with its own environment (see its header). */
export const CONFIG_DIR = path.join(ROOT, 'deploy', 'temporal');
export const CONFIG_ENV = 'cluster-config';
export const DYNAMIC_CONFIG = path.join(ROOT, 'deploy', 'temporal', 'dynamicconfig', 'banli.yaml');

/**
 * Retention of closed workflow histories in Banli's namespace: docker-compose.yml's default
 * (TEMPORAL_RETENTION, 30 days). The record of every case lives in MySQL for good; Temporal's copy of
 * a closed case serves debugging and replay against new workflow code, which a month covers.
 */
export const NAMESPACE_RETENTION = '30d';

export type ServiceName = 'frontend' | 'history-1' | 'history-2' | 'matching' | 'worker';
const SERVICES: ServiceName[] = ['history-1', 'history-2', 'matching', 'frontend', 'worker'];

interface ServicePorts {
  grpc: number;
  membership: number;
  http?: number;
}

export interface TemporalCluster {
  /** Frontend `host:port` for clients. */
  address: string;
  namespace: string;
  ports: Record<ServiceName, ServicePorts>;
  procs: Map<ServiceName, Started>;
  /** SIGKILL one server process (no shutdown of any kind). */
  kill(name: ServiceName): Promise<void>;
  /** Starts a killed process again with the same ports and waits for its gRPC port. */
  restart(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const taken = new Set<number>();
/**
 * A free port on 127.0.0.1 below 32768: Temporal's SQL schema keeps membership ports in a
 * SMALLINT column, so the kernel's ephemeral ports (32768 and up) would fail its heartbeat.
 */
async function lowFreePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((res) => {
      const srv = net.createServer();
      srv.once('error', () => res(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000 on 127.0.0.1');
}

/** Runs the SQL tool against one database; throws with its output on failure. */
function sqlTool(tools: TemporalTools, pg: Postgres, db: string, args: string[]): string {
  const r = spawnSync(tools.sqlTool, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: pg.host,
      SQL_PORT: String(pg.port),
      SQL_USER: pg.user,
      SQL_PASSWORD: pg.password,
      SQL_DATABASE: db,
    },
  });
  if (r.status !== 0)
    throw new Error(
      `temporal-sql-tool --db ${db} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`,
    );
  return `${r.stdout}${r.stderr}`;
}

/**
 * Persistence and visibility schemas with the SQL tool, as Temporal's own role: the versioned
 * schemas embedded in the tool (`--schema-name`), so nothing is read from the Go module cache.
 */
export function setupSchemas(tools: TemporalTools, pg: Postgres): string[] {
  const done: string[] = [];
  for (const [db, schema] of [
    ['temporal', 'postgresql/v12/temporal'],
    ['temporal_visibility', 'postgresql/v12/visibility'],
  ] as const) {
    sqlTool(tools, pg, db, ['setup-schema', '-v', '0.0']);
    sqlTool(tools, pg, db, ['update-schema', '--schema-name', schema]);
    done.push(`${db} (${schema})`);
  }
  return done;
}

/** The `temporal` CLI against the cluster; throws with its output unless `allowFail`. */
export function cli(
  tools: TemporalTools,
  address: string,
  args: string[],
  allowFail = false,
): { ok: boolean; out: string } {
  const r = spawnSync(tools.cli, [...args, '--address', address], { encoding: 'utf8', timeout: 60000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0 && !allowFail)
    throw new Error(`temporal ${args.join(' ')} failed (exit ${r.status}):\n${out}`);
  return { ok: r.status === 0, out };
}

/**
 * Starts frontend, two history, matching and worker services as five processes of the built
 * server, all rendering deploy/temporal/cluster-config.yaml with their own ports.
 */
export async function startCluster(
  tools: TemporalTools,
  pg: Postgres,
  logDir: string,
  log: (s: string) => void,
): Promise<TemporalCluster> {
  const ports = {} as Record<ServiceName, ServicePorts>;
  for (const s of SERVICES)
    ports[s] = {
      grpc: await lowFreePort(),
      membership: await lowFreePort(),
      ...(s === 'frontend' ? { http: await lowFreePort() } : {}),
    };
  const common: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SQL_HOST: pg.host,
    SQL_PORT: String(pg.port),
    SQL_USER: pg.user,
    SQL_PASSWORD: pg.password,
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    TEMPORAL_BIND_ON_IP: '127.0.0.1',
    TEMPORAL_DYNAMIC_CONFIG_FILE: DYNAMIC_CONFIG,
    TEMPORAL_LOG_LEVEL: 'warn',
    FRONTEND_GRPC_PORT: String(ports.frontend.grpc),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontend.membership),
    FRONTEND_HTTP_PORT: String(ports.frontend.http),
    MATCHING_GRPC_PORT: String(ports.matching.grpc),
    MATCHING_MEMBERSHIP_PORT: String(ports.matching.membership),
    WORKER_GRPC_PORT: String(ports.worker.grpc),
    WORKER_MEMBERSHIP_PORT: String(ports.worker.membership),
  };
  const envOf = (s: ServiceName): NodeJS.ProcessEnv => {
    const h = s.startsWith('history') ? ports[s] : ports['history-1'];
    return { ...common, HISTORY_GRPC_PORT: String(h.grpc), HISTORY_MEMBERSHIP_PORT: String(h.membership) };
  };
  // the worker service serves no gRPC: its membership (ringpop) port shows it is up
  const readyPort = (s: ServiceName) => (s === 'worker' ? ports[s].membership : ports[s].grpc);
  const procs = new Map<ServiceName, Started>();
  const launch = (s: ServiceName) => {
    const p = startProcess(
      `temporal-${s}`,
      tools.server,
      [
        '--root',
        ROOT,
        '--config',
        path.relative(ROOT, CONFIG_DIR),
        '--env',
        CONFIG_ENV,
        '--allow-no-auth',
        'start',
        '--service',
        s.replace(/-\d$/, ''),
      ],
      path.join(logDir, `temporal-${s}.log`),
      { env: envOf(s), cwd: ROOT },
    );
    procs.set(s, p);
    return p;
  };
  for (const s of SERVICES) launch(s);
  try {
    await Promise.all(SERVICES.map((s) => waitForPort(readyPort(s), procs.get(s)!, 120000)));
  } catch (e) {
    for (const p of procs.values()) await p.stop();
    throw e;
  }
  const address = `127.0.0.1:${ports.frontend.grpc}`;
  log(
    `Temporal services up: ${SERVICES.map((s) => `${s} :${readyPort(s)} (pid ${procs.get(s)!.child.pid})`).join(', ')}`,
  );

  const cluster: TemporalCluster = {
    address,
    namespace: '',
    ports,
    procs,
    async kill(name) {
      const p = procs.get(name)!;
      const exited = new Promise<void>((res) =>
        p.child.exitCode !== null || p.child.signalCode !== null ? res() : p.child.once('exit', () => res()),
      );
      process.kill(-p.child.pid!, 'SIGKILL');
      await exited;
    },
    async restart(name) {
      const p = launch(name);
      await waitForPort(readyPort(name), p, 120000);
    },
    async stop() {
      // frontend first so clients see it go, then the rest
      for (const s of ['frontend', 'worker', 'matching', 'history-1', 'history-2'] as ServiceName[])
        await procs.get(s)?.stop();
    },
  };
  return cluster;
}

/**
 * Live members of the cluster by service, from Temporal's own membership table (hosts whose
 * heartbeat is less than 30 s old), e.g. "frontend 1, history 2, matching 1, worker 1".
 */
export function liveMembers(pg: Postgres): string {
  const roles: Record<string, string> = { '1': 'frontend', '2': 'history', '3': 'matching', '4': 'worker' };
  const out = pg.query(
    'temporal',
    `SELECT role, count(*) FROM cluster_membership
      WHERE last_heartbeat > (now() AT TIME ZONE 'UTC') - interval '30 seconds' GROUP BY role ORDER BY role;`,
  );
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|'))
    .map(([role, n]) => `${roles[role] ?? `role ${role}`} ${n}`)
    .join(', ');
}

/** Waits until `temporal operator cluster health` answers SERVING. */
export async function waitServing(tools: TemporalTools, cluster: TemporalCluster, timeoutMs = 120000) {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    for (const [name, p] of cluster.procs)
      if (p.child.exitCode !== null || p.child.signalCode !== null)
        throw new Error(
          `temporal-${name} exited (${p.child.exitCode ?? p.child.signalCode}); log:\n${tail(p.log)}`,
        );
    const r = cli(tools, cluster.address, ['operator', 'cluster', 'health'], true);
    last = r.out;
    if (r.ok && /SERVING/.test(r.out) && !/NOT_SERVING/.test(r.out)) return r.out;
    await sleep(2000);
  }
  throw new Error(`cluster health never reported SERVING within ${timeoutMs} ms; last answer: ${last}`);
}

/**
 * Banli's namespace with a deliberate retention, and its custom search attributes
 * (libs/temporal/src/names.ts), checked by listing them back; then waits until every history
 * shard accepts workflows in the namespace (each process learns of a new namespace on its own
 * refresh), so the first case registered cannot meet "namespace not found".
 */
export async function prepareNamespace(
  tools: TemporalTools,
  cluster: TemporalCluster,
  namespace: string,
  log: (s: string) => void,
): Promise<void> {
  cli(tools, cluster.address, [
    'operator',
    'namespace',
    'create',
    '--namespace',
    namespace,
    '--retention',
    NAMESPACE_RETENTION,
    '--description',
    'Banli cases (npm run test:cluster)',
  ]);
  const described = JSON.parse(
    cli(tools, cluster.address, ['operator', 'namespace', 'describe', '--namespace', namespace, '-o', 'json'])
      .out,
  );
  const ttl = String(described?.config?.workflowExecutionRetentionTtl ?? '');
  const days = /^(\d+)s$/.exec(ttl) ? `${Number(ttl.slice(0, -1)) / 86400} days` : ttl || '?';
  log(`namespace ${namespace} created, retention ${days}`);

  const wanted = Object.entries(SEARCH_ATTRIBUTES);
  const listed = async (): Promise<Record<string, string>> => {
    const r = cli(
      tools,
      cluster.address,
      ['operator', 'search-attribute', 'list', '--namespace', namespace, '-o', 'json'],
      true,
    );
    if (!r.ok) return {};
    const body = JSON.parse(r.out);
    return { ...(body.systemAttributes ?? {}), ...(body.customAttributes ?? {}) };
  };
  // the namespace must be known to the frontend's cache before attributes can be added to it
  let created = false;
  let lastError = '';
  for (let i = 0; i < 30 && !created; i++) {
    const r = cli(
      tools,
      cluster.address,
      [
        'operator',
        'search-attribute',
        'create',
        '--namespace',
        namespace,
        ...wanted.flatMap(([name, type]) => ['--name', name, '--type', type]),
      ],
      true,
    );
    created = r.ok;
    lastError = r.out;
    if (!created) await sleep(2000);
  }
  if (!created) throw new Error(`creating search attributes failed: ${lastError}`);
  const have = await listed();
  const missing = wanted.filter(
    ([name, type]) =>
      !String(have[name] ?? '')
        .toLowerCase()
        .includes(type.toLowerCase()),
  );
  if (missing.length)
    throw new Error(
      `search attributes missing after create: ${missing.map(([n, t]) => `${n}=${t}`).join(', ')} (have ${JSON.stringify(have)})`,
    );
  log(`search attributes: ${wanted.map(([n, t]) => `${n}=${t}`).join(', ')}`);

  const connection = await Connection.connect({ address: cluster.address });
  try {
    const client = new Client({ connection, namespace });
    const until = Date.now() + 120000;
    for (;;) {
      try {
        // 16 ids spread over the shards of both history processes
        for (let i = 0; i < 16; i++) {
          const h = await client.workflow.start('banliClusterProbe', {
            taskQueue: 'banli-cluster-probe',
            workflowId: `probe-${Date.now()}-${i}`,
          });
          await h.terminate('namespace probe');
        }
        break;
      } catch (e) {
        if (Date.now() > until) throw new Error(`namespace ${namespace} not usable: ${(e as Error).message}`);
        await sleep(2000);
      }
    }
  } finally {
    await connection.close();
  }
  cluster.namespace = namespace;
}
