import { DataSource } from 'typeorm';
import type { Api } from './api';
import { now, round, summarize, Summary } from './stats';

/** A report beside the bare indexed count over the same rows. */
export interface ReportFigure {
  name: string;
  path: string;
  latencyMs: Summary;
  bare: { sql: string; latencyMs: Summary; count: number };
  /** p95 of the report ÷ p95 of the bare count. */
  ratio: number | null;
  /** Set when the report did not answer 200 (then it is not timed). */
  failed?: string;
}

export interface ReportLevel {
  assignments: number;
  rows: Record<string, number>;
  reports: ReportFigure[];
  explain: { report: string; sql: string; plan: any[] }[];
}

/** The three reads the supervisors use most, and the bare count each is held against. */
export const REPORTS = [
  {
    name: 'overdue report',
    path: '/reports/overdue',
    bare: "SELECT COUNT(*) AS n FROM deadline d WHERE d.kind = 'duty' AND d.status = 'open' AND d.due_at <= ?",
  },
  {
    name: 'statistics by unit',
    path: '/reports/statistics?groupBy=unit',
    bare: 'SELECT COUNT(*) AS n FROM assignment a WHERE a.assigned_at >= ?',
  },
  {
    name: 'case list, overdue',
    path: '/proposals?overdue=true',
    bare: 'SELECT COUNT(*) AS n FROM proposal p WHERE p.next_due_at IS NOT NULL AND p.next_due_at <= ?',
  },
] as const;

const bareParam = (name: string) => (name === 'statistics by unit' ? new Date(0) : new Date());

/** Times each report over HTTP (`reps` after two warm-ups) and its bare count over MariaDB. */
export async function measureReports(
  ds: DataSource,
  api: Api,
  assignments: number,
  reps: number,
  budgetMs = 90_000,
): Promise<ReportLevel> {
  const rows: Record<string, number> = {};
  for (const t of ['proposal', 'assignment', 'deadline', 'reply', 'feedback']) {
    const [r] = await ds.query(`SELECT COUNT(*) AS n FROM ${t}`);
    rows[t] = Number(r.n);
  }
  const reports: ReportFigure[] = [];
  const explain: ReportLevel['explain'] = [];
  for (const r of REPORTS) {
    const lat: number[] = [];
    // the first call is a warm-up whose statements MariaDB's general log keeps for the EXPLAIN;
    // a second warm-up when it was quick; then `reps` timed calls, but a report slower than the
    // budget allows is timed fewer times (at least 3): its p95 is then the slowest of those
    const first = await logged(ds, () => api.call('GET', r.path));
    if (first.result.status !== 200) {
      // e.g. 503 when a statement runs into the API's statement timeout: recorded, not timed
      const failed = `${first.result.status} ${first.result.body?.code ?? ''} after ${round(first.ms / 1000, 1)} s`;
      reports.push({
        name: r.name,
        path: r.path,
        latencyMs: summarize([]),
        bare: await bareCount(ds, r, reps),
        ratio: null,
        failed,
      });
      continue;
    }
    for (const sql of first.statements) {
      const plan = await ds.query(`EXPLAIN ${sql}`).catch((e: Error) => [{ error: e.message }]);
      explain.push({ report: r.name, sql, plan });
    }
    const until = Date.now() + budgetMs;
    const warmups = first.ms < 5000 ? 1 : 0;
    for (let i = 0; i < reps + warmups && (i < 3 + warmups || Date.now() < until); i++) {
      const s = now();
      const res = await api.call('GET', r.path);
      const ms = now() - s;
      if (res.status !== 200)
        throw new Error(`${r.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      if (i >= warmups) lat.push(ms);
    }
    const latencyMs = summarize(lat);
    const bare = await bareCount(ds, r, reps);
    reports.push({
      name: r.name,
      path: r.path,
      latencyMs,
      bare,
      ratio:
        latencyMs.p95 !== null && bare.latencyMs.p95 ? round(latencyMs.p95 / bare.latencyMs.p95, 2) : null,
    });
  }
  return { assignments, rows, reports, explain };
}

/** The bare indexed count a report is held against, timed `reps` times after two warm-ups. */
async function bareCount(ds: DataSource, r: (typeof REPORTS)[number], reps: number) {
  const lat: number[] = [];
  let count = 0;
  for (let i = 0; i < reps + 2; i++) {
    const s = now();
    const [c] = await ds.query(r.bare, [bareParam(r.name)]);
    const ms = now() - s;
    count = Number(c.n);
    if (i >= 2) lat.push(ms);
  }
  return { sql: r.bare, latencyMs: summarize(lat), count };
}

/** Runs `call` with MariaDB's general log on; returns what it answered and the statements it ran. */
async function logged<T>(ds: DataSource, call: () => Promise<T>) {
  await ds.query("SET GLOBAL log_output = 'TABLE'");
  await ds.query('TRUNCATE TABLE mysql.general_log').catch(() => undefined);
  await ds.query("SET GLOBAL general_log = 'ON'");
  const s = now();
  let result: T;
  try {
    result = await call();
  } finally {
    await ds.query("SET GLOBAL general_log = 'OFF'");
  }
  const ms = now() - s;
  const rows: { sql: string }[] = await ds.query(
    "SELECT CONVERT(argument USING utf8mb4) AS `sql` FROM mysql.general_log WHERE command_type = 'Query' ORDER BY event_time",
  );
  const statements = rows
    .map((l) => l.sql)
    .filter((q) => /^\s*SELECT/i.test(q) && /\b(assignment|deadline|proposal)\b/.test(q))
    .filter((q) => !/general_log|information_schema/i.test(q));
  return { result, ms, statements };
}
