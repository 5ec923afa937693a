/**
 * Import jobs in the database: the uploaded file in parts, and what the import workflow's
 * activities do with a job — check the file into its rows, register pending rows a batch at a
 * time, and end it. Every step can be repeated (a retried activity): the check starts the rows
 * over, a row is only taken while pending, and a case registered by an earlier attempt is
 * recognised by its case id, derived from the job and the row.
 */
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  ImportFileEntity,
  ImportJobEntity,
  ImportJobProblem,
  ImportJobRowEntity,
  ImportRowStatus,
  ProposalEntity,
  ProposalSuggestedUnitEntity,
  UnitEntity,
} from '../entities';
import { DuplicateProposal, ProposalRegistrar, RegistrationRefused } from '../proposal-registrar';
import { checkUpload, reportRow } from './check';
import type { ImportRefusal } from './refusals';
import { refusals } from './refusals';
import type { CheckedRow, ExistingCase, RowRegistration, SessionContext } from './validate';

/** Bytes per stored part of an upload. */
export const FILE_PART_BYTES = 1024 * 1024;
/** Rows registered at the same time within a batch. */
const CONCURRENCY = 4;
/** How long a batch waits for the workflows it started to write their case rows. */
const CASE_ROW_WAIT_MS = 30_000;
/** Rows, or characters of JSON, per insert while the check stores rows. */
const INSERT_ROWS = 200;
const INSERT_CHARS = 1_500_000;

export const UNCHANGED_MESSAGE = '已登记，未改动 (already registered, unchanged)';
const SKIPPED_MESSAGE = '文件有错误，未导入 (the file has errors: nothing was imported)';
const STILL_WRITING_MESSAGE =
  '已启动办理流程，案件记录仍在写入 (workflow started; record still being written)';

/** What registers a row: the POST /proposals body and the units the file suggests. */
export interface RowPlan {
  registration: RowRegistration;
  leadUnits: string[];
  coUnits: string[];
}

/** The job is gone (a dry run already read and deleted) or its file is: nothing to do. */
export class ImportJobGone extends Error {}

/** Stores an upload in parts, within the caller's transaction. */
export async function saveImportFile(m: EntityManager, jobId: string, buf: Buffer): Promise<void> {
  const repo = m.getRepository(ImportFileEntity);
  for (let i = 0, part = 0; i < buf.length || part === 0; i += FILE_PART_BYTES, part++) {
    await repo.insert({ jobId, part, data: buf.subarray(i, i + FILE_PART_BYTES) });
  }
}

/** The stored upload of a job, or null when it is gone. */
export async function loadImportFile(ds: DataSource, jobId: string): Promise<Buffer | null> {
  const parts = await ds.getRepository(ImportFileEntity).find({ where: { jobId }, order: { part: 'ASC' } });
  return parts.length ? Buffer.concat(parts.map((p) => p.data)) : null;
}

/** Cases of the session already registered under any of `numbers`, with their proposers in order. */
export async function existingCases(
  ds: DataSource,
  session: Pick<SessionContext, 'jurisdiction' | 'channel' | 'term' | 'session'>,
  numbers: string[],
): Promise<Map<string, ExistingCase>> {
  const map = new Map<string, ExistingCase>();
  for (let i = 0; i < numbers.length; i += 500) {
    const found = await ds.getRepository(ProposalEntity).find({
      where: {
        jurisdiction: session.jurisdiction,
        channel: session.channel,
        term: session.term,
        session: session.session,
        number: In(numbers.slice(i, i + 500)),
      },
      select: {
        id: true,
        number: true,
        title: true,
        content: true,
        category: true,
        proposers: { proposalId: true, partyId: true, position: true, party: { id: true, name: true } },
      },
      relations: { proposers: { party: true } },
    });
    for (const p of found) {
      map.set(p.number, {
        id: p.id,
        number: p.number,
        title: p.title,
        content: p.content,
        category: p.category,
        proposers: [...p.proposers].sort((a, b) => a.position - b.position).map((pp) => pp.party.name),
      });
    }
  }
  return map;
}

