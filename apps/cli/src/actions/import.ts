import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImportModule } from '../../../api/src/import/import.module';
import { ImportService } from '../../../api/src/import/import.service';
import { CliFailure, CommandContext, intOption, Io, strOption, UsageError } from '../cli';
import { operator } from '../nest';
import { withApp } from './common';

/** What the CLI reads of an import job (ImportService's view of it). */
interface ImportJobView {
  id: string;
  status: string;
  total: number;
  done: number;
  registered: number;
  unchanged: number;
  failed: number;
  hint?: string;
  /** The check's report, when the list was refused for its errors. */
  report?: ImportReportView;
  rows?: { row: number; number: string; status: string; message: string | null }[];
}

/** What the CLI reads of an import report (a dry run, or the refusal of a commit). */
interface ImportReportView {
  ok: boolean;
  counts: Record<string, number>;
  issues: { severity: string; row: number | null; cell: string | null; message: string }[];
}

function printReport(io: Io, report: ImportReportView) {
  const c = report.counts;
  io.out(
    `共 ${c.rows} 行：新 ${c.new}，未改动 ${c.unchanged}，有误 ${c.invalid}；错误 ${c.errors}，警告 ${c.warnings} ` +
      `(rows ${c.rows}: new ${c.new}, unchanged ${c.unchanged}, invalid ${c.invalid}; errors ${c.errors}, warnings ${c.warnings})`,
  );
  const issues = report.issues.filter((i) => i.severity !== 'info');
  for (const i of issues.slice(0, 50))
    io.out(
      `  ${i.severity === 'error' ? '错误 error' : '警告 warning'} ${i.cell ?? (i.row ? `行 ${i.row}` : '')}: ${i.message}`,
    );
  if (issues.length > 50) io.out(`  …另有 ${issues.length - 50} 条 (${issues.length - 50} more)`);
}

/**
 * `import run`: a session list imported by ImportService — its dry run, or its commit (the job the
 * web workspace's 批量导入 starts) followed until it ends. Kept thin on purpose: where the job
 * runs (the import workflow in the worker) is the import service's business.
 */
export async function importRun(ctx: CommandContext): Promise<number> {
  const file = strOption(ctx, 'file')!;
  const channel = strOption(ctx, 'channel')!;
  if (channel !== 'npc' && channel !== 'cppcc')
    throw new UsageError(`--channel 须为 npc 或 cppcc，而不是 "${channel}" (--channel must be npc or cppcc)`);
  const session = {
    jurisdiction: strOption(ctx, 'jurisdiction')!,
    channel: channel as 'npc' | 'cppcc',
    term: intOption(ctx, 'term', 1, 1000)!,
    session: intOption(ctx, 'session', 1, 1000)!,
    duringSession: !ctx.options['after-session'],
  };
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (e) {
    throw new CliFailure(`无法读取 ${file} (cannot read the file): ${(e as Error).message}`);
  }
  const upload = { originalname: path.basename(file), buffer, size: buffer.length };
  return withApp(ctx, [ImportModule], async (app) => {
    const imports = app.get(ImportService);
    const by = operator(ctx.io.env);
    if (ctx.options['dry-run']) {
      const report = (await imports.dryRun(upload, session, by)) as unknown as ImportReportView;
      printReport(ctx.io, report);
      return report.ok ? 0 : 1;
    }
    let job: ImportJobView;
    try {
      job = (await imports.commit(upload, session, by)) as unknown as ImportJobView;
    } catch (e) {
      const report = (e as { extra?: { report?: ImportReportView } }).extra?.report;
      if (report) printReport(ctx.io, report);
      throw e;
    }
    ctx.io.out(`导入任务 ${job.id}：共 ${job.total} 行 (import job ${job.id}: ${job.total} rows)`);
    let shown = -1;
    while (job.status === 'running') {
      if (job.done !== shown) ctx.io.out(`  ${job.done}/${job.total}`);
      shown = job.done;
      await new Promise((r) => setTimeout(r, 1000));
      job = (await imports.job(job.id)) as unknown as ImportJobView;
    }
    if (job.report) printReport(ctx.io, job.report);
    for (const r of job.rows ?? [])
      if (r.status === 'failed' || r.status === 'invalid')
        ctx.io.out(`  ✗ 行 (row) ${r.row} ${r.number}: ${r.message ?? r.status}`);
    ctx.io.out(
      `导入${job.status === 'completed' ? '完成' : `结束（${job.status}）`}：登记 ${job.registered}，未改动 ${job.unchanged}，失败 ${job.failed} ` +
        `(import ${job.status}: registered ${job.registered}, unchanged ${job.unchanged}, failed ${job.failed})`,
    );
    if (job.hint) ctx.io.out(job.hint);
    return job.status === 'completed' && !job.failed ? 0 : 1;
  });
}
