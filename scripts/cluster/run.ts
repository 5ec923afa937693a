import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MailCatcher } from '../stack/mail-catcher';
import { startMariaDb } from '../stack/mariadb';
import { freePort, stopAll as stopStragglers } from '../stack/proc';
import { ROOT } from '../stack/temporal';
import { appEnv, buildWorkflowBundle, migrate, startApps, type AppName, type BanliApps } from './apps';
import { drive } from './drive';
import { ensurePostgresInstalled, startPostgres } from './postgres';
import { summary, type KillRecord } from './report';
import {
  liveMembers,
  NAMESPACE_RETENTION,
  prepareNamespace,
  setupSchemas,
  startCluster,
  waitServing,
  type ServiceName,
  type TemporalCluster,
} from './temporal-cluster';
import { ensureTemporalTools } from './tools';
import { checkCases, checkMail } from './verify';

/**
 * `npm run test:cluster`: Banli on a real Temporal cluster, end to end, on this machine.
 *
 * Builds (once) the Temporal server of deploy/temporal/VERSION; starts a private PostgreSQL for
 * Temporal's persistence and visibility, the Temporal services as five processes (frontend, two
 * history, matching, worker), a private MariaDB for the app, a mail catcher, two Banli workers and
 * two API instances; drives CASES cases through the HTTP API while it SIGKILLs a history process
 * and a Banli worker (and restarts them); then checks every case in Temporal and MySQL and every
 * mail, prints a summary, stops everything and exits non-zero on any mismatch.
 *
 * Environment: CLUSTER_CASES (default 200), CLUSTER_CONCURRENCY (4), CLUSTER_MAIL_TIMEOUT_S (600).
 * Logs of the last run are kept in .tools/cluster-logs/.
 */

const NAMESPACE = 'banli';
const TASK_QUEUE = 'banli-cases';
/** A positive whole number from the environment, or the default; anything else stops the run. */
function setting(name: string, def: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? def : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}
const CASES = setting('CLUSTER_CASES', 200);
const CONCURRENCY = setting('CLUSTER_CONCURRENCY', 4);
const MAIL_TIMEOUT_MS = setting('CLUSTER_MAIL_TIMEOUT_S', 600) * 1000;
/** Which processes die, when (share of cases finished) and for how long. */
const KILLS: { at: number; target: { temporal: ServiceName } | { app: AppName }; downMs: number }[] = [
  { at: 0.2, target: { temporal: 'history-1' }, downMs: 20000 },
  { at: 0.4, target: { app: 'worker-1' }, downMs: 10000 },
];

/** Every Temporal process alive at the end, the restarted history process included. */
const EXPECTED_MEMBERS = 'frontend 1, history 2, matching 1, worker 1';

