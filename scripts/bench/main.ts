/**
 * `npm run bench` (and `npm run bench -- --quick`): Banli's speed, each figure beside a ceiling
 * measured in the same run on the same machine. Installs what is missing (scripts/bootstrap.sh),
 * starts its own stack under .data/bench-<pid> on free ports, runs the five rows, prints the
 * table, writes bench/results/<time>-<quick|full>.json and the run's section of BENCHMARKS.md,
 * and stops everything it started, also on failure or Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stopAll } from '../stack/proc';
import { ROOT } from '../stack/temporal';
import { Api, setupActors } from './api';
import { cacheSettings, readWorkerMemory, WorkerMemory } from './footprint';
import {
  bundleBenchWorkflows,
  emptyWorkflowCeiling,
  intakeImport,
  intakeOneByOne,
  registerOnly,
} from './intake';
import { mailThroughput } from './mail';
import { BenchResults, machineInfo, renderTable, writeResults } from './output';
import { measureReports } from './reports';
import { BenchStack, startBenchStack } from './stack';
import { sleep } from './stats';
import { createSyntheticUnits, growSynthetic } from './synthetic';
import { timerLag } from './timer';

export interface Sizes {
  intake: number;
  concurrency: number;
  reportLevels: number[];
  reportReps: number;
  timerCases: number;
  timerLeadSeconds: number;
  openCases: number;
  mail: number;
  mailConcurrency: number;
}

export const SIZES: Record<'quick' | 'full', Sizes> = {
  quick: {
    intake: 300,
    concurrency: 16,
    reportLevels: [10_000, 100_000],
    reportReps: 15,
    timerCases: 200,
    timerLeadSeconds: 60,
    openCases: 2_000,
    mail: 300,
    mailConcurrency: 8,
  },
  full: {
    intake: 2_000,
    concurrency: 16,
    reportLevels: [10_000, 100_000, 1_000_000],
    reportReps: 30,
    timerCases: 1_000,
    timerLeadSeconds: 600,
    openCases: 10_000,
    mail: 2_000,
    mailConcurrency: 8,
  },
};

const started = Date.now();
const log = (s: string) => console.log(`[bench +${Math.round((Date.now() - started) / 1000)}s] ${s}`);

function bootstrap() {
  const boot = spawnSync('bash', [path.join(ROOT, 'scripts', 'bootstrap.sh')], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  if (boot.status !== 0) throw new Error(`scripts/bootstrap.sh failed (${boot.status})`);
}

export const ROWS = ['intake', 'reports', 'timer', 'footprint', 'mail'] as const;
export type RowName = (typeof ROWS)[number];

async function run(mode: 'quick' | 'full', rows: Set<RowName>, work: string): Promise<BenchResults> {
  const sizes = SIZES[mode];
  const machineBefore = machineInfo();
  log(
    `${mode} run (${[...rows].join(', ')}); machine: ${machineBefore.cpu} ×${machineBefore.cores}, load ${machineBefore.loadavg}`,
  );
  const [stack, benchBundle] = await Promise.all([startBenchStack(work, log), bundleBenchWorkflows()]);
  const idle = await settledMemory(stack);
  log(`worker idle: RSS ${idle.rssMiB} MiB, heap ${idle.heapUsedMiB} MiB`);
  const actors = await setupActors(new Api(stack.apiUrl), stack.admin, 50);
  const session = 100 + Math.floor(Math.random() * 100_000);
  const results: BenchResults = {
    mode,
    rows: [...rows],
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    machine: { ...machineBefore, loadavgEnd: '' },
    stack: {
      mariadb: stack.dbSettings,
      apiLogLevel: stack.env.LOG_LEVEL ?? 'info',
      temporal: 'temporal server start-dev (in memory), .tools/venv',
    },
    sizes,
  };

  if (rows.has('intake')) {
    log(`intake ceiling: ${sizes.intake} empty workflows, ${sizes.concurrency} in flight`);
    const ceiling = await emptyWorkflowCeiling(
      stack.temporalAddress,
      benchBundle,
      sizes.intake,
      sizes.concurrency,
    );
    log(`  ${ceiling.perSecond}/s`);
    log(`intake one by one: ${sizes.intake} cases`);
    const single = await intakeOneByOne({
      ds: stack.ds,
      actors,
      session,
      count: sizes.intake,
      concurrency: sizes.concurrency,
    });
    log(`  ${single.perSecond} cases/s, p95 ${single.latencyMs.p95} ms`);
    log(`intake by import: ${sizes.intake} cases`);
    const bulk = await intakeImport({
      ds: stack.ds,
      actors,
      session: session + 1,
      count: sizes.intake,
      concurrency: sizes.concurrency,
    });
    log(`  ${bulk.perSecond} cases/s (import ${bulk.importSeconds} s), p95 ${bulk.latencyMs.p95} ms`);
    results.intake = { ceiling, single, bulk };
  }

  if (rows.has('mail')) {
    log(`mail: ${sizes.mail} messages through the outbox and raw`);
    results.mail = await mailThroughput(stack.ds, stack.env, sizes.mail, sizes.mailConcurrency);
    log(`  outbox ${results.mail.outbox.perSecond}/s, raw ${results.mail.raw.perSecond}/s`);
  }

  if (rows.has('timer')) {
    log(`timer lag: ${sizes.timerCases} cases due at one instant, on the dev server in real time`);
    const timer = await timerLag({
      ds: stack.ds,
      temporalAddress: stack.temporalAddress,
      benchBundle,
      actors,
      cases: sizes.timerCases,
      leadSeconds: sizes.timerLeadSeconds,
      concurrency: sizes.concurrency,
      log,
    });
    log(
      `  p50 ${timer.lagMs.p50} ms, p99 ${timer.lagMs.p99} ms (${timer.escalated}/${timer.cases} escalated); bare timers p99 ${timer.ceiling.lagMs.p99} ms`,
    );
    results.timer = timer;
  }

  if (rows.has('footprint')) {
    const openCases = async () =>
      Number(
        (
          await stack.ds.query(
            "SELECT COUNT(*) AS n FROM proposal WHERE term = 14 AND stage NOT IN ('CLOSED', 'NOT_FILED', 'MERGED', 'WITHDRAWN')",
          )
        )[0].n,
      );
    const open = await openCases();
    const extra = Math.max(0, sizes.openCases - open);
    log(`footprint: ${open} open cases; registering ${extra} more (POST /proposals, 32 in flight)`);
    const more = await registerOnly({ actors, session: session + 2, count: extra, concurrency: 32 });
    log(
      `  registered in ${more.seconds} s${more.errors.length ? `; errors: ${more.errors.join('; ')}` : ''}`,
    );
    const openNow = await openCases();
    const loaded = await settledMemory(stack);
    log(
      `  ${openNow} open cases: RSS ${loaded.rssMiB} MiB (peak ${loaded.peakRssMiB}), heap ${loaded.heapUsedMiB} MiB`,
    );
    results.footprint = {
      openCases: openNow,
      idle,
      loaded,
      cache: cacheSettings(loaded.heapSizeLimitMiB, stack.env),
    };
  }

  if (rows.has('reports')) {
    const levels = [];
    const syn = await createSyntheticUnits(stack.ds);
    const nowMs = Date.now();
    for (const level of sizes.reportLevels) {
      log(`reports: writing synthetic history up to ${level} assignments`);
      await growSynthetic(stack.ds, syn, level, nowMs);
      log(
        `  ${syn.assignments} assignments, ${syn.deadlines} deadlines (${Math.round(syn.insertSeconds)} s of inserts)`,
      );
      const r = await measureReports(stack.ds, actors.office, syn.assignments, sizes.reportReps);
      for (const f of r.reports)
        log(`  ${f.name}: ${f.failed ?? `p95 ${f.latencyMs.p95} ms`}, bare ${f.bare.latencyMs.p95} ms`);
      levels.push(r);
    }
    results.reports = levels;
    results.synthetic = syn;
    results.slowLog = slowLogSummary(stack.slowLog);
  }

  results.seconds = Math.round((Date.now() - started) / 1000);
  results.machine.loadavgEnd = machineInfo().loadavg;
  return results;
}

/** The slowest statements of MariaDB's slow log (over 50 ms), by total time. */
function slowLogSummary(file: string): { sql: string; count: number; maxMs: number; totalMs: number }[] {
  if (!fs.existsSync(file)) return [];
  const byShape = new Map<string, { sql: string; count: number; maxMs: number; totalMs: number }>();
  for (const entry of fs.readFileSync(file, 'utf8').split(/^# Time: /m)) {
    const t = /# Query_time: ([\d.]+)/.exec(entry);
    if (!t) continue;
    const sql = entry
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !/^(SET timestamp|use )/i.test(l))
      .join(' ')
      .trim();
    if (!/^SELECT/i.test(sql)) continue;
    const shape = sql
      .replace(/'[^']*'/g, '?')
      .replace(/\b\d+\b/g, 'N')
      .slice(0, 400);
    const ms = Number(t[1]) * 1000;
    const e = byShape.get(shape) ?? { sql: shape, count: 0, maxMs: 0, totalMs: 0 };
    e.count++;
    e.maxMs = Math.max(e.maxMs, Math.round(ms));
    e.totalMs += Math.round(ms);
    byShape.set(shape, e);
  }
  return [...byShape.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, 15);
}

