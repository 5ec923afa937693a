/**
 * Times every statement of the statistics (or the overdue) report against the MariaDB data
 * directory a kept bench run left (`npm run bench -- --quick --keep`), three times, and the whole
 * report around them — the profile behind BENCHMARKS.md's reports findings.
 *   node -r ./scripts/register.js scripts/bench/profile-reports.ts .data/bench-<pid>/mariadb [overdue]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { CalendarStore, dataSourceOptions } from '@banli/persistence';
import { ReportQueries } from '../../apps/api/src/reports/report-queries';
import { mariadbArgs } from '../stack/mariadb';
import { freePort, startProcess, stopAll, waitForPort } from '../stack/proc';

async function main() {
  const dataDir = path.resolve(process.argv[2]);
  const which = process.argv[3] === 'overdue' ? 'overdue' : 'statistics';
  const port = await freePort();
  const tmp = path.join(dataDir, '..', 'mariadb-tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const args = [
    ...mariadbArgs({ dataDir, port, database: 'banli', user: 'banli', password: 'unused' }),
    '--innodb-buffer-pool-size=1G',
    '--skip-grant-tables',
    `--tmpdir=${tmp}`,
  ];
  const db = startProcess(
    'mariadb',
    '/usr/sbin/mariadbd',
    args,
    path.join(dataDir, '..', 'profile-mariadb.log'),
  );
  try {
    await waitForPort(port, db);
    const base = dataSourceOptions({
      type: 'mariadb',
      host: '127.0.0.1',
      port,
      user: 'root',
      password: '',
      database: 'banli',
      logErrors: true,
    } as never);
    const ds = new DataSource({
      ...base,
      enableQueryTimeout: false,
      maxQueryExecutionTime: undefined,
    } as DataSourceOptions);
    await ds.initialize();
    const times: [number, string][] = [];
    const create = ds.createQueryRunner.bind(ds);
    ds.createQueryRunner = (...a: Parameters<typeof create>): QueryRunner => {
      const qr = create(...a);
      const query = qr.query.bind(qr);
      qr.query = (async (sql: string, params?: unknown[], ...rest: unknown[]) => {
        const t = Date.now();
        const r = await (query as (...x: unknown[]) => Promise<unknown>)(sql, params, ...rest);
        times.push([Date.now() - t, sql.replace(/\s+/g, ' ').slice(0, 140)]);
        return r;
      }) as QueryRunner['query'];
      return qr;
    };
    const cal = await new CalendarStore(ds).calendar();
    const reports = new ReportQueries(ds, async () => cal);
    for (let i = 0; i < 3; i++) {
      times.length = 0;
      const t = Date.now();
      if (which === 'overdue') await reports.overdue({ kind: 'all' }, {}, new Date());
      else await reports.statistics({ kind: 'all' }, {}, 'unit', new Date());
      const total = Date.now() - t;
      const sql = Math.max(...times.map(([ms]) => ms));
      console.log(
        `${which}: ${total} ms in all, the slowest statement ${sql} ms (statements run side by side)`,
      );
      for (const [ms, s] of times) console.log(`  ${String(ms).padStart(6)} ms  ${s}`);
    }
    await ds.destroy();
  } finally {
    await stopAll();
  }
}

void main();