const LOG_KEEP = path.join(ROOT, '.tools', 'cluster-logs');
const t0 = Date.now();
const say = (s: string) =>
  console.log(`[cluster ${String(Math.round((Date.now() - t0) / 1000)).padStart(4)}s] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function main(): Promise<number> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-cluster-'));
  // PostgreSQL runs as the `postgres` account when this runs as root: it must reach its own dir
  fs.chmodSync(runDir, 0o755);
  const logDir = path.join(runDir, 'logs');
  fs.mkdirSync(logDir);
  const teardown: { name: string; stop: () => Promise<void> }[] = [];
  const timings: [string, number][] = [];
  const phase = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const s = Date.now();
    try {
      return await f();
    } finally {
      timings.push([name, Date.now() - s]);
    }
  };
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    say('tearing down…');
    for (const t of teardown.reverse()) {
      try {
        await t.stop();
      } catch (e) {
        console.error(`[cluster] stopping ${t.name}: ${(e as Error).message}`);
      }
    }
    // anything a failed start left running (every process here is started through proc.ts)
    await stopStragglers();
    fs.rmSync(LOG_KEEP, { recursive: true, force: true });
    fs.mkdirSync(LOG_KEEP, { recursive: true });
    for (const dir of [logDir, runDir])
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.log')))
        fs.copyFileSync(path.join(dir, f), path.join(LOG_KEEP, f));
    fs.rmSync(runDir, { recursive: true, force: true });
    say(`stopped everything, removed ${runDir}; logs kept in ${path.relative(ROOT, LOG_KEEP)}/`);
  };
  const onSignal = (sig: string) => {
    console.error(`[cluster] ${sig}: stopping`);
    // a start still under way may have launched one more process meanwhile
    void stopAll()
      .then(() => stopStragglers())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));

  try {
    const tools = await phase('tools', () => ensureTemporalTools(say));
    ensurePostgresInstalled(say);

    const pg = await phase('postgres', async () => {
      const p = await startPostgres({
        dir: path.join(runDir, 'pg'),
        port: await freePort(),
        log: path.join(logDir, 'postgres.log'),
      });
      teardown.push({ name: 'postgres', stop: p.stop });
      say(
        `${p.version} on 127.0.0.1:${p.port}, Temporal's role "${p.user}" (no superuser, no CREATEDB/CREATEROLE)`,
      );
      for (const s of setupSchemas(tools, p)) say(`schema ${s}: set up with temporal-sql-tool`);
      return p;
    });

    const cluster: TemporalCluster = await phase('temporal', async () => {
      const c = await startCluster(tools, pg, logDir, say);
      teardown.push({ name: 'temporal', stop: c.stop });
      say(`cluster health: ${(await waitServing(tools, c)).replace(/\s+/g, ' ')}`);
      say(`membership: ${liveMembers(pg)}`);
      await prepareNamespace(tools, c, NAMESPACE, say);
      return c;
    });

    const catcher = new MailCatcher();
    const smtpPort = await freePort();
    await catcher.start(smtpPort);
    teardown.push({ name: 'mail catcher', stop: () => catcher.stop() });

    const dbPassword = randomBytes(16).toString('hex');
    const apps: BanliApps = await phase('banli', async () => {
      const [db, bundleSize] = await Promise.all([
        startMariaDb({
          dataDir: path.join(runDir, 'mariadb'),
          port: await freePort(),
          database: 'banli',
          user: 'banli',
          password: dbPassword,
          fresh: true,
        }),
        buildWorkflowBundle(path.join(runDir, 'workflow-bundle.js')),
      ]);
      teardown.push({ name: 'mariadb', stop: db.stop });
      say(
        `MariaDB on 127.0.0.1:${db.port}; workflow bundle ${Math.round(bundleSize / 1024)} KiB; mail catcher on :${smtpPort}`,
      );
      const env = appEnv({
        dbPort: db.port,
        dbPassword,
        temporalAddress: cluster.address,
        namespace: NAMESPACE,
        smtpPort,
        bundle: path.join(runDir, 'workflow-bundle.js'),
      });
      const applied = await migrate(env);
      say(`migrations: ${applied.length} applied`);
      const a = await startApps(env, logDir);
      teardown.push({ name: 'banli apps', stop: a.stop });
      say(
        `Banli up: ${[...a.procs].map(([n, p]) => `${n} (pid ${p.child.pid})`).join(', ')}; APIs ${a.apiUrls.join(' ')}`,
      );
      return a;
    });
    const dbConf = {
      host: '127.0.0.1',
      port: Number(apps.env.DB_PORT),
      user: 'banli',
      password: dbPassword,
      database: 'banli',
    };

    // the drive, with the kills running beside it
    const kills: KillRecord[] = [];
    const chaos: Promise<void>[] = [];
    const fired = new Set<number>();
    const killAndRestart = async (k: (typeof KILLS)[number], done: number, total: number) => {
      const isTemporal = 'temporal' in k.target;
      const name = 'temporal' in k.target ? k.target.temporal : k.target.app;
      const proc = isTemporal ? cluster.procs.get(name as ServiceName)! : apps.procs.get(name as AppName)!;
      const rec: KillRecord = {
        what: isTemporal ? `temporal ${name}` : `banli ${name}`,
        pid: proc.child.pid!,
        at: Date.now(),
        atCase: done,
        total,
        downMs: 0,
        restartMs: 0,
      };
      kills.push(rec);
      try {
        say(`SIGKILL ${rec.what} (pid ${rec.pid}) at ${done}/${total} cases`);
        const killed = (rec.at = Date.now());
        if (isTemporal) await cluster.kill(name as ServiceName);
        else await apps.kill(name as AppName);
        await sleep(k.downMs);
        rec.downMs = Date.now() - killed;
        const restarted = Date.now();
        if (isTemporal) await cluster.restart(name as ServiceName);
        else await apps.restart(name as AppName);
        rec.restartMs = Date.now() - restarted;
        say(
          `${rec.what} restarted (pid ${(isTemporal ? cluster.procs : apps.procs).get(name as never)!.child.pid}) after ${Math.round(rec.downMs / 1000)} s down`,
        );
      } catch (e) {
        rec.error = (e as Error).message;
        say(`restarting ${rec.what} FAILED: ${rec.error}`);
      }
    };
    say(`driving ${CASES} cases, ${CONCURRENCY} at a time, alternating between the two APIs…`);
    const driven = await phase('drive', async () => {
      const r = await drive({
        apiUrls: apps.apiUrls,
        admin: apps.admin,
        count: CASES,
        concurrency: CONCURRENCY,
        units: 4,
        log: say,
        onProgress: (done, total) =>
          KILLS.forEach((k, i) => {
            if (!fired.has(i) && done >= Math.round(total * k.at)) {
              fired.add(i);
              chaos.push(killAndRestart(k, done, total));
            }
          }),
      });
      await Promise.all(chaos);
      return r;
    });

    say('checking every case in Temporal and MySQL…');
    const temporal = { address: cluster.address, namespace: NAMESPACE, taskQueue: TASK_QUEUE };
    const checks = await phase('check cases', () => checkCases(driven.cases, temporal, dbConf));
    say('waiting for every expected mail…');
    const mail = await phase('check mail', () =>
      checkMail(
        driven.cases,
        catcher,
        temporal,
        dbConf,
        say,
        MAIL_TIMEOUT_MS,
        kills.filter((k) => k.what.startsWith('banli worker')).map((k) => k.at),
      ),
    );

    const members = liveMembers(pg);
    const problems = [
      ...checks.filter((c) => c.problems.length).map((c) => `${c.number}: ${c.problems.join('; ')}`),
      ...mail.missing.map((m) => `mail missing: ${m}`),
      ...mail.duplicates.map((m) => `mail duplicated: ${m}`),
      ...mail.unexpected.map((m) => `unexpected mail: ${m}`),
      ...mail.unsent.map((m) => `outbox row not sent: ${m}`),
      ...kills.filter((k) => k.error).map((k) => `kill/restart of ${k.what}: ${k.error}`),
      ...(members !== EXPECTED_MEMBERS
        ? [`cluster membership after the run: ${members}, expected ${EXPECTED_MEMBERS}`]
        : []),
      ...(kills.length < KILLS.length ? [`only ${kills.length} of ${KILLS.length} kills happened`] : []),
    ];
    const setup = [
      `temporal: ${[...cluster.procs.keys()].join(', ')} — one process each, PostgreSQL persistence + visibility`,
      `          (role "${pg.user}", not a superuser), namespace ${NAMESPACE} (retention ${NAMESPACE_RETENTION}), frontend ${cluster.address}`,
      `          live members after the run (Temporal's membership table): ${members}`,
      `banli:    ${[...apps.procs.keys()].join(', ')} (NODE_ENV=production), MariaDB, mail catcher`,
      '',
    ];
    for (const line of summary({
      setup,
      versions: {
        temporal: tools.version,
        postgres: pg.version.replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL '),
      },
      drive: driven,
      concurrency: CONCURRENCY,
      checks,
      mail,
      kills,
      timings,
      problems,
    }))
      console.log(line);
    return problems.length ? 1 : 0;
  } catch (e) {
    console.error(`\n[cluster] FAILED: ${(e as Error).stack ?? e}`);
    console.error(`[cluster] logs: ${path.relative(ROOT, LOG_KEEP)}/ (after teardown)`);
    return 1;
  } finally {
    await stopAll();
  }
}
