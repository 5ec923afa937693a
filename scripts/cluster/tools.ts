import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../stack/temporal';

/**
 * The Temporal server version of the whole project, one line in deploy/temporal/VERSION: the
 * binaries built here and the images docker-compose.yml runs read the same file.
 */
export const VERSION_FILE = path.join(ROOT, 'deploy', 'temporal', 'VERSION');
export const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');

export interface TemporalTools {
  version: string;
  /** `temporal-server` (go.temporal.io/server/cmd/server). */
  server: string;
  /** `temporal-sql-tool` (go.temporal.io/server/cmd/tools/sql), with the schemas embedded. */
  sqlTool: string;
  /** The `temporal` CLI from the project venv (scripts/bootstrap.sh). */
  cli: string;
  /** Seconds spent building (0 when the cached binaries were used). */
  builtSeconds: number;
}

export function temporalVersion(): string {
  const v = fs.readFileSync(VERSION_FILE, 'utf8').trim();
  if (!/^\d+\.\d+\.\d+$/.test(v))
    throw new Error(`${VERSION_FILE}: expected a version such as 1.29.1, got "${v}"`);
  return v;
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; inherit?: boolean } = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    stdio: opts.inherit ? ['ignore', 'inherit', 'inherit'] : 'pipe',
  });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return r;
}

/** The version `temporal-server --version` reports, or null when it is missing or broken. */
function builtVersion(server: string): string | null {
  if (!fs.existsSync(server)) return null;
  const r = spawnSync(server, ['--version'], { encoding: 'utf8' });
  return /version (\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? null;
}

/**
 * Builds the Temporal server and its SQL schema tool from the Go module proxy into .tools/bin,
 * pinned to deploy/temporal/VERSION; skipped when both binaries of that version are there.
 * The first build takes about 8 minutes on 2 cores and fills the Go module cache (~1.6 GB).
 */
export function ensureTemporalTools(log: (s: string) => void): TemporalTools {
  const version = temporalVersion();
  const server = path.join(TOOLS_BIN, 'temporal-server');
  const sqlTool = path.join(TOOLS_BIN, 'temporal-sql-tool');
  const stamp = path.join(TOOLS_BIN, 'temporal-server.version');
  const cli = path.join(ROOT, '.tools', 'venv', 'bin', 'temporal');
  if (!fs.existsSync(cli)) throw new Error(`${cli} missing: run "npm run bootstrap"`);

  const cached =
    builtVersion(server) === version &&
    fs.existsSync(sqlTool) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8').trim() === version;
  if (cached) {
    log(`Temporal server ${version}: cached in ${path.relative(ROOT, TOOLS_BIN)}/`);
    return { version, server, sqlTool, cli, builtSeconds: 0 };
  }

  const go = run('go', ['version']);
  if (go.status !== 0)
    throw new Error(
      'Go is needed to build the Temporal server (go.temporal.io/server). Install Go 1.24 or newer: https://go.dev/dl/',
    );
  log(
    `building Temporal server ${version} and its SQL tool with ${go.stdout.trim()} (first time: ~8 min, ~1.6 GB of modules)…`,
  );
  const started = Date.now();
  // into a scratch GOBIN first: a half-built pair never looks cached
  const gobin = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-gobin-'));
  try {
    const r = run(
      'go',
      [
        'install',
        `go.temporal.io/server/cmd/server@v${version}`,
        `go.temporal.io/server/cmd/tools/sql@v${version}`,
      ],
      {
        env: { ...process.env, GOBIN: gobin, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
        inherit: true,
      },
    );
    if (r.status !== 0) throw new Error(`go install of Temporal ${version} failed (exit ${r.status})`);
    fs.mkdirSync(TOOLS_BIN, { recursive: true });
    fs.rmSync(stamp, { force: true });
    fs.copyFileSync(path.join(gobin, 'server'), server);
    fs.copyFileSync(path.join(gobin, 'sql'), sqlTool);
    fs.chmodSync(server, 0o755);
    fs.chmodSync(sqlTool, 0o755);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
  const got = builtVersion(server);
  if (got !== version) throw new Error(`built temporal-server reports version ${got}, expected ${version}`);
  fs.writeFileSync(stamp, `${version}\n`);
  const builtSeconds = Math.round((Date.now() - started) / 1000);
  log(`Temporal server ${version} built in ${builtSeconds} s`);
  return { version, server, sqlTool, cli, builtSeconds };
}
