import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import {
  ImportJobEntity,
  ImportJobProblem,
  ImportJobRowEntity,
  JurisdictionStore,
  ProposalSuggestedUnitEntity,
} from '@banli/persistence';
import {
  IMPORT_LIMITS,
  ImportRefusal,
  probeCsv,
  probeXlsx,
  refusals,
  saveImportFile,
  SpreadsheetError,
  UnsupportedFileError,
  uploadKind,
  type CheckSummary,
  type ImportIssue,
  type ReportRow,
  type SessionContext,
  type UploadKind,
} from '@banli/persistence/import';
import type { Principal } from '../auth/principal';
import { BanliProblem, notFound } from '../common/problem';
import { registrationTarget } from '../jurisdictions/registration';
import { ImportWorkflowGateway } from './import-workflow.gateway';

export { IMPORT_LIMITS };

/** How long a dry run waits for the worker to check the file (10 MB take seconds). */
export const DRY_RUN_WAIT_MS = 120_000;
/** A dry run's job left behind (its request ended early) is deleted after this long. */
const DRY_RUN_KEEP_MS = 3600_000;
/** A running job that has written no progress for this long is compared with its workflow when read. */
const QUIET_MS = 60_000;

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/** What the upload request learnt from its cheap look at a file. */
interface Accepted {
  buffer: Buffer;
  fileName: string;
  kind: UploadKind;
  sha256: string;
}

type CheckedRowJson = ReportRow & { issues: ImportIssue[] };
type StoredReport = CheckSummary & { dryRun: boolean };

const INTERRUPTED_HINT =
  '导入中断：重新上传同一文件即可继续，已登记的行不会重复登记 (re-post the same file to finish; registered rows stay unchanged)';

/**
 * Bulk import of a session list (.xlsx or .csv), run by an import workflow in the worker. The
 * upload request only takes a cheap look (size, kind, the header among the first rows, read from
 * the first bytes), stores the file with a job and starts the job's workflow, which checks every
 * row and then registers the good ones through the POST /proposals path (ProposalRegistrar). A
 * commit answers at once (202 with the job); a dry run waits for the check and answers the report.
 * Progress lives in import_job / import_job_row, so it survives restarts of the API and worker.
 */
