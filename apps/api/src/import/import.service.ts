import { createHash, randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import {
  ImportJobEntity,
  ImportJobRowEntity,
  ImportRowStatus,
  JurisdictionStore,
  ProposalEntity,
  ProposalSuggestedUnitEntity,
  UnitEntity,
} from '@banli/persistence';
import type { Principal } from '../auth/principal';
import { BanliProblem, notFound } from '../common/problem';
import { registrationTarget } from '../jurisdictions/registration';
import { ProposalsService } from '../proposals/proposals.service';
import { FIELD_LABELS, HEADER_ALIASES, IMPORT_FIELDS } from './columns';
import { readUpload, UnsupportedFileError } from './sheet';
import {
  ExistingCase,
  extractRows,
  ImportIssue,
  normalizeNumber,
  PlannedRow,
  SessionContext,
  validateImport,
} from './validate';
import { SpreadsheetError } from './xlsx';

/** Upload limits: bytes on the wire, bytes once an .xlsx is unpacked, and data rows. */
export const IMPORT_LIMITS = { fileBytes: 10 * 1024 * 1024, unpackedBytes: 200 * 1024 * 1024, rows: 5000 };
/** Rows registered at the same time by one job. */
const CONCURRENCY = 4;
/** How long a job waits for the workflow to write a case row before moving on. */
const ROW_WAIT_MS = 30000;
const HEARTBEAT_MS = 15000;
/** A running job whose process has been silent this long is reported as interrupted. */
const STALE_MS = 120000;

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/**
 * Bulk import of a session list (.xlsx or .csv). A dry run checks every row and writes nothing.
 * A commit refuses a file with any error, so nothing is half-imported; otherwise it starts an
 * import job that registers each new row through ProposalsService (the POST /proposals path),
 * records the suggested units, and keeps its progress in import_job / import_job_row.
 */
@Injectable()
export class ImportService implements BeforeApplicationShutdown {
  private readonly log = new Logger('import');
  private readonly active = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly proposals: ProposalsService,
  ) {}

  /** Checks a list and reports on every row; writes nothing. */
  async dryRun(file: UploadedFile | undefined, session: SessionContext) {
    const { report } = await this.analyse(file, session, true);
    return report;
  }

  /**
   * Refuses a list with errors (422 IMPORT_HAS_ERRORS, with the report); otherwise records a job
   * and runs it in the background. Returns the job as first stored (status running).
   */
  async commit(file: UploadedFile | undefined, session: SessionContext, user: Principal) {
    const { report, planned, sha256, fileName, kind } = await this.analyse(file, session, false);
    if (!report.ok) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IMPORT_HAS_ERRORS',
        `文件中有 ${report.counts.errors} 处错误（${report.counts.invalid} 行），未导入任何一行；请修改后重新上传 (the file has errors; nothing was imported)`,
        { report },
      );
    }
    await this.refuseIfRunning(sha256, session);

    const id = randomUUID();
    const now = new Date();
    const unchanged = planned.filter((r) => r.status === 'unchanged');
    await this.ds.transaction(async (m) => {
      await m.getRepository(ImportJobEntity).insert({
        id,
        status: 'running',
        fileName,
        fileSha256: sha256,
        fileKind: kind,
        jurisdiction: session.jurisdiction,
        channel: session.channel,
        term: session.term,
        session: session.session,
        duringSession: session.duringSession,
        total: planned.length,
        done: unchanged.length,
        registered: 0,
        unchanged: unchanged.length,
        failed: 0,
        createdBy: user.id,
        heartbeatAt: now,
        finishedAt: null,
      });
      const rows = planned.map((r) => ({
        jobId: id,
        rowNo: r.row,
        number: r.number,
        title: r.title,
        status: (r.status === 'unchanged' ? 'unchanged' : 'pending') as ImportRowStatus,
        caseId: r.existingId,
        message: r.status === 'unchanged' ? '已登记，未改动 (already registered, unchanged)' : null,
      }));
      for (let i = 0; i < rows.length; i += 500)
        await m.getRepository(ImportJobRowEntity).insert(rows.slice(i, i + 500));
    });

    const run = this.run(
      id,
      planned.filter((r) => r.status === 'new'),
    ).finally(() => this.active.delete(id));
    this.active.set(id, run);
    return this.view(await this.ds.getRepository(ImportJobEntity).findOneByOrFail({ id }));
  }

  /** A job with its per-row results. */
  async job(id: string) {
    const job = await this.ds.getRepository(ImportJobEntity).findOneBy({ id });
    if (!job) throw notFound('导入任务 (import job)', id);
    await this.noticeInterrupted(job);
    const rows = await this.ds
      .getRepository(ImportJobRowEntity)
      .find({ where: { jobId: id }, order: { rowNo: 'ASC' } });
    return {
      ...this.view(job),
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
    const jobs = await this.ds
      .getRepository(ImportJobEntity)
      .find({ order: { createdAt: 'DESC' }, take: limit });
    for (const j of jobs) await this.noticeInterrupted(j);
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

  /** Stops taking rows, lets the rows in hand finish, and marks this process's jobs interrupted. */
  async beforeApplicationShutdown() {
    this.stopping = true;
    const ids = [...this.active.keys()];
    await Promise.race([
      Promise.allSettled(this.active.values()),
      new Promise((r) => setTimeout(r, 10000).unref()),
    ]);
    if (!ids.length) return;
    try {
      await this.ds
        .getRepository(ImportJobEntity)
        .update({ id: In(ids), status: 'running' }, { status: 'interrupted' });
    } catch (e) {
      this.log.warn(`could not mark import jobs interrupted: ${(e as Error).message}`);
    }
  }

  // -------------------------------------------------------------------------------------------

  private async analyse(file: UploadedFile | undefined, session: SessionContext, dryRun: boolean) {
    if (!file || !file.buffer?.length) {
      throw new BanliProblem(
        HttpStatus.BAD_REQUEST,
        'IMPORT_FILE_MISSING',
        '请在 file 字段上传 .xlsx 或 .csv 文件 (multipart field "file" is required)',
      );
    }
    if (file.size > IMPORT_LIMITS.fileBytes) throw tooLarge();
    // the whole file is refused before any row is read when the session cannot be registered there
    await registrationTarget(JurisdictionStore.for(this.ds), session.jurisdiction, session.channel);
    const fileName = uploadName(file.originalname);
    const sheet = await readUpload(file.buffer, IMPORT_LIMITS.unpackedBytes).catch((e: unknown) => {
      if (e instanceof UnsupportedFileError) {
        throw new BanliProblem(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'IMPORT_UNSUPPORTED_FILE',
          e.message === 'xls'
            ? '不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后上传 (legacy .xls: save as .xlsx)'
            : '只能导入 .xlsx 或 .csv 文件 (only .xlsx and .csv files)',
        );
      }
      if (e instanceof SpreadsheetError && e.reason === 'too-large') throw tooLarge();
      if (e instanceof SpreadsheetError) {
        throw new BanliProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'IMPORT_FILE_UNREADABLE',
          `无法读取该 .xlsx 文件，文件可能已损坏 (unreadable workbook): ${e.message}`,
        );
      }
      throw e;
    });
    if (!sheet.header) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IMPORT_NO_HEADER',
        `在前 10 行中没有找到表头行：至少应有“编号”或“标题”等两列 (no header row found in the first 10 rows)`,
        {
          expectedHeaders: Object.fromEntries(IMPORT_FIELDS.map((f) => [FIELD_LABELS[f], HEADER_ALIASES[f]])),
        },
      );
    }
    const raw = extractRows(sheet.grid, sheet.header);
    if (raw.length > IMPORT_LIMITS.rows) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IMPORT_TOO_MANY_ROWS',
        `文件有 ${raw.length} 行数据，一次最多导入 ${IMPORT_LIMITS.rows} 行，请拆分后上传 (at most ${IMPORT_LIMITS.rows} rows per file)`,
        { rows: raw.length, maxRows: IMPORT_LIMITS.rows },
      );
    }
    if (!raw.length) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'IMPORT_NO_ROWS',
        '表头下面没有数据行 (no data rows below the header)',
      );
    }

    const numbers = [...new Set(raw.map((r) => normalizeNumber(r.cells.number ?? '').value).filter(Boolean))];
    const [units, existing] = await Promise.all([
      this.ds.getRepository(UnitEntity).find({ select: ['id', 'code', 'name', 'shortName'] }),
      this.existing(session, numbers),
    ]);
    const { issues, rows } = validateImport({ header: sheet.header, rows: raw, session, units, existing });

    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const count = (s: ImportIssue['severity']) => issues.filter((i) => i.severity === s).length;
    const perRow = new Map<string, number>();
    for (const i of issues)
      if (i.row !== null)
        perRow.set(`${i.row}:${i.severity}`, (perRow.get(`${i.row}:${i.severity}`) ?? 0) + 1);
    const errors = count('error');
    const report = {
      dryRun,
      ok: errors === 0,
      file: {
        name: fileName,
        kind: sheet.kind,
        encoding: sheet.encoding,
        sheet: sheet.kind === 'xlsx' ? sheet.grid.name : null,
        headerRow: sheet.grid.rowNumbers[sheet.header.rowIndex],
        sha256,
        size: file.size,
      },
      session,
      columns: IMPORT_FIELDS.filter((f) => sheet.header!.fields[f]).map((f) => ({
        field: f,
        header: sheet.header!.fields[f]!.header,
        column: sheet.header!.fields[f]!.letter,
      })),
      counts: {
        rows: rows.length,
        new: rows.filter((r) => r.status === 'new').length,
        unchanged: rows.filter((r) => r.status === 'unchanged').length,
        invalid: rows.filter((r) => r.status === 'invalid').length,
        errors,
        warnings: count('warning'),
        infos: count('info'),
      },
      issues,
      rows: rows.map(({ registration: _r, ...r }) => ({
        ...r,
        errors: perRow.get(`${r.row}:error`) ?? 0,
        warnings: perRow.get(`${r.row}:warning`) ?? 0,
      })),
    };
    return { report, planned: rows, sha256, fileName, kind: sheet.kind };
  }

  /** Cases of the session already registered under any of `numbers`, with their proposers in order. */
  private async existing(session: SessionContext, numbers: string[]): Promise<Map<string, ExistingCase>> {
    const map = new Map<string, ExistingCase>();
    for (let i = 0; i < numbers.length; i += 500) {
      const found = await this.ds.getRepository(ProposalEntity).find({
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

  private async refuseIfRunning(sha256: string, session: SessionContext) {
    const running = await this.ds.getRepository(ImportJobEntity).find({
      where: {
        fileSha256: sha256,
        jurisdiction: session.jurisdiction,
        channel: session.channel,
        term: session.term,
        session: session.session,
        status: 'running',
      },
    });
    for (const job of running) {
      if (!(await this.noticeInterrupted(job))) {
        throw new BanliProblem(
          HttpStatus.CONFLICT,
          'IMPORT_IN_PROGRESS',
          `同一文件的导入任务正在进行（${job.done}/${job.total}），请查看 GET /imports/${job.id} (an import of this file is running)`,
          { jobId: job.id },
        );
      }
    }
  }

  /** Marks a running job interrupted when no process has worked on it lately; true if it is not running. */
  private async noticeInterrupted(job: ImportJobEntity): Promise<boolean> {
    if (job.status !== 'running') return true;
    if (this.active.has(job.id)) return false;
    const cutoff = new Date(Date.now() - STALE_MS);
    if (job.heartbeatAt >= cutoff) return false;
    const r = await this.ds
      .getRepository(ImportJobEntity)
      .update({ id: job.id, status: 'running', heartbeatAt: LessThan(cutoff) }, { status: 'interrupted' });
    if (r.affected) job.status = 'interrupted';
    return job.status !== 'running';
  }

  private async run(jobId: string, rows: PlannedRow[]) {
    const queue = [...rows];
    const beat = setInterval(() => {
      void this.ds
        .getRepository(ImportJobEntity)
        .update({ id: jobId }, { heartbeatAt: new Date() })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    beat.unref();
    try {
      const worker = async () => {
        for (let r = queue.shift(); r && !this.stopping; r = queue.shift()) await this.runRow(jobId, r);
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
      if (!this.stopping) {
        await this.ds
          .getRepository(ImportJobEntity)
          .update({ id: jobId }, { status: 'completed', finishedAt: new Date(), heartbeatAt: new Date() });
      }
    } catch (e) {
      this.log.error(`import job ${jobId} stopped: ${(e as Error).stack ?? e}`);
    } finally {
      clearInterval(beat);
    }
  }

  private async runRow(jobId: string, r: PlannedRow) {
    let status: ImportRowStatus;
    let caseId: string | null = null;
    let message: string | null = null;
    try {
      const started = await this.proposals.start(r.registration!);
      caseId = started.id;
      status = 'registered';
      await this.suggest(caseId, r, jobId);
      if (!(await this.waitForCase(caseId)))
        message = '已启动办理流程，案件记录仍在写入 (workflow started; record still being written)';
    } catch (e) {
      if (e instanceof BanliProblem && e.code === 'DUPLICATE_PROPOSAL') {
        // Registered meanwhile, or by an earlier run of this file that was cut short.
        status = 'unchanged';
        caseId = String(e.extra.existingId ?? '') || null;
        message = '已登记，未改动 (already registered, unchanged)';
        if (caseId) await this.suggest(caseId, r, jobId, true).catch(() => undefined);
      } else {
        status = 'failed';
        message =
          e instanceof BanliProblem
            ? `${e.code}: ${e.message}`
            : `登记失败 (registration failed): ${(e as Error).message}`;
        this.log.warn(`import job ${jobId} row ${r.row}: ${(e as Error).message}`);
      }
    }
    await this.ds
      .getRepository(ImportJobRowEntity)
      .update({ jobId, rowNo: r.row }, { status, caseId, message: message?.slice(0, 2000) ?? null });
    const counter = status === 'registered' ? 'registered' : status === 'unchanged' ? 'unchanged' : 'failed';
    await this.ds
      .createQueryBuilder()
      .update(ImportJobEntity)
      .set({ done: () => 'done + 1', [counter]: () => `${counter} + 1`, heartbeatAt: new Date() })
      .where('id = :jobId', { jobId })
      .execute();
  }

  /** Records the suggested units of a new case; `onlyIfNone` leaves a case that already has some alone. */
  private async suggest(caseId: string, r: PlannedRow, jobId: string, onlyIfNone = false) {
    const repo = this.ds.getRepository(ProposalSuggestedUnitEntity);
    if (onlyIfNone && (await repo.count({ where: { proposalId: caseId } }))) return;
    const values = [
      ...r.leadUnits.map((u, position) => ({
        proposalId: caseId,
        unitId: u.id,
        role: 'lead' as const,
        position,
        source: `import:${jobId}`,
      })),
      ...r.coUnits.map((u, position) => ({
        proposalId: caseId,
        unitId: u.id,
        role: 'co' as const,
        position,
        source: `import:${jobId}`,
      })),
    ];
    if (values.length) await repo.createQueryBuilder().insert().values(values).orIgnore().execute();
  }

  private async waitForCase(id: string): Promise<boolean> {
    const until = Date.now() + ROW_WAIT_MS;
    const repo = this.ds.getRepository(ProposalEntity);
    while (!this.stopping && Date.now() < until) {
      if (await repo.exists({ where: { id } })) return true;
      await new Promise((res) => setTimeout(res, 150));
    }
    return false;
  }

  private view(j: ImportJobEntity) {
    return {
      id: j.id,
      status: j.status,
      fileName: j.fileName,
      fileSha256: j.fileSha256,
      session: {
        jurisdiction: j.jurisdiction,
        channel: j.channel,
        term: j.term,
        session: j.session,
        duringSession: j.duringSession,
      },
      total: j.total,
      done: j.done,
      registered: j.registered,
      unchanged: j.unchanged,
      failed: j.failed,
      createdBy: j.createdBy,
      createdAt: j.createdAt,
      finishedAt: j.finishedAt,
      ...(j.status === 'interrupted'
        ? {
            hint: '导入中断：重新上传同一文件即可继续，已登记的行不会重复登记 (re-post the same file to finish; registered rows stay unchanged)',
          }
        : {}),
    };
  }
}

function tooLarge() {
  return new BanliProblem(
    HttpStatus.PAYLOAD_TOO_LARGE,
    'IMPORT_FILE_TOO_LARGE',
    `文件过大：上传不超过 ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB（.xlsx 解压后不超过 ${IMPORT_LIMITS.unpackedBytes / 1024 / 1024} MB） (file too large)`,
    { maxBytes: IMPORT_LIMITS.fileBytes },
  );
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
