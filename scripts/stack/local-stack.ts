import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig, localSecrets, LocalSecrets } from '@banli/config';
import { migrationDataSourceOptions } from '@banli/persistence';
import { startMariaDb } from './mariadb';
import { Started, startProcess, stopAll, waitForPort } from './proc';
import { ROOT, startTemporalDev } from './temporal';

/** Every listener of the local stack binds this address: nothing is reachable from the network. */
export const LOOPBACK = '127.0.0.1';

export type LocalPorts = ReturnType<typeof localPorts>;

/** The local stack's ports, each overridable from the environment. */
export function localPorts(env: NodeJS.ProcessEnv) {
  const num = (k: string, d: number) => Number(env[k] ?? d);
  return {
    api: num('API_PORT', 3000),
    db: num('LOCAL_DB_PORT', 3307),
    temporal: num('LOCAL_TEMPORAL_PORT', 7233),
    temporalUi: num('LOCAL_TEMPORAL_UI_PORT', 8233),
    smtp: num('LOCAL_SMTP_PORT', 1025),
    inbox: num('LOCAL_INBOX_PORT', 1080),
  };
}

/**
 * The environment of the API and the worker under `npm start`: loopback addresses, the local
 * database, and the stack's generated secrets unless the environment sets its own.
 */
export function localStackEnv(
  ports: LocalPorts,
  dbPort: number,
  secrets: LocalSecrets,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  // the private dev server: plaintext, no API key, whatever Temporal profile the shell points at
  const own = Object.fromEntries(
    Object.entries(base).filter(([k]) => !/^TEMPORAL_(TLS_|GRPC_META_|CODEC_)/.test(k)),
  );
  return {
    ...own,
    JWT_SECRET: base.JWT_SECRET || secrets.JWT_SECRET,
    LINK_SECRET: base.LINK_SECRET || secrets.LINK_SECRET,
    DB_TYPE: 'mariadb',
    DB_HOST: LOOPBACK,
    DB_PORT: String(dbPort),
    DB_NAME: 'banli',
    DB_USER: 'banli',
    DB_PASSWORD: 'banli-local',
    TEMPORAL_ADDRESS: `${LOOPBACK}:${ports.temporal}`,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TLS: 'false',
    TEMPORAL_API_KEY: '',
    TEMPORAL_CONFIG_FILE: '',
    TEMPORAL_PROFILE: '',
    // Ctrl-C stops the worker within proc.ts's 15 s: a short drain locally
    WORKER_SHUTDOWN_GRACE: base.WORKER_SHUTDOWN_GRACE || '5s',
    SMTP_HOST: LOOPBACK,
    SMTP_PORT: String(ports.smtp),
    API_PORT: String(ports.api),
    API_HOST: LOOPBACK,
    BANLI_WORKFLOWS_FROM_SOURCE: '1',
  };
}

/** The application processes `npm start` runs and keeps running: how each is started and named. */
export const APP_PROCESSES = {
  worker: { entry: 'apps/worker/src/main.ts', zh: '工作进程', en: 'worker' },
  api: { entry: 'apps/api/src/main.ts', zh: 'API 服务', en: 'API' },
} as const;
export type AppProcess = keyof typeof APP_PROCESSES;

export interface SuperviseOptions {
  /** True once the whole stack is stopping: a child that exits then is not started again. */
  stopping: () => boolean;
  /** Where notices go (console.log). */
  say?: (line: string) => void;
  /** First delay before a restart, doubled after each quick death up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long before dying is restarted after baseDelayMs again. */
  stableMs?: number;
}

/** A child process kept running: `current` is the one running now. */
export interface Supervised {
  name: string;
  current: Started;
  restarts: number;
  /** Starts watching: from now on a death is noticed, told and followed by a restart. */
  arm(): void;
  /** Stops watching and cancels a pending restart (the child itself is stopped by stopAll). */
  cancel(): void;
}

const exitText = (code: number | null, signal: NodeJS.Signals | null) =>
  signal ? `信号 ${signal} (signal ${signal})` : `退出码 ${code} (exit code ${code})`;

/**
 * Keeps a child running: when it dies while the stack is not stopping, says so (Chinese first,
 * with its log) and starts it again after a delay that doubles while it keeps dying quickly
 * (1 s, 2 s, 4 s … at most 30 s). Deaths count only once armed, so a start-up failure of the stack
 * is reported by the start itself, not hidden behind restarts.
 */