@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly workflows: ImportWorkflowGateway,
  ) {}

  /** Checks a list and reports on every row; registers nothing (the check runs in the worker). */
  async dryRun(file: UploadedFile | undefined, session: SessionContext, user: Principal) {
    const accepted = await this.accept(file, session);
    await this.workflows.requireWorker();
    await this.ds
      .getRepository(ImportJobEntity)
      .delete({ dryRun: true, createdAt: LessThan(new Date(Date.now() - DRY_RUN_KEEP_MS)) });
    const id = await this.createJob(accepted, session, user, true);
    try {
      await this.workflows.ended(id, DRY_RUN_WAIT_MS);
      const job = await this.ds.getRepository(ImportJobEntity).findOneBy({ id });
      if (!job || job.status === 'running') {
        throw new BanliProblem(
          HttpStatus.GATEWAY_TIMEOUT,
          'IMPORT_CHECK_TIMEOUT',
          '检查文件超时，请稍后重试 (checking the file took too long; try again later)',
        );
      }
      if (job.status === 'refused' && job.problem) throw problemOf(job.problem);
      if (job.status !== 'completed' || !job.report) {
        throw new BanliProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          'IMPORT_CHECK_FAILED',
          `检查文件未能完成，请稍后重试 (the check did not finish): ${job.problem?.message ?? job.status}`,
        );
      }
      return await this.report(job);
    } finally {
      await this.ds.getRepository(ImportJobEntity).delete({ id });
    }
  }

  /**
   * Stores the list with a job and starts its workflow; answers the job as first stored
   * (running, total 0 until checked). The same file of the same session is not imported twice at
   * once (409 IMPORT_IN_PROGRESS). A list with errors ends the job refused (IMPORT_HAS_ERRORS,
   * with the report on the job); nothing of it is registered.
   */
  async commit(file: UploadedFile | undefined, session: SessionContext, user: Principal) {
    const accepted = await this.accept(file, session);
    await this.refuseIfRunning(accepted.sha256, session);
    const id = await this.createJob(accepted, session, user, false);
    return this.view(await this.ds.getRepository(ImportJobEntity).findOneByOrFail({ id }));
  }

  /** A job with its per-row results (and, refused for errors, the check's report). */
  async job(id: string) {
    let job = await this.ds.getRepository(ImportJobEntity).findOneBy({ id, dryRun: false });
    if (!job) throw notFound('导入任务 (import job)', id);
    job = await this.reconcile(job);
    const rows = await this.ds.getRepository(ImportJobRowEntity).find({
      where: { jobId: id },
      order: { rowNo: 'ASC' },
      select: ['rowNo', 'number', 'title', 'status', 'caseId', 'message'],
    });
    return {
      ...this.view(job),
      ...(job.status === 'refused' && job.report ? { report: await this.report(job) } : {}),
      rows: rows.map((r) => ({
        row: r.rowNo,
        number: r.number,
        title: r.title,
        status: r.status,
        caseId: r.caseId,
        message: r.message,
      })),
    };
  }

  /** The latest jobs, newest first, without their rows. */
  async jobs(limit = 50) {
    const jobs = await this.ds.getRepository(ImportJobEntity).find({
      where: { dryRun: false },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return jobs.map((j) => this.view(j));
  }

  /** Units suggested for a case at import (建议主办/会办单位), in file order. */
  async suggestedUnits(caseId: string) {
    const rows = await this.ds.getRepository(ProposalSuggestedUnitEntity).find({
      where: { proposalId: caseId },
      relations: { unit: true },
      order: { role: 'DESC', position: 'ASC' },
    });
    return rows.map((r) => ({
      unitId: r.unitId,
      code: r.unit?.code ?? '',
      name: r.unit?.name ?? '',
      role: r.role,
      position: r.position,
      source: r.source,
    }));
  }

  // -------------------------------------------------------------------------------------------

  /**
   * The cheap look before anything is stored: a file at all, its size, the session's
   * jurisdiction and channel, what kind of file it is, and a header row among the first rows (from
   * the first bytes; what they cannot settle is left to the check). Refusals are the check's own.
   */
  private async accept(file: UploadedFile | undefined, session: SessionContext): Promise<Accepted> {
    if (!file || !file.buffer?.length) throw problemOf(refusals.fileMissing());
    if (file.size > IMPORT_LIMITS.fileBytes) throw problemOf(refusals.tooLarge());
    // the whole file is refused before any row is read when the session cannot be registered there
    await registrationTarget(JurisdictionStore.for(this.ds), session.jurisdiction, session.channel);
    const buf = file.buffer;
    let kind: UploadKind;
    try {
      kind = uploadKind(buf);
      const header = kind === 'csv' ? probeCsv(buf).header : probeXlsx(buf, IMPORT_LIMITS.unpackedBytes);
      if (header === 'missing') throw problemOf(refusals.noHeader());
    } catch (e) {
      if (e instanceof UnsupportedFileError) throw problemOf(refusals.unsupported(e.what));
      if (e instanceof SpreadsheetError)
        throw problemOf(e.reason === 'too-large' ? refusals.tooLarge() : refusals.unreadable(e.message));
      throw e;
    }
    return {
      buffer: buf,
      fileName: uploadName(file.originalname),
      kind,
      sha256: createHash('sha256').update(buf).digest('hex'),
    };
  }

  /** Stores the job and its file, then starts its workflow (and forgets both when that fails). */
  private async createJob(a: Accepted, session: SessionContext, user: Principal, dryRun: boolean) {
    const id = randomUUID();
    const now = new Date();
    await this.ds.transaction(async (m) => {
      await m.getRepository(ImportJobEntity).insert({
        id,
        status: 'running',
        phase: 'queued',
        dryRun,
        fileName: a.fileName,
        fileSha256: a.sha256,
        fileKind: a.kind,
        fileSize: a.buffer.length,
        jurisdiction: session.jurisdiction,
        channel: session.channel,
        term: session.term,
        session: session.session,
        duringSession: session.duringSession,
        total: 0,
        done: 0,
        registered: 0,
        unchanged: 0,
        failed: 0,
        report: null,
        problem: null,
        createdBy: user.id,
        heartbeatAt: now,
        finishedAt: null,
      });
      await saveImportFile(m, id, a.buffer);
    });
    try {
      await this.workflows.start(id);
    } catch (e) {
      await this.ds.getRepository(ImportJobEntity).delete({ id });
      throw e;
    }
    return id;
  }

  /** 409 IMPORT_IN_PROGRESS while an import of the same file into the same session is running. */
  private async refuseIfRunning(sha256: string, session: SessionContext) {
    const running = await this.ds.getRepository(ImportJobEntity).find({
      where: {
        fileSha256: sha256,
        jurisdiction: session.jurisdiction,
        channel: session.channel,
        term: session.term,
        session: session.session,
        status: 'running',
        dryRun: false,
      },
    });
    for (const job of running) {
      // a job whose workflow has ended without finishing it no longer stands in the way
      if ((await this.workflows.running(job.id)) === false) {
        await this.markInterrupted(job);
        continue;
      }
      throw new BanliProblem(
        HttpStatus.CONFLICT,
        'IMPORT_IN_PROGRESS',
        `同一文件的导入任务正在进行（${job.done}/${job.total}），请查看 GET /imports/${job.id} (an import of this file is running)`,
        { jobId: job.id },
      );
    }
  }

  /**
   * A running job that has been quiet a while is compared with its workflow: one that has ended
   * without finishing the job (terminated by an operator, say) leaves it interrupted. A job
   * waiting for a worker stays running: its workflow runs.
   */
  private async reconcile(job: ImportJobEntity): Promise<ImportJobEntity> {
    if (job.status !== 'running' || Date.now() - job.heartbeatAt.getTime() < QUIET_MS) return job;
    if ((await this.workflows.running(job.id)) !== false) return job;
    await this.markInterrupted(job);
    return (await this.ds.getRepository(ImportJobEntity).findOneBy({ id: job.id })) ?? job;
  }

  private async markInterrupted(job: ImportJobEntity) {
    await this.ds.getRepository(ImportJobEntity).update(
      { id: job.id, status: 'running' },
      {
        status: 'interrupted',
        phase: 'done',
        finishedAt: new Date(),
        problem: {
          code: 'IMPORT_INTERRUPTED',
          message: '导入工作流已结束，导入未完成 (the import workflow ended before the import did)',
        },
      },
    );
  }

  /** The check's report of a job, as the dry run has always answered it. */
  private async report(job: ImportJobEntity) {
    const summary = job.report as StoredReport;
    const rows = await this.ds.getRepository(ImportJobRowEntity).find({
      where: { jobId: job.id },
      order: { rowNo: 'ASC' },
      select: ['rowNo', 'checked'],
    });
    const checked = rows.map((r) => r.checked as CheckedRowJson);
    return {
      dryRun: job.dryRun,
      ok: summary.ok,
      file: summary.file,
      session: sessionOf(job),
      columns: summary.columns,
      counts: summary.counts,
      issues: [...summary.fileIssues, ...checked.flatMap((c) => c.issues)],
      rows: checked.map(({ issues: _issues, ...row }) => row),
    };
  }

  private view(j: ImportJobEntity) {
    return {
      id: j.id,
      status: j.status,
      phase: j.phase,
      fileName: j.fileName,
      fileSha256: j.fileSha256,
      session: sessionOf(j),
      total: j.total,
      done: j.done,
      registered: j.registered,
      unchanged: j.unchanged,
      failed: j.failed,
      createdBy: j.createdBy,
      createdAt: j.createdAt,
      finishedAt: j.finishedAt,
      ...(j.problem
        ? { problem: { code: j.problem.code, detail: j.problem.message, ...(j.problem.extra ?? {}) } }
        : {}),
      ...(j.status === 'interrupted' ? { hint: INTERRUPTED_HINT } : {}),
      ...(j.status === 'refused' && j.problem ? { hint: j.problem.message } : {}),
    };
  }
}

function sessionOf(j: ImportJobEntity) {
  return {
    jurisdiction: j.jurisdiction,
    channel: j.channel,
    term: j.term,
    session: j.session,
    duringSession: j.duringSession,
  };
}

/** A refusal of the check (or its record on a job) as the problem the API answers. */
function problemOf(r: ImportRefusal | ImportJobProblem): BanliProblem {
  const extra = 'extra' in r && r.extra ? (r.extra as Record<string, unknown>) : {};
  return new BanliProblem(r.status ?? HttpStatus.UNPROCESSABLE_ENTITY, r.code, r.message, extra);
}

/** Multipart file names arrive as Latin-1; an office's "提案汇总.xlsx" is UTF-8 underneath. */
function uploadName(name: string | undefined): string {
  if (!name) return 'upload';
  if ([...name].every((c) => c.charCodeAt(0) <= 0xff)) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(name, 'latin1')).slice(0, 255);
    } catch {
      /* not UTF-8 bytes: keep as given */
    }
  }
  return name.slice(0, 255);
}
