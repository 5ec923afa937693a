/**
 * Builds the web workspace into dist/web (served by the API): first the API types from the
 * OpenAPI document (apps/web/src/api/schema.d.ts, never hand-written), then optionally the type
 * check (vue-tsc), then the Vite bundle. `npm start`, `npm test` and `npm run build` call it.
 *   node -r ./scripts/register.js scripts/build-web.ts [--typecheck]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeApiDocument } from './openapi';

const ROOT = resolve(__dirname, '..');
const WEB = join(ROOT, 'apps', 'web');
const TYPES = join(WEB, 'src', 'api', 'schema.d.ts');

function run(what: string, script: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', script), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

/** The API's OpenAPI document → TypeScript types for the web's client. */
export async function generateApiTypes(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'banli-openapi-'));
  try {
    const doc = join(dir, 'openapi.json');
    await writeApiDocument(doc);
    const types = join(dir, 'schema.d.ts');
    run('openapi-typescript', 'openapi-typescript/bin/cli.js', [doc, '--output', types, '--silent']);
    // replaced in one step, so a type check running beside it never reads half a file
    copyFileSync(types, `${TYPES}.${process.pid}`);
    renameSync(`${TYPES}.${process.pid}`, TYPES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** vue-tsc over the web workspace (strict). */
export function typecheckWeb(): void {
  run('vue-tsc', 'vue-tsc/bin/vue-tsc.js', ['--noEmit', '-p', join(WEB, 'tsconfig.json')]);
}

/** The Vite bundle, into dist/web unless `outDir` is given (a test run builds its own copy). */
export function bundleWeb(outDir?: string): void {
  run('vite build', 'vite/bin/vite.js', [
    'build',
    '--config',
    join(WEB, 'vite.config.mts'),
    '--logLevel',
    'warn',
    ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : []),
  ]);
}

export async function buildWeb(opts: { typecheck?: boolean; outDir?: string } = {}): Promise<void> {
  await generateApiTypes();
  if (opts.typecheck) typecheckWeb();
  bundleWeb(opts.outDir);
}

if (require.main === module) {
  buildWeb({ typecheck: process.argv.includes('--typecheck') }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
