import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWeb, generateApiTypes, typecheckWeb } from '../build-web';
import { startMariaDb } from './mariadb';
import { freePort, stopAll } from './proc';
import { ROOT, startTemporalDev } from './temporal';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((res) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: ROOT, env });
    child.on('exit', (code, sig) => res(code ?? (sig ? 1 : 0)));
  });
}

function step(s: string) {
  console.log(`\n[test] ${s}`);
}

/** Runs the whole suite against private servers; returns the exit code. */
export async function main(jestArgs: string[]): Promise<number> {
  const work = path.join(ROOT, '.data', `test-${process.pid}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  let stopping = false;
  const cleanup = async () => {
    if (stopping) return;
    stopping = true;
    await stopAll();
    fs.rmSync(work, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      void cleanup().then(() => process.exit(130));
    });
  }
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      FORCE_COLOR: process.env.CI ? '0' : '1',
    };
    const only = jestArgs.length > 0;
    if (!only) {
      // the web's API types come from the OpenAPI document first, so lint and the type check see
      // them; a focused run skips both, and the bundle does not need them (imported type-only)
      step('web workspace: API types from the OpenAPI document');
      await generateApiTypes();
      step('lint (eslint, workflow purity rules, eslint-plugin-vue)');
      if ((await run(path.join(ROOT, 'node_modules/.bin/eslint'), ['.', '--max-warnings=0'], env)) !== 0)
        return 1;
      step('format (prettier --check)');
      const prettier = path.join(ROOT, 'node_modules/.bin/prettier');
      if ((await run(prettier, ['--check', '--log-level=warn', '**/*.{ts,vue}'], env)) !== 0) return 1;
      step('type check (tsc --noEmit)');
      if (
        (await run(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], env)) !== 0
      )
        return 1;
      step('type check of the web workspace (vue-tsc --noEmit, strict)');
      typecheckWeb();
    }
    // the web workspace is built by every run (the API serves it to the browser tests); each run
    // serves its own build, so runs side by side never see each other's half-written files
    step('web workspace: vite build');
    const webOut = path.join(work, 'web');
    bundleWeb(webOut);

    step('starting private MariaDB and Temporal dev server');
    const [dbPort, tPort] = [await freePort(), await freePort()];
    const [db] = await Promise.all([
      startMariaDb({
        dataDir: path.join(work, 'mariadb'),
        port: dbPort,
        database: 'banli_test',
        user: 'banli',
        password: 'banli-test',
        fresh: true,
      }),
      startTemporalDev({ port: tPort, log: path.join(work, 'temporal.log') }),
    ]);
    console.log(`[test] MariaDB 127.0.0.1:${db.port}, Temporal 127.0.0.1:${tPort}`);
    Object.assign(env, {
      DB_TYPE: 'mariadb',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(db.port),
      DB_NAME: 'banli_test',
      DB_USER: 'banli',
      DB_PASSWORD: 'banli-test',
      TEMPORAL_ADDRESS: `127.0.0.1:${tPort}`,
      TEMPORAL_NAMESPACE: 'default',
      BANLI_TEST_STACK: '1',
      BANLI_WEB_DIR: webOut,
    });

    step('jest: unit, workflow, e2e');
    return await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--ci', '--forceExit', ...(only ? jestArgs : [])],
      env,
    );
  } finally {
    step('stopping servers');
    await cleanup();
  }
}