/** The case id a row of a job registers under: the same on every attempt. */
export function importedCaseId(jobId: string, row: number): string {
  const h = createHash('sha256').update(`import\u0000${jobId}\u0000${row}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What the check made of a job. */
export interface CheckOutcome {
  /** register: rows wait to be registered; done: the job has ended (refused, or a dry run). */
  next: 'register' | 'done';
  status: 'running' | 'completed' | 'refused';
  /** Rows waiting to be registered. */
  pending: number;
  /** Why it was refused. */
  code?: string;
}

/** A batch of registrations done. */
export interface BatchOutcome {
  /** The last row taken, or null when none was pending after `afterRow`. */
  lastRow: number | null;
  registered: number;
  unchanged: number;
  failed: number;
}

export interface RunnerHooks {
  /** A sign of life (an activity heartbeat), with where the work is. */
  heartbeat(details?: unknown): void;
  /** Aborted when the work should stop (the activity is cancelled, the worker shuts down). */
  signal?: AbortSignal;
}

/** The work stopped on request; what was recorded stays, the rest is done by the next attempt. */
export class ImportWorkStopped extends Error {}

/**
 * A last attempt at a batch in which no row could be registered, every one failing other than by
 * a refusal: not something about the rows (Temporal or the database keeps failing). Retrying the
 * next batches would only fail slowly the same way: the import stops (interrupted).
 */
export class ImportBatchFailed extends Error {}

function stopIfAborted(hooks: RunnerHooks) {
  if (hooks.signal?.aborted) throw new ImportWorkStopped('stopped: the activity was cancelled');
}

/**
 * The work of an import job, step by step, for the import workflow's activities: no Temporal
 * here, the registrar starts case workflows through whatever it was given.
 */
export class ImportJobRunner {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      registrar: ProposalRegistrar;
      log?: { warn(message: string): void };
    },
  ) {}

  private get ds() {
    return this.deps.dataSource;
  }

  /**
   * Checks the job's file into its rows. A file refused whole, or with errors, ends the job
   * refused (nothing registered); a dry run ends completed with its report; otherwise the job
   * moves on to registering. The file is deleted once checked: the rows hold what registers them.
   */
  async check(jobId: string, hooks: RunnerHooks): Promise<CheckOutcome> {
    const jobs = this.ds.getRepository(ImportJobEntity);
    const job = await jobs.findOneBy({ id: jobId });
    if (!job) throw new ImportJobGone(`import job ${jobId} is gone`);
    if (job.status !== 'running')
      return { next: 'done', status: job.status === 'completed' ? 'completed' : 'refused', pending: 0 };
    if (job.phase === 'registering') {
      const pending = await this.ds.getRepository(ImportJobRowEntity).countBy({ jobId, status: 'pending' });
      return { next: 'register', status: 'running', pending };
    }
    await jobs.update({ id: jobId }, { phase: 'checking', heartbeatAt: new Date() });
    const file = await loadImportFile(this.ds, jobId);
    if (!file) throw new ImportJobGone(`the file of import job ${jobId} is gone`);
    // a retried check starts its rows over
    await this.ds.getRepository(ImportJobRowEntity).delete({ jobId });

    const session: SessionContext = {
      jurisdiction: job.jurisdiction,
      channel: job.channel as SessionContext['channel'],
      term: job.term,
      session: job.session,
      duringSession: job.duringSession,
    };
    let stored = 0;
    const result = await checkUpload({
      file,
      fileName: job.fileName,
      sha256: job.fileSha256,
      session,
      units: () => this.ds.getRepository(UnitEntity).find({ select: ['id', 'code', 'name', 'shortName'] }),
      existing: (numbers) => existingCases(this.ds, session, numbers),
      sink: async (rows) => {
        stopIfAborted(hooks);
        await this.storeRows(jobId, rows, job.dryRun);
        stored += rows.length;
        hooks.heartbeat({ checked: stored });
      },
      progress: (rows) => hooks.heartbeat({ read: rows }),
    });

    const now = new Date();
    const rowsRepo = this.ds.getRepository(ImportJobRowEntity);
    if ('refused' in result) {
      await rowsRepo.delete({ jobId });
      await this.end(jobId, 'refused', problemOf(result.refused));
      return { next: 'done', status: 'refused', pending: 0, code: result.refused.code };
    }
    const { summary } = result;
    const report = { ...summary, dryRun: job.dryRun };
    if (job.dryRun || !summary.ok) {
      const refused = !job.dryRun;
      if (refused) {
        await rowsRepo.update({ jobId, status: 'pending' }, { status: 'skipped', message: SKIPPED_MESSAGE });
        await rowsRepo.update({ jobId }, { plan: null });
      }
      await jobs.update(
        { id: jobId },
        { report, total: summary.counts.rows, fileKind: summary.file.kind, heartbeatAt: now },
      );
      const problem = refused
        ? problemOf(refusals.hasErrors(summary.counts.errors, summary.counts.invalid))
        : null;
      await this.end(jobId, refused ? 'refused' : 'completed', problem);
      return {
        next: 'done',
        status: refused ? 'refused' : 'completed',
        pending: 0,
        ...(refused ? { code: 'IMPORT_HAS_ERRORS' } : {}),
      };
    }
    await jobs.update(
      { id: jobId },
      {
        report,
        phase: 'registering',
        fileKind: summary.file.kind,
        total: summary.counts.new + summary.counts.unchanged,
        done: summary.counts.unchanged,
        unchanged: summary.counts.unchanged,
        heartbeatAt: now,
      },
    );
    await this.ds.getRepository(ImportFileEntity).delete({ jobId });
    return { next: 'register', status: 'running', pending: summary.counts.new };
  }

  /**
   * Registers up to `limit` pending rows after row `afterRow`, CONCURRENCY at a time, each through
   * the registrar (the POST /proposals path), recording each row's outcome and the job's counts
   * as it goes, then waits (bounded) for the new cases' rows. A row already registered (by anyone,
   * or by an earlier attempt of this batch: same case id) is not registered again. A failure other
   * than a refusal of the row is thrown (the activity is retried), unless `lastAttempt`: then the
   * row is recorded as failed and the import goes on — unless every row of the batch failed so
   * (ImportBatchFailed: the trouble is not the rows').
   */
  async registerBatch(
    jobId: string,
    afterRow: number,
    limit: number,
    hooks: RunnerHooks & { lastAttempt: boolean },
  ): Promise<BatchOutcome> {
    const out: BatchOutcome = { lastRow: null, registered: 0, unchanged: 0, failed: 0 };
    const job = await this.ds.getRepository(ImportJobEntity).findOneBy({ id: jobId });
    if (!job || job.status !== 'running') return out;
    const rows = await this.ds.getRepository(ImportJobRowEntity).find({
      where: { jobId, status: 'pending', rowNo: MoreThan(afterRow) },
      order: { rowNo: 'ASC' },
      take: limit,
    });
    if (!rows.length) return out;
    out.lastRow = rows[rows.length - 1].rowNo;

    const queue = [...rows];
    const started: { rowNo: number; caseId: string }[] = [];
    let failure: unknown = null;
    let lastError: string | null = null;
    let systemFailures = 0;
    const worker = async () => {
      for (let r = queue.shift(); r && !failure && !hooks.signal?.aborted; r = queue.shift()) {
        try {
          const result = await this.registerRow(jobId, r, hooks.lastAttempt);
          if (result.error) {
            lastError = result.error;
            systemFailures++;
          }
          if (await this.record(jobId, r.rowNo, result)) out[result.status]++;
          if (result.status === 'registered' && result.caseId)
            started.push({ rowNo: r.rowNo, caseId: result.caseId });
          hooks.heartbeat({ row: r.rowNo });
        } catch (e) {
          failure ??= e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    if (failure) throw failure;
    stopIfAborted(hooks);
    if (lastError && systemFailures === rows.length && rows.length > 1)
      throw new ImportBatchFailed(lastError);

    const missing = await this.waitForCases(started, hooks);
    for (const m of missing) {
      await this.ds
        .getRepository(ImportJobRowEntity)
        .update({ jobId, rowNo: m.rowNo }, { message: STILL_WRITING_MESSAGE });
    }
    return out;
  }

  /** Ends a job: completed, or interrupted with the reason; its file and row plans are no longer needed. */
  async finish(jobId: string, outcome: { status: 'completed' } | { status: 'interrupted'; reason: string }) {
    if (outcome.status === 'completed') {
      // cases started by an attempt that failed afterwards were not waited for by their batch
      const unwritten: { rowNo: number; caseId: string }[] = (
        await this.ds.query(
          `SELECT r.row_no AS rowNo, r.case_id AS caseId FROM import_job_row r
           LEFT JOIN proposal p ON p.id = r.case_id
           WHERE r.job_id = ? AND r.status = 'registered' AND r.case_id IS NOT NULL AND p.id IS NULL`,
          [jobId],
        )
      ).map((r: { rowNo: number; caseId: string }) => ({ rowNo: Number(r.rowNo), caseId: r.caseId }));
      for (const m of await this.waitForCases(unwritten, { heartbeat: () => undefined })) {
        await this.ds
          .getRepository(ImportJobRowEntity)
          .update({ jobId, rowNo: m.rowNo }, { message: STILL_WRITING_MESSAGE });
      }
    }
    const problem =
      outcome.status === 'interrupted'
        ? {
            code: 'IMPORT_INTERRUPTED',
            message: `导入中断：${outcome.reason.slice(0, 1000)}；重新上传同一文件即可继续，已登记的行不会重复登记 (interrupted: post the same file again to finish)`,
          }
        : null;
    await this.end(jobId, outcome.status, problem);
  }

  // -------------------------------------------------------------------------------------------

  private async end(
    jobId: string,
    status: 'completed' | 'refused' | 'interrupted',
    problem: ImportJobProblem | null,
  ) {
    const now = new Date();
    await this.ds
      .getRepository(ImportJobEntity)
      .update(
        { id: jobId, status: 'running' },
        { status, phase: 'done', problem, finishedAt: now, heartbeatAt: now },
      );
    await this.ds.getRepository(ImportJobRowEntity).update({ jobId }, { plan: null });
    await this.ds.getRepository(ImportFileEntity).delete({ jobId });
  }

  private async storeRows(jobId: string, rows: CheckedRow[], dryRun: boolean) {
    const repo = this.ds.getRepository(ImportJobRowEntity);
    let batch: QueryDeepPartialEntity<ImportJobRowEntity>[] = [];
    let chars = 0;
    const flush = async () => {
      if (batch.length) await repo.insert(batch);
      batch = [];
      chars = 0;
    };
    for (const c of rows) {
      const p = c.planned;
      const status: ImportRowStatus =
        p.status === 'new' ? 'pending' : p.status === 'unchanged' ? 'unchanged' : 'invalid';
      const checked = { ...reportRow(c), issues: c.issues };
      const plan: RowPlan | null =
        !dryRun && p.status === 'new' && p.registration
          ? {
              registration: p.registration,
              leadUnits: p.leadUnits.map((u) => u.id),
              coUnits: p.coUnits.map((u) => u.id),
            }
          : null;
      const firstError = c.issues.find((i) => i.severity === 'error');
      batch.push({
        jobId,
        rowNo: p.row,
        number: p.number.slice(0, 32),
        title: p.title.slice(0, 500),
        status,
        caseId: p.status === 'unchanged' ? p.existingId : null,
        message:
          status === 'unchanged' ? UNCHANGED_MESSAGE : firstError ? firstError.message.slice(0, 2000) : null,
        checked,
        plan,
      });
      chars += JSON.stringify(checked).length + (plan ? JSON.stringify(plan).length : 0);
      if (batch.length >= INSERT_ROWS || chars >= INSERT_CHARS) await flush();
    }
    await flush();
  }

  private async registerRow(jobId: string, r: ImportJobRowEntity, lastAttempt: boolean): Promise<RowOutcome> {
    const plan = r.plan as RowPlan | null;
    if (!plan) return { status: 'failed', caseId: null, message: '缺少登记内容 (nothing to register)' };
    const ours = importedCaseId(jobId, r.rowNo);
    try {
      const started = await this.deps.registrar.start(plan.registration, { caseId: ours });
      await this.suggest(started.id, plan, jobId);
      return { status: 'registered', caseId: started.id, message: null };
    } catch (e) {
      if (e instanceof DuplicateProposal) {
        if (e.existingId === ours) {
          // registered by an earlier attempt of this batch
          await this.suggest(ours, plan, jobId);
          return { status: 'registered', caseId: ours, message: null };
        }
        // registered meanwhile, or by an earlier import of this file that was cut short
        const caseId = e.existingId || null;
        if (caseId) await this.suggest(caseId, plan, jobId, true);
        return { status: 'unchanged', caseId, message: UNCHANGED_MESSAGE };
      }
      if (e instanceof RegistrationRefused)
        return { status: 'failed', caseId: null, message: `${e.code}: ${e.message}` };
      if (!lastAttempt) throw e;
      const error = (e as Error).message;
      this.deps.log?.warn(`import job ${jobId} row ${r.rowNo}: ${error}`);
      return { status: 'failed', caseId: null, message: `登记失败 (registration failed): ${error}`, error };
    }
  }

  /** Records a row's outcome and counts it, once: false when the row was no longer pending. */
  private async record(jobId: string, rowNo: number, r: RowOutcome): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const u = await m
        .getRepository(ImportJobRowEntity)
        .update(
          { jobId, rowNo, status: 'pending' },
          { status: r.status, caseId: r.caseId, message: r.message?.slice(0, 2000) ?? null, plan: null },
        );
      if (!u.affected) return false;
      await m
        .createQueryBuilder()
        .update(ImportJobEntity)
        .set({ done: () => 'done + 1', [r.status]: () => `${r.status} + 1`, heartbeatAt: new Date() })
        .where('id = :jobId', { jobId })
        .execute();
      return true;
    });
  }

  /** Records the suggested units of a case; `onlyIfNone` leaves a case that already has some alone. */
  private async suggest(caseId: string, plan: RowPlan, jobId: string, onlyIfNone = false) {
    const repo = this.ds.getRepository(ProposalSuggestedUnitEntity);
    if (onlyIfNone && (await repo.count({ where: { proposalId: caseId } }))) return;
    const source = `import:${jobId}`;
    const values = [
      ...plan.leadUnits.map((unitId, position) => ({
        proposalId: caseId,
        unitId,
        role: 'lead' as const,
        position,
        source,
      })),
      ...plan.coUnits.map((unitId, position) => ({
        proposalId: caseId,
        unitId,
        role: 'co' as const,
        position,
        source,
      })),
    ];
    if (values.length) await repo.createQueryBuilder().insert().values(values).orIgnore().execute();
  }

  /** Waits up to CASE_ROW_WAIT_MS for the cases' rows; returns those still missing. */
  private async waitForCases(started: { rowNo: number; caseId: string }[], hooks: RunnerHooks) {
    let missing = started;
    const until = Date.now() + CASE_ROW_WAIT_MS;
    while (missing.length && !hooks.signal?.aborted) {
      const found = new Set(
        (
          await this.ds
            .getRepository(ProposalEntity)
            .find({ where: { id: In(missing.map((s) => s.caseId)) }, select: ['id'] })
        ).map((p) => p.id),
      );
      missing = missing.filter((s) => !found.has(s.caseId));
      if (!missing.length || Date.now() > until) break;
      hooks.heartbeat({ waitingForCases: missing.length });
      await new Promise((res) => setTimeout(res, 200));
    }
    return missing;
  }
}

/** What became of a row; `error` when it failed other than by a refusal (on the last attempt). */
interface RowOutcome {
  status: 'registered' | 'unchanged' | 'failed';
  caseId: string | null;
  message: string | null;
  error?: string;
}

function problemOf(r: ImportRefusal): ImportJobProblem {
  return { code: r.code, message: r.message, status: r.status, ...(r.extra ? { extra: r.extra } : {}) };
}