export function supervise(
  names: { zh: string; en: string },
  start: () => Started,
  opts: SuperviseOptions,
): Supervised {
  const say = opts.say ?? ((line: string) => console.log(line));
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 30_000;
  const stable = opts.stableMs ?? 60_000;
  let delay = base;
  let armed = false;
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  let startedAt = Date.now();
  const died = (s: Started) => {
    if (!armed || cancelled || opts.stopping() || s !== sup.current) return;
    if (Date.now() - startedAt >= stable) delay = base;
    const wait = delay;
    delay = Math.min(delay * 2, max);
    const secs = Math.round(wait / 100) / 10;
    const log = path.relative(ROOT, s.log) || s.log;
    say(
      `[banli] ${names.zh}意外退出（${exitText(s.child.exitCode, s.child.signalCode)}），${secs} 秒后重启，日志见 ${log} ` +
        `(the ${names.en} died unexpectedly; restarting it in ${secs} s, log in ${log})`,
    );
    timer = setTimeout(() => {
      timer = undefined;
      if (cancelled || opts.stopping()) return;
      sup.restarts++;
      launch();
      say(
        `[banli] 已重启${names.zh}（第 ${sup.restarts} 次，pid ${sup.current.child.pid}）(restarted the ${names.en}, pid ${sup.current.child.pid})`,
      );
    }, wait);
  };
  const launch = () => {
    const s = start();
    startedAt = Date.now();
    sup.current = s;
    s.child.once('exit', () => died(s));
  };
  const sup: Supervised = {
    name: names.en,
    current: undefined as unknown as Started,
    restarts: 0,
    arm() {
      armed = true;
      const s = sup.current;
      if (s.child.exitCode !== null || s.child.signalCode !== null) died(s);
    },
    cancel() {
      cancelled = true;
      if (timer) clearTimeout(timer);
    },
  };
  launch();
  return sup;
}

/** Starts one of the application processes from its TypeScript source, kept running by supervise(). */
export function startAppProcess(
  which: AppProcess,
  env: NodeJS.ProcessEnv,
  logDir: string,
  opts: SuperviseOptions,
): Supervised {
  const p = APP_PROCESSES[which];
  // scripts/register.js sets TS_NODE_PROJECT in each child it loads into
  const args = ['-r', path.join(ROOT, 'scripts/register.js'), path.join(ROOT, p.entry)];
  return supervise(
    p,
    () => startProcess(which, process.execPath, args, path.join(logDir, `${which}.log`), { env, cwd: ROOT }),
    opts,
  );
}

/** `npm start`: everything on loopback, state under .data/ so the next start resumes it. */
export async function main(): Promise<void> {
  const data = path.join(ROOT, '.data');
  fs.mkdirSync(data, { recursive: true });
  const ports = localPorts(process.env);
  const secrets = localSecrets(data);
  console.log(
    `[banli] ${secrets.created ? 'generated new secrets into' : 'using the secrets in'} ${path.relative(ROOT, secrets.file)}`,
  );
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[banli] stopping…');
    await stopAll();
    console.log('[banli] stopped. Data kept in .data/ for the next start.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    console.log('[banli] starting MariaDB, Temporal dev server and mail catcher…');
    // scripts/register.js sets TS_NODE_PROJECT in each child it loads into
    const tsNode = ['-r', path.join(ROOT, 'scripts/register.js')];
    const mail = startProcess(
      'mail-catcher',
      process.execPath,
      [...tsNode, path.join(ROOT, 'scripts/stack/mail-catcher.ts'), String(ports.smtp), String(ports.inbox)],
      path.join(data, 'mail-catcher.log'),
    );
    const [db] = await Promise.all([
      startMariaDb({
        dataDir: path.join(data, 'mariadb'),
        port: ports.db,
        database: 'banli',
        user: 'banli',
        password: 'banli-local',
      }),
      startTemporalDev({
        port: ports.temporal,
        uiPort: ports.temporalUi,
        dbFile: path.join(data, 'temporal.db'),
        log: path.join(data, 'temporal.log'),
      }),
      waitForPort(ports.smtp, mail),
    ]);
    const env = localStackEnv(ports, db.port, secrets.env);

    console.log('[banli] applying migrations…');
    const ds = new DataSource(migrationDataSourceOptions(loadConfig(env).db));
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    console.log(
      `[banli] ${applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema up to date'}`,
    );

    console.log('[banli] building the web workspace (Vite)…');
    // loaded here: it pulls in the whole API to write the OpenAPI document
    const { buildWeb } = await import('../build-web');
    await buildWeb();

    // the API and the worker are started again when they die (not while the stack stops)
    const children = { stopping: () => stopping };
    const worker = startAppProcess('worker', env, data, children);
    const api = startAppProcess('api', env, data, children);
    await waitForPort(ports.api, api.current, 120000);
    worker.arm();
    api.arm();
    const url = `http://localhost:${ports.api}`;
    console.log(`
办理 Banli is running. Ctrl-C stops everything.

  Web workspace    ${url}/   (sign in as admin / banli-local-admin)
  API              ${url}
  API docs         ${url}/docs
  Health           ${url}/health
  Temporal UI      http://localhost:${ports.temporalUi}
  Mail inbox       http://localhost:${ports.inbox}
  MariaDB          127.0.0.1:${db.port} (user banli / banli-local, database banli)
  Logs             .data/*.log
`);
    await new Promise(() => undefined);
  } catch (e) {
    console.error(`[banli] failed to start: ${(e as Error).message}`);
    await stop(1);
  }
}
