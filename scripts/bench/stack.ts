import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { loadConfig } from '@banli/config';
import { dataSourceOptions } from '@banli/persistence';
import { appEnv, buildWorkflowBundle, migrate } from '../cluster/apps';
import { installMariaDb, mariadbArgs, mariadbBin } from '../stack/mariadb';
import { freePort, startProcess, Started, tail, waitForPort } from '../stack/proc';
import { ROOT, startTemporalDev } from '../stack/temporal';
import { sleep } from './stats';

/**
 * The benchmark's own stack, beside (never on) `npm start`'s and `npm test`'s: a private MariaDB
 * in its own data directory, a Temporal dev server (in memory), the mail catcher, and one API and
 * one worker process run from the TypeScript sources the way `npm start` runs them, each on a free
 * port. The worker loads scripts/bench/memory-probe.ts, which reports its memory to a file.
 */
export interface BenchStack {
  work: string;
  dbPort: number;
  dbSocket: string;
  temporalAddress: string;
  smtpPort: number;
  apiUrl: string;
  admin: { username: string; password: string };
  env: NodeJS.ProcessEnv;
  bundlePath: string;
  worker: Started;
  api: Started;
  /** The worker's memory as memory-probe.ts last wrote it. */
  memoryFile: string;
  /** A connection for the benchmark's own reads and synthetic writes. */
  ds: DataSource;
  /** MariaDB settings the run used (recorded with the results). */
  dbSettings: Record<string, string>;
  slowLog: string;
  /** Starts one more worker process like the first (after one was killed); it becomes `worker`. */
  startWorker(): Promise<Started>;
  /** Stops the Temporal server and starts it again (on its file when `temporalDbFile` was given). */
  restartTemporal(): Promise<void>;
  /** Stops MariaDB (a clean shutdown); `startMariaDb` starts it again on the same data. */
  stopMariaDb(): Promise<void>;
  startMariaDb(): Promise<void>;
}

export interface BenchStackOptions {
  /** The Temporal dev server keeps its state in this file (default: in memory). */
  temporalDbFile?: string;
  /** An SMTP server the caller runs (default: the mail catcher as a child process). */
  smtpPort?: number;
  /** Mail sent from (default the bench's own). */
  mailFrom?: string;
  /** More settings for the API and the worker. */
  env?: Record<string, string>;
}

export const DB_BUFFER_POOL = '1G';
export const SLOW_QUERY_SECONDS = 0.05;

/**
 * The private MariaDB of `npm test` (scripts/stack/mariadb.ts's arguments), with a buffer pool
 * large enough for the 1M-assignment data set and the slow query log on (the profile of misses).
 */
async function startBenchMariaDb(dataDir: string, port: number, password: string) {
  installMariaDb(dataDir);
  const slowLog = path.join(dataDir, '..', 'mariadb-slow.log');
  // its own temporary directory: GROUP BY temp tables never share /tmp with other processes
  const tmpDir = path.join(dataDir, '..', 'mariadb-tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const extra = [
    `--tmpdir=${tmpDir}`,
    `--innodb-buffer-pool-size=${DB_BUFFER_POOL}`,
    '--slow-query-log=1',
    `--slow-query-log-file=${slowLog}`,
    `--long-query-time=${SLOW_QUERY_SECONDS}`,
    '--max-connections=300',
  ];
  const launch = () =>
    startProcess(
      'mariadb',
      process.env.MARIADBD || mariadbBin('mariadbd'),
      [...mariadbArgs({ dataDir, port, database: 'banli', user: 'banli', password }), ...extra],
      path.join(dataDir, '..', 'mariadb.log'),
    );
  const proc = launch();
  await waitForPort(port, proc, 60000);
  const socket = path.join(dataDir, 'mysqld.sock');
  const sql = [
    'CREATE DATABASE IF NOT EXISTS `banli` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
    `CREATE USER IF NOT EXISTS 'banli'@'127.0.0.1' IDENTIFIED BY '${password}';`,
    `CREATE USER IF NOT EXISTS 'banli'@'localhost' IDENTIFIED BY '${password}';`,
    "GRANT ALL PRIVILEGES ON `banli`.* TO 'banli'@'127.0.0.1';",
    "GRANT ALL PRIVILEGES ON `banli`.* TO 'banli'@'localhost';",
    // the benchmark's own connection: the general log (EXPLAIN of what the API ran) needs SUPER
    `CREATE USER IF NOT EXISTS 'bench'@'127.0.0.1' IDENTIFIED BY '${password}';`,
    "GRANT ALL PRIVILEGES ON *.* TO 'bench'@'127.0.0.1';",
    'FLUSH PRIVILEGES;',
  ].join('\n');
  execFileSync(mariadbBin('mariadb'), ['--no-defaults', `--socket=${socket}`, '-uroot'], { input: sql });
  return {
    proc,
    launch,
    socket,
    slowLog,
    settings: Object.fromEntries(extra.map((a) => a.slice(2).split('='))),
  };
}

const secret = () => randomBytes(32).toString('hex');