/** The worker's memory once the probe has written a fresh sample. */
async function settledMemory(stack: BenchStack): Promise<WorkerMemory> {
  for (let i = 0; i < 50 && !fs.existsSync(stack.memoryFile); i++) await sleep(200);
  await sleep(2500);
  return readWorkerMemory(stack.memoryFile);
}

async function main() {
  const mode = process.argv.includes('--quick') ? 'quick' : 'full';
  const only = process.argv.find((a) => a.startsWith('--rows='));
  const rows = new Set<RowName>(
    only ? (only.slice('--rows='.length).split(',') as RowName[]).filter((r) => ROWS.includes(r)) : ROWS,
  );
  const keep = process.argv.includes('--keep');
  bootstrap();
  const work = path.join(ROOT, '.data', `bench-${process.pid}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  let stopping = false;
  /** Stops every process the run started; keeps the logs (not the data) of a failed run. */
  const cleanup = async (failed = false) => {
    if (stopping) return;
    stopping = true;
    log('stopping the stack');
    await stopAll();
    if (keep) return;
    if (failed) {
      fs.rmSync(path.join(work, 'mariadb'), { recursive: true, force: true });
      console.error(`[bench] logs kept in ${path.relative(ROOT, work)}`);
    } else fs.rmSync(work, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      void cleanup(true).then(() => process.exit(130));
    });
  let code = 0;
  try {
    const results = await run(mode, rows, work);
    console.log(`\n${renderTable(results)}`);
    const files = writeResults(results);
    log(`wrote ${files.map((f) => path.relative(ROOT, f)).join(', ')}`);
  } catch (e) {
    console.error(`[bench] failed: ${(e as Error).stack ?? e}`);
    code = 1;
  } finally {
    await cleanup(code !== 0);
  }
  process.exit(code);
}

void main();
