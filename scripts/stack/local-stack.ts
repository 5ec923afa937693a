import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig, localSecrets, LocalSecrets } from '@banli/config';
import { migrationDataSourceOptions } from '@banli/persistence';
import { startMariaDb } from './mariadb';
import { startProcess, stopAll, waitForPort } from './proc';
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
  return {
    ...base,
    JWT_SECRET: base.JWT_SECRET || secrets.JWT_SECRET,
    LINK_SECRET: base.LINK_SECRET || secrets.LINK_SECRET,
    DB_TYPE: 'mariadb',
    DB_HOST: LOOPBACK,
    DB_PORT: String(dbPort),
    DB_NAME: 'banli',
    DB_USER: 'banli',
    DB_PASSWORD: 'banli-local',
    TEMPORAL_ADDRESS: `${LOOPBACK}:${ports.temporal}`,
    SMTP_HOST: LOOPBACK,
    SMTP_PORT: String(ports.smtp),
    API_PORT: String(ports.api),
    API_HOST: LOOPBACK,
    BANLI_WORKFLOWS_FROM_SOURCE: '1',
  };
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

    startProcess(
      'worker',
      process.execPath,
      [...tsNode, path.join(ROOT, 'apps/worker/src/main.ts')],
      path.join(data, 'worker.log'),
      { env },
    );
    const api = startProcess(
      'api',
      process.execPath,
      [...tsNode, path.join(ROOT, 'apps/api/src/main.ts')],
      path.join(data, 'api.log'),
      { env },
    );
    await waitForPort(ports.api, api, 120000);
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