async function waitForLog(s: Started, pattern: RegExp, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (s.child.exitCode !== null || s.child.signalCode !== null)
      throw new Error(`${s.name} exited (${s.child.exitCode ?? s.child.signalCode}); log:\n${tail(s.log)}`);
    if (fs.existsSync(s.log) && pattern.test(fs.readFileSync(s.log, 'utf8'))) return;
    await sleep(300);
  }
  throw new Error(`${s.name}: no ${pattern} in its log within ${timeoutMs} ms; log:\n${tail(s.log)}`);
}

export async function startBenchStack(
  work: string,
  log: (s: string) => void,
  opts: BenchStackOptions = {},
): Promise<BenchStack> {
  const dbPassword = `bench-${secret().slice(0, 16)}`;
  const [dbPort, temporalPort, freeSmtpPort, inboxPort, apiPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const tsNode = ['-r', path.join(ROOT, 'scripts/register.js')];
  const smtpPort = opts.smtpPort ?? freeSmtpPort;
  const mail = opts.smtpPort
    ? null
    : startProcess(
        'mail-catcher',
        process.execPath,
        // its web inbox on a free port too (the catcher's default, 1080, is npm start's)
        [...tsNode, path.join(ROOT, 'scripts/stack/mail-catcher.ts'), String(smtpPort), String(inboxPort)],
        path.join(work, 'mail-catcher.log'),
      );
  const bundlePath = path.join(work, 'workflow-bundle.js');
  const temporalOptions = {
    port: temporalPort,
    log: path.join(work, 'temporal.log'),
    ...(opts.temporalDbFile ? { dbFile: opts.temporalDbFile } : {}),
  };
  let temporal: Started;
  const [db] = await Promise.all([
    startBenchMariaDb(path.join(work, 'mariadb'), dbPort, dbPassword),
    startTemporalDev(temporalOptions).then((t) => (temporal = t)),
    mail ? waitForPort(smtpPort, mail) : Promise.resolve(),
    buildWorkflowBundle(bundlePath),
  ]);
  log(`MariaDB 127.0.0.1:${dbPort}, Temporal 127.0.0.1:${temporalPort}, SMTP catcher 127.0.0.1:${smtpPort}`);

  const admin = { username: 'bench-admin', password: `pw-${secret().slice(0, 24)}` };
  // the cluster test's application settings (production mode, fresh secrets), on this stack's ports
  const env: NodeJS.ProcessEnv = {
    ...appEnv({
      dbPort,
      dbPassword,
      temporalAddress: `127.0.0.1:${temporalPort}`,
      namespace: 'default',
      smtpPort,
      bundle: bundlePath,
    }),
    MAIL_FROM: opts.mailFrom ?? '办理系统 <banli@bench.banli.test>',
    API_PORT: String(apiPort),
    PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    WORKER_METRICS_PORT: String(metricsPort),
    ...opts.env,
  };
  log(`migrations: ${(await migrate(env)).length} applied`);

  const memoryFile = path.join(work, 'worker-memory.json');
  const workerArgs = [
    ...tsNode,
    '-r',
    path.join(ROOT, 'scripts/bench/memory-probe.ts'),
    ...(process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${work}/cpu`] : []),
    path.join(ROOT, 'apps/worker/src/main.ts'),
  ];
  let workers = 0;
  const launchWorker = () =>
    startProcess(
      'worker',
      process.execPath,
      workerArgs,
      path.join(work, workers++ === 0 ? 'worker.log' : `worker-${workers}.log`),
      { env: { ...env, BENCH_MEMORY_FILE: memoryFile }, cwd: ROOT },
    );
  const worker = launchWorker();
  const apiArgs = [
    ...tsNode,
    ...(process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${work}/cpu`] : []),
    path.join(ROOT, 'apps/api/src/main.ts'),
  ];
  const api = startProcess('api', process.execPath, apiArgs, path.join(work, 'api.log'), { env, cwd: ROOT });
  await Promise.all([waitForLog(worker, /polling 127\.0\.0\.1/, 180000), waitForPort(apiPort, api, 180000)]);
  log(`API http://127.0.0.1:${apiPort} (pid ${api.child.pid}), worker pid ${worker.child.pid}`);

  const ds = new DataSource({
    ...dataSourceOptions({ ...loadConfig(env).db, user: 'bench' }),
    enableQueryTimeout: false,
    maxQueryExecutionTime: undefined,
  } as DataSourceOptions);
  await ds.initialize();
  let mariadb = db.proc;
  const stack: BenchStack = {
    work,
    dbPort,
    dbSocket: db.socket,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    smtpPort,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    admin,
    env,
    bundlePath,
    worker,
    api,
    memoryFile,
    ds,
    dbSettings: db.settings,
    slowLog: db.slowLog,
    async startWorker() {
      const w = launchWorker();
      await waitForLog(w, /polling 127\.0\.0\.1/, 180000);
      stack.worker = w;
      return w;
    },
    async restartTemporal() {
      await temporal.stop();
      temporal = await startTemporalDev(temporalOptions);
    },
    async stopMariaDb() {
      await mariadb.stop();
    },
    async startMariaDb() {
      mariadb = db.launch();
      await waitForPort(dbPort, mariadb, 60000);
    },
  };
  return stack;
}
