import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, TEMPORAL_CLI } from '../stack/temporal';
import type { WorkerMemory, cacheSettings } from './footprint';
import type { RateResult } from './intake';
import type { MailResult } from './mail';
import type { Sizes } from './main';
import type { ReportLevel } from './reports';
import type { Summary } from './stats';
import type { SyntheticState } from './synthetic';
import type { TimerResult } from './timer';

export interface BenchResults {
  mode: 'quick' | 'full';
  /** The rows this run measured (`--rows=`; all by default). */
  rows: string[];
  startedAt: string;
  seconds: number;
  machine: ReturnType<typeof machineInfo> & { loadavgEnd: string };
  stack: Record<string, unknown>;
  sizes: Sizes;
  intake?: { ceiling: RateResult; single: RateResult; bulk: RateResult & { importSeconds: number } };
  reports?: ReportLevel[];
  synthetic?: SyntheticState;
  slowLog?: { sql: string; count: number; maxMs: number; totalMs: number }[];
  timer?: TimerResult;
  footprint?: {
    openCases: number;
    idle: WorkerMemory;
    loaded: WorkerMemory;
    cache: ReturnType<typeof cacheSettings>;
  };
  mail?: { outbox: MailResult; raw: MailResult };
}

function cmd(bin: string, args: string[]): string {
  try {
    return execFileSync(bin, args, { encoding: 'utf8', cwd: ROOT }).split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

function pkgVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    loadavg: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    node: process.version,
    mariadb: cmd('/usr/sbin/mariadbd', ['--version']).replace(/^.*Ver\s+/, ''),
    temporalCli: cmd(TEMPORAL_CLI, ['--version']),
    temporalSdk: pkgVersion('@temporalio/worker'),
    typeorm: pkgVersion('typeorm'),
    mysql2: pkgVersion('mysql2'),
    nodemailer: pkgVersion('nodemailer'),
    commit: cmd('git', ['rev-parse', '--short', 'HEAD']),
    dirty: cmd('git', ['status', '--porcelain']) !== '',
  };
}

const ms = (v: number | null) => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v} ms`);
const pp = (s: Summary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`;
const x = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}×`);
const ok = (b: boolean | null) => (b === null ? '—' : b ? 'met' : 'MISSED');
const fmtN = (n: number) =>
  n >= 1_000_000 ? `${Math.round(n / 100_000) / 10}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);

export interface Row {
  row: string;
  figure: string;
  ceiling: string;
  ratio: string;
  target: string;
  met: string;
}

