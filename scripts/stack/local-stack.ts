import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '@banli/config';
import { dataSourceOptions } from '@banli/persistence';
import { startMariaDb } from './mariadb';
import { startProcess, stopAll, waitForPort } from './proc';
import { buildWeb } from '../build-web';
import { ROOT, startTemporalDev } from './temporal';

const num = (k: string, d: number) => Number(process.env[k] ?? d);

/** `npm start`: everything on loopback, state under .data/ so the next start resumes it. */
export async function main(): Promise<void> {
  const data = path.join(ROOT, '.data');
  fs.mkdirSync(data, { recursive: true });
  const ports = {
    api: num('API_PORT', 3000),
    db: num('LOCAL_DB_PORT', 3307),
    temporal: num('LOCAL_TEMPORAL_PORT', 7233),
    temporalUi: num('LOCAL_TEMPORAL_UI_PORT', 8233),
    smtp: num('LOCAL_SMTP_PORT', 1025),
    inbox: num('LOCAL_INBOX_PORT', 1080),
  };
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
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DB_TYPE: 'mariadb',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(db.port),
      DB_NAME: 'banli',
      DB_USER: 'banli',
      DB_PASSWORD: 'banli-local',
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(ports.smtp),
      API_PORT: String(ports.api),
      BANLI_WORKFLOWS_FROM_SOURCE: '1',
    };

    console.log('[banli] applying migrations…');
    const ds = new DataSource(dataSourceOptions(loadConfig(env).db));
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    console.log(
      `[banli] ${applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema up to date'}`,
    );

    console.log('[banli] building the web workspace (Vite)…');
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
