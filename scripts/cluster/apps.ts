import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@banli/config';
import { migrationDataSourceOptions } from '@banli/persistence';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { freePort, startProcess, Started, tail, waitForPort } from '../stack/proc';
import { ROOT } from '../stack/temporal';

export type AppName = 'worker-1' | 'worker-2' | 'api-1' | 'api-2';

export interface BanliApps {
  /** Base URLs of the two API instances. */
  apiUrls: [string, string];
  admin: { username: string; password: string };
  env: NodeJS.ProcessEnv;
  procs: Map<AppName, Started>;
  kill(name: AppName): Promise<void>;
  restart(name: AppName): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secret = () => randomBytes(32).toString('hex');

/**
 * The environment of every API and worker process: production mode (so the published development
 * secrets are refused and nothing falls back to a default), fresh secrets, the private MariaDB,
 * the cluster's frontend and namespace, the mail catcher, and the workflow bundle built once.
 */
export function appEnv(o: {
  dbPort: number;
  dbPassword: string;
  temporalAddress: string;
  namespace: string;
  smtpPort: number;
  bundle: string;
}): NodeJS.ProcessEnv {
  // whatever Temporal profile, TLS or codec settings the shell has are not this cluster's
  const own = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^TEMPORAL_(TLS_|GRPC_META_|CODEC_)/.test(k)),
  );
  return {
    ...own,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    METRICS_ENABLED: 'true',
    JWT_SECRET: secret(),
    LINK_SECRET: secret(),
    DB_TYPE: 'mariadb',
    DB_HOST: '127.0.0.1',
    DB_PORT: String(o.dbPort),
    DB_NAME: 'banli',
    DB_USER: 'banli',
    DB_PASSWORD: o.dbPassword,
    DB_SOCKET: '',
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_NAMESPACE: o.namespace,
    TEMPORAL_TASK_QUEUE: 'banli-cases',
    TEMPORAL_TLS: 'false',
    TEMPORAL_API_KEY: '',
    TEMPORAL_CONFIG_FILE: '',
    TEMPORAL_PROFILE: '',
    // teardown (proc.ts) waits 15 s for a process: drain within that
    WORKER_SHUTDOWN_GRACE: '5s',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(o.smtpPort),
    SMTP_SECURE: 'false',
    SMTP_USER: '',
    SMTP_PASSWORD: '',
    MAIL_FROM: '办理系统 <banli@cluster.banli.test>',
    API_HOST: '127.0.0.1',
    // the whole drive runs on one sign-in per account
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    BANLI_WORKFLOW_BUNDLE: o.bundle,
    BANLI_WORKFLOWS_FROM_SOURCE: '',
  };
}

/** Applies the app's migrations on the private MariaDB (as `npm start` does). */
export async function migrate(env: NodeJS.ProcessEnv): Promise<string[]> {
  const ds = new DataSource(migrationDataSourceOptions(loadConfig(env).db));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Bundles the workflows once (as `npm run build` does for production) so no worker runs webpack. */
export async function buildWorkflowBundle(out: string): Promise<number> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'workflows'),
    // webpack's statistics are noise here; warnings and errors still show
    logger: new DefaultLogger('WARN'),
  });
  fs.writeFileSync(out, code);
  return code.length;
}

/** Resolves once `pattern` appears in `s.log` after byte `from`; rejects if the process exits first. */
async function waitForLog(s: Started, pattern: RegExp, from: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (s.child.exitCode !== null || s.child.signalCode !== null)
      throw new Error(`${s.name} exited (${s.child.exitCode ?? s.child.signalCode}); log:\n${tail(s.log)}`);
    const text = fs.existsSync(s.log) ? fs.readFileSync(s.log, 'utf8').slice(from) : '';
    if (pattern.test(text)) return;
    await sleep(300);
  }
  throw new Error(`${s.name}: no ${pattern} in its log within ${timeoutMs} ms; log:\n${tail(s.log)}`);
}

/**
 * Two Banli workers and two API instances as separate Node processes, run from the TypeScript
 * sources through scripts/register.js like `npm start` does. The first API creates the
 * administrator; the second starts after it.
 */
export async function startApps(env: NodeJS.ProcessEnv, logDir: string): Promise<BanliApps> {
  const admin = { username: 'cluster-admin', password: `pw-${secret().slice(0, 24)}` };
  const ports: Record<AppName, number> = {
    'api-1': await freePort(),
    'api-2': await freePort(),
    // each worker's Prometheus exporter (WORKER_METRICS_PORT)
    'worker-1': await freePort(),
    'worker-2': await freePort(),
  };
  const procs = new Map<AppName, Started>();
  const tsNode = ['-r', path.join(ROOT, 'scripts/register.js')];
  const entry = (n: AppName) =>
    path.join(ROOT, n.startsWith('api') ? 'apps/api/src/main.ts' : 'apps/worker/src/main.ts');
  const envOf = (n: AppName): NodeJS.ProcessEnv =>
    n.startsWith('api')
      ? {
          ...env,
          API_PORT: String(ports[n]),
          PUBLIC_URL: `http://127.0.0.1:${ports[n]}`,
          ADMIN_USERNAME: admin.username,
          ADMIN_PASSWORD: admin.password,
        }
      : { ...env, WORKER_METRICS_PORT: String(ports[n]) };

  const launch = async (n: AppName) => {
    const log = path.join(logDir, `${n}.log`);
    const from = fs.existsSync(log) ? fs.statSync(log).size : 0;
    const p = startProcess(n, process.execPath, [...tsNode, entry(n)], log, { env: envOf(n), cwd: ROOT });
    procs.set(n, p);
    if (n.startsWith('api')) await waitForPort(ports[n], p, 180000);
    else await waitForLog(p, /polling 127\.0\.0\.1/, from, 180000);
  };

  await Promise.all([launch('worker-1'), launch('worker-2'), launch('api-1')]);
  await launch('api-2');

  return {
    apiUrls: [`http://127.0.0.1:${ports['api-1']}`, `http://127.0.0.1:${ports['api-2']}`],
    admin,
    env,
    procs,
    async kill(n) {
      const p = procs.get(n)!;
      const exited = new Promise<void>((res) =>
        p.child.exitCode !== null || p.child.signalCode !== null ? res() : p.child.once('exit', () => res()),
      );
      process.kill(-p.child.pid!, 'SIGKILL');
      await exited;
    },
    restart: (n) => launch(n),
    async stop() {
      for (const n of ['api-1', 'api-2', 'worker-1', 'worker-2'] as AppName[]) await procs.get(n)?.stop();
    },
  };
}