/** The table rows: every figure beside its same-run ceiling, the ratio, the target and whether it was met. */
export function tableRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  if (r.intake) {
    const { ceiling, single, bulk } = r.intake;
    for (const [name, v] of [
      ['one by one', single],
      ['bulk import', bulk],
    ] as const) {
      const ratio = v.perSecond / ceiling.perSecond;
      rows.push({
        row: `1. Intake, ${name} (${v.count})`,
        figure: `${v.perSecond} cases/s; request → 已交办 ${pp(v.latencyMs)}`,
        ceiling: `empty workflows ${ceiling.perSecond}/s (${pp(ceiling.latencyMs)})`,
        ratio: x(ratio),
        target: '≥ 0.50×',
        met: ok(ratio >= 0.5),
      });
    }
  }
  if (r.reports?.length) {
    const top = r.reports[r.reports.length - 1];
    const first = r.reports[0];
    const isMillion = top.assignments >= 1_000_000;
    for (const level of r.reports) {
      for (const f of level.reports) {
        const atTop = level === top;
        rows.push({
          row: `2. Reports @${fmtN(level.assignments)}: ${f.name}`,
          figure: f.failed ? `no answer: ${f.failed}` : pp(f.latencyMs),
          ceiling: `bare indexed count p95 ${ms(f.bare.latencyMs.p95)}`,
          ratio: x(f.ratio),
          target: atTop ? `p95 < 100 ms, ≤ 2.00×${isMillion ? '' : ' (1M targets)'}` : '',
          met: atTop ? ok((f.latencyMs.p95 ?? Infinity) < 100 && (f.ratio ?? Infinity) <= 2) : '',
        });
      }
    }
    for (const f of top.reports) {
      const base = first.reports.find((b) => b.name === f.name)!;
      // a report that did not answer at the largest size has grown without bound
      const growth = f.failed ? Infinity : (f.latencyMs.p95 ?? 0) / (base.latencyMs.p95 || 1);
      const bareGrowth = (f.bare.latencyMs.p95 ?? 0) / (base.bare.latencyMs.p95 || 1);
      rows.push({
        row: `2. Reports growth ${fmtN(first.assignments)}→${fmtN(top.assignments)}: ${f.name}`,
        figure: `p95 ×${growth.toFixed(2)}`,
        ceiling: `bare count p95 ×${bareGrowth.toFixed(2)}`,
        ratio: x(growth / (bareGrowth || 1)),
        target: `≤ 3.00×${isMillion ? '' : ' (10k→1M)'}`,
        met: ok(growth <= 3),
      });
    }
  }
  const t = r.timer;
  if (t)
    rows.push({
      row: `3. Timer lag (${t.cases} cases)`,
      figure: `due → escalation row p50 ${ms(t.lagMs.p50)}, p99 ${ms(t.lagMs.p99)} (${t.escalated}/${t.cases})`,
      ceiling: `bare timer + activity p50 ${ms(t.ceiling.lagMs.p50)}, p99 ${ms(t.ceiling.lagMs.p99)}`,
      ratio: x(t.lagMs.p99 !== null && t.ceiling.lagMs.p99 ? t.lagMs.p99 / t.ceiling.lagMs.p99 : null),
      target: 'p99 < 2 s',
      met: ok(t.late === 0 && t.escalated === t.cases && (t.lagMs.p99 ?? Infinity) < 2000),
    });
  const fp = r.footprint;
  if (fp)
    rows.push({
      row: `4. Footprint (${fp.openCases} open cases)`,
      figure: `worker RSS ${fp.loaded.rssMiB} MiB (peak ${fp.loaded.peakRssMiB}), heap ${fp.loaded.heapUsedMiB} MiB; cache ${fp.cache.maxCachedWorkflows} workflows`,
      ceiling: `idle worker RSS ${fp.idle.rssMiB} MiB, heap ${fp.idle.heapUsedMiB} MiB`,
      ratio: x(fp.loaded.peakRssMiB / fp.idle.rssMiB),
      target: 'peak RSS < 1024 MiB',
      met: ok(fp.loaded.peakRssMiB < 1024),
    });
  const m = r.mail;
  if (m)
    rows.push({
      row: `5. Mail (${m.outbox.count} messages)`,
      figure: `outbox ${m.outbox.perSecond} msg/s (${pp(m.outbox.latencyMs)})`,
      ceiling: `raw nodemailer ${m.raw.perSecond} msg/s (${pp(m.raw.latencyMs)})`,
      ratio: x(m.outbox.perSecond / m.raw.perSecond),
      target: '',
      met: '',
    });
  return rows;
}

const COLS: [keyof Row, string][] = [
  ['row', 'row'],
  ['figure', 'figure'],
  ['ceiling', 'ceiling (same run)'],
  ['ratio', 'ratio'],
  ['target', 'target'],
  ['met', ''],
];

