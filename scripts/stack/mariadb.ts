import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startProcess, Started, waitForPort } from './proc';

export interface MariaDbOptions {
  dataDir: string; // own data directory, never the system one
  port: number;
  database: string;
  user: string;
  password: string;
  /** drop and recreate the app database (tests) */
  fresh?: boolean;
}

export interface MariaDb {
  proc: Started;
  port: number;
  socket: string;
  stop(): Promise<void>;
}

/** A MariaDB program from the Debian package (bootstrap installs it). */
export function mariadbBin(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin']) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(
    `${name} not found: run "npm run bootstrap" (installs mariadb-server) or install it yourself`,
  );
}

/** mariadbd's arguments: its own data directory, socket and port, on 127.0.0.1 only. */
export function mariadbArgs(o: MariaDbOptions): string[] {
  const dataDir = path.resolve(o.dataDir);
  return [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--port=${o.port}`,
    '--bind-address=127.0.0.1',
    `--socket=${path.join(dataDir, 'mysqld.sock')}`,
    `--pid-file=${path.join(dataDir, 'mysqld.pid')}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--default-time-zone=+00:00',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=128M',
    '--innodb-flush-log-at-trx-commit=2',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ];
}

/** Initialises a private data directory (root by the socket only, no test database). */
export function installMariaDb(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const r = spawnSync(
    process.env.MARIADB_INSTALL_DB || mariadbBin('mariadb-install-db'),
    [
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`mariadb-install-db failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts a private MariaDB instance (own data dir, port and socket), initialising the data
 * directory on first use, and makes sure the app database and user exist.
 */
export async function startMariaDb(o: MariaDbOptions): Promise<MariaDb> {
  const dataDir = path.resolve(o.dataDir);
  const socket = path.join(dataDir, 'mysqld.sock');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(path.join(dataDir, 'mysql'))) installMariaDb(dataDir);
  const args = mariadbArgs(o);
  const proc = startProcess(
    'mariadb',
    process.env.MARIADBD || mariadbBin('mariadbd'),
    args,
    path.join(dataDir, '..', 'mariadb.log'),
  );
  await waitForPort(o.port, proc, 60000);
  const sql = [
    o.fresh ? `DROP DATABASE IF EXISTS \`${o.database}\`;` : '',
    `CREATE DATABASE IF NOT EXISTS \`${o.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    `CREATE USER IF NOT EXISTS '${o.user}'@'127.0.0.1' IDENTIFIED BY '${o.password}';`,
    `CREATE USER IF NOT EXISTS '${o.user}'@'localhost' IDENTIFIED BY '${o.password}';`,
    `GRANT ALL PRIVILEGES ON \`${o.database}\`.* TO '${o.user}'@'127.0.0.1';`,
    `GRANT ALL PRIVILEGES ON \`${o.database}\`.* TO '${o.user}'@'localhost';`,
    // TypeORM's drift check creates and drops a temporary database-less metadata table only;
    // shadow databases are not needed.
    'FLUSH PRIVILEGES;',
  ].join('\n');
  execFileSync(mariadbBin('mariadb'), ['--no-defaults', `--socket=${socket}`, '-uroot'], { input: sql });
  return { proc, port: o.port, socket, stop: () => proc.stop() };
}
