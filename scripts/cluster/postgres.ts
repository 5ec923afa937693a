import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startProcess, Started, waitForPort } from '../stack/proc';

/** Temporal's own role: owns its two databases, nothing more (no superuser, no CREATEDB/CREATEROLE). */
export const TEMPORAL_DB_USER = 'temporal';
export const TEMPORAL_DATABASES = ['temporal', 'temporal_visibility'] as const;
/** Bootstrap superuser of the private instance; reachable only over its Unix socket. */
const ADMIN = 'banli_pg_admin';

export interface Postgres {
  version: string;
  host: string;
  port: number;
  /** Credentials of Temporal's dedicated role (TCP, scram-sha-256). */
  user: string;
  password: string;
  proc: Started;
  /** Runs SQL as the instance's superuser over its Unix socket; returns psql's unaligned output. */
  query(db: string, sql: string): string;
  stop(): Promise<void>;
}

/** Newest /usr/lib/postgresql/<major>/bin, or null. */
function pgBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const majors = fs
    .readdirSync(base)
    .filter((d) => fs.existsSync(path.join(base, d, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(base, majors[0], 'bin') : null;
}

/** PostgreSQL's server binaries, installed from Debian (`apt-get install postgresql`) when missing. */
export function ensurePostgresInstalled(log: (s: string) => void): string {
  const found = pgBinDir();
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error(
      'PostgreSQL is not installed and this is not root: run "sudo apt-get install postgresql" once',
    );
  log('installing PostgreSQL from Debian (apt-get install postgresql)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'],
  ]) {
    const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status})`);
  }
  const bin = pgBinDir();
  if (!bin)
    throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/*/bin/postgres was found');
  return bin;
}

/**
 * Who runs the server: PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * account the Debian package creates.
 */
function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0)
    throw new Error('running as root needs the "postgres" system user (Debian package postgresql)');
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

function check(what: string, r: ReturnType<typeof spawnSync>) {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return String(r.stdout ?? '');
}

/**
 * A private PostgreSQL for Temporal: its own data directory under `dir`, its own port, TCP on
 * 127.0.0.1 only, and a dedicated non-superuser role owning the `temporal` and
 * `temporal_visibility` databases (btree_gin, which the visibility schema needs, is created by the
 * superuser beforehand). The superuser exists only on the Unix socket inside `dir`.
 */
export async function startPostgres(o: { dir: string; port: number; log: string }): Promise<Postgres> {
  const bin = ensurePostgresInstalled(() => undefined);
  const who = owner();
  const data = path.join(o.dir, 'data');
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  if (who) fs.chownSync(o.dir, who.uid, who.gid);
  const as: SpawnSyncOptions = { cwd: o.dir, encoding: 'utf8', ...(who ?? {}) };

  check(
    'initdb',
    spawnSync(
      path.join(bin, 'initdb'),
      [
        '-D',
        data,
        '-U',
        ADMIN,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      as,
    ),
  );
  const version = check(
    'postgres --version',
    spawnSync(path.join(bin, 'postgres'), ['--version'], as),
  ).trim();

  const proc = startProcess(
    'postgres',
    path.join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(o.port),
      '-k',
      o.dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      // a throwaway instance: the run kills Temporal and Banli processes, never PostgreSQL
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    o.log,
    { cwd: o.dir, ...(who ?? {}) },
  );
  const password = randomBytes(18).toString('hex');
  const psql = (db: string, sql: string) =>
    check(
      `psql (${db})`,
      spawnSync(
        path.join(bin, 'psql'),
        [
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          o.dir,
          '-p',
          String(o.port),
          '-U',
          ADMIN,
          '-d',
          db,
          '-At',
          '-f',
          '-',
        ],
        { encoding: 'utf8', input: sql, cwd: o.dir },
      ),
    );
  try {
    await waitForPort(o.port, proc, 60000);
    psql(
      'postgres',
      [
        `CREATE ROLE ${TEMPORAL_DB_USER} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;`,
        ...TEMPORAL_DATABASES.map((d) => `CREATE DATABASE ${d} OWNER ${TEMPORAL_DB_USER} ENCODING 'UTF8';`),
      ].join('\n'),
    );
    psql('temporal_visibility', 'CREATE EXTENSION IF NOT EXISTS btree_gin;');
    const role = psql(
      'postgres',
      `SELECT rolsuper::text || ',' || rolcreatedb::text || ',' || rolcreaterole::text FROM pg_roles WHERE rolname = '${TEMPORAL_DB_USER}';`,
    ).trim();
    if (role !== 'false,false,false') throw new Error(`role ${TEMPORAL_DB_USER} is privileged (${role})`);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return {
    version,
    host: '127.0.0.1',
    port: o.port,
    user: TEMPORAL_DB_USER,
    password,
    proc,
    query: psql,
    stop: () => proc.stop(),
  };
}