/** The table for the terminal. */
export function renderTable(r: BenchResults): string {
  const rows = tableRows(r);
  const width = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const w = COLS.map(([k, h]) => Math.max(width(h), ...rows.map((row) => width(row[k]))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(w[i] - width(c))).join('  ');
  return [
    `Banli benchmark (${r.mode}), ${r.startedAt}, ${r.seconds} s — ${r.machine.cpu} ×${r.machine.cores}, load ${r.machine.loadavg} → ${r.machine.loadavgEnd}`,
    line(COLS.map(([, h]) => h)),
    line(w.map((n) => '-'.repeat(n))),
    ...rows.map((row) => line(COLS.map(([k]) => row[k]))),
  ].join('\n');
}

/** The run's section of BENCHMARKS.md (between its markers). */
export function renderMarkdown(r: BenchResults, jsonFile: string): string {
  const rows = tableRows(r);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const m = r.machine;
  const out = [
    `### Latest ${r.mode} run${r.rows.length === 5 ? '' : ` of ${r.rows.join(', ')}`}: ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC (${r.seconds} s)`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; load average ${m.loadavg} at the start, ${m.loadavgEnd} at the end (shared machine).`,
    `Versions: Node ${m.node}, MariaDB ${m.mariadb}, ${m.temporalCli}, Temporal TS SDK ${m.temporalSdk}, TypeORM ${m.typeorm}, mysql2 ${m.mysql2}, nodemailer ${m.nodemailer}; commit ${m.commit}${m.dirty ? ' with uncommitted changes' : ''}.`,
    `Rows measured: ${r.rows.join(', ')}. MariaDB: ${Object.entries(r.stack.mariadb as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}. Raw numbers: [\`${path.relative(ROOT, jsonFile)}\`](${path.relative(ROOT, jsonFile)}).`,
    '',
    `| ${COLS.map(([, h]) => h || 'met').join(' | ')} |`,
    `| ${COLS.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${COLS.map(([k]) => esc(row[k])).join(' | ')} |`),
    '',
    ...details(r),
  ];
  return out.join('\n');
}

function details(r: BenchResults): string[] {
  const out: string[] = [];
  if (r.intake)
    out.push(
      `- Intake: ${r.sizes.concurrency} requests in flight; the bulk upload registered ${r.intake.bulk.count} cases in ${r.intake.bulk.importSeconds} s, then each was filed and assigned.`,
    );
  if (r.timer)
    out.push(
      `- Timer: on the dev server in real time; ${r.timer.cases} cases entered as assigned an hour before their common due instant ${r.timer.dueAt} (drill rule: sign-for in 60 minutes) in ${r.timer.setupSeconds} s of the ${r.timer.leadSeconds} s before it${r.timer.late ? `; ${r.timer.late} entered after it` : ''}.`,
    );
  if (r.footprint) {
    const c = r.footprint.cache;
    out.push(
      `- Footprint: workflow cache ${c.source}: maxCachedWorkflows ${c.maxCachedWorkflows} (heap limit ${c.heapSizeLimitMiB} MiB), maxConcurrentWorkflowTaskExecutions ${c.maxConcurrentWorkflowTaskExecutions}, reuseV8Context on.`,
    );
  }
  if (r.reports?.length && r.synthetic) {
    const top = r.reports[r.reports.length - 1];
    out.push(
      `- Reports: ${Object.entries(top.rows)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )} rows at the largest size (${Math.round(r.synthetic.insertSeconds)} s of multi-row INSERTs in all).`,
      '',
      'EXPLAIN at the largest size (table, access type, key, rows examined):',
      '',
      ...explainLines(top),
    );
    if (r.slowLog?.length)
      out.push(
        '',
        'Slow log (statements over 50 ms, by total time):',
        '',
        ...r.slowLog
          .slice(0, 8)
          .map(
            (e) =>
              `- ${e.count}× max ${e.maxMs} ms, total ${e.totalMs} ms: \`${e.sql.replace(/`/g, '').slice(0, 160)}…\``,
          ),
      );
  }
  return out;
}

function explainLines(level: ReportLevel): string[] {
  const lines: string[] = [];
  for (const e of level.explain) {
    const plan = e.plan
      .map((p: any) =>
        p.error
          ? `error: ${p.error}`
          : `${p.table} ${p.type}${p.key ? ` ${p.key}` : ''} ~${p.rows}${p.Extra ? ` (${p.Extra})` : ''}`,
      )
      .join('; ');
    const what = e.sql.replace(/\s+/g, ' ').slice(0, 90);
    lines.push(`- ${e.report}: \`${what.replace(/`/g, '')}…\` → ${plan}`);
  }
  return lines;
}

/** Writes bench/results/<time>-<mode>.json and replaces the run's section of BENCHMARKS.md. */
export function writeResults(r: BenchResults): string[] {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${r.startedAt.replace(/[:.]/g, '-').slice(0, 19)}-${r.mode}.json`);
  fs.writeFileSync(json, JSON.stringify(r, null, 2) + '\n');
  const md = path.join(ROOT, 'BENCHMARKS.md');
  // a run of some rows only (--rows=) has a section of its own beside the full and quick runs
  const key = r.rows.length === 5 ? r.mode : `${r.mode}:${r.rows.join('+')}`;
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  const section = `${start}\n${renderMarkdown(r, json)}\n${end}`;
  let text = fs.existsSync(md) ? fs.readFileSync(md, 'utf8') : '# Benchmarks\n';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text =
    a >= 0 && b > a
      ? text.slice(0, a) + section + text.slice(b + end.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(md, text);
  return [json, md];
}
