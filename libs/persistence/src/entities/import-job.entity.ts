import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt, jsonText, UpdatedAt } from './columns';

/**
 * running → completed; refused when the check found the file unusable or with errors (nothing
 * registered); interrupted when its workflow ended before the end (terminated, or an activity kept
 * failing): posting the same file again registers the missing rows.
 */
export type ImportJobStatus = 'running' | 'completed' | 'refused' | 'interrupted';

/** Why a job was refused or interrupted: a problem code, its message, the HTTP status and details the API answers with. */
export interface ImportJobProblem {
  code: string;
  message: string;
  status?: number;
  extra?: object;
}

/** Where a running job is: waiting for a worker, checking the file, registering rows, or done. */
export type ImportJobPhase = 'queued' | 'checking' | 'registering' | 'done';

/**
 * A bulk import of a session list, run by its workflow (`import:<id>`) in the worker: the upload
 * stores the file (import_file) and the job; the workflow checks the file into import_job_row and
 * registers the good rows in batches. Progress is kept here, so it survives any restart of the API
 * or the worker. A dry run (a check only) is a job too, read and deleted by the request that made it.
 */
@Entity({ name: 'import_job' })
@Index('ix_import_job_file', ['fileSha256', 'jurisdiction', 'channel', 'term', 'session'])
export class ImportJobEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  status: ImportJobStatus;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  phase: ImportJobPhase;

  /** A check only: nothing is registered, and the job is deleted once its report is read. */
  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ name: 'file_sha256', type: 'char', length: 64 })
  fileSha256: string;

  /** xlsx | csv */
  @Column({ name: 'file_kind', type: 'varchar', length: 8 })
  fileKind: string;

  /** Bytes uploaded. */
  @Column({ name: 'file_size', type: 'int', default: 0 })
  fileSize: number;

  @Column({ type: 'varchar', length: 64 })
  jurisdiction: string;

  @Column({ type: 'varchar', length: 8 })
  channel: string;

  @Column({ type: 'int' })
  term: number;

  @Column({ type: 'int' })
  session: number;

  @Column({ name: 'during_session', type: 'boolean' })
  duringSession: boolean;

  /** Rows to register or found registered (0 until the file is checked). */
  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'int', default: 0 })
  registered: number;

  @Column({ type: 'int', default: 0 })
  unchanged: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  /** The check's report without its rows (file, columns, counts, the file's own findings); JSON. */
  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  report: object | null;

  /** Why the job was refused or interrupted; JSON. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  problem: ImportJobProblem | null;

  /** User id of the person who posted the file. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  /** When the workflow last wrote progress. */
  @Column({ name: 'heartbeat_at', type: 'datetime', precision: 3 })
  heartbeatAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}

/**
 * pending → registered | unchanged | failed; at the check, unchanged (already registered) or
 * invalid (has errors); skipped when the file was refused and the row was never registered.
 */
export type ImportRowStatus = 'pending' | 'registered' | 'unchanged' | 'failed' | 'invalid' | 'skipped';

/** One row of an import job: what the check made of it, and what became of it. */
@Entity({ name: 'import_job_row' })
export class ImportJobRowEntity {
  @PrimaryColumn({ name: 'job_id', type: 'char', length: 36 })
  jobId: string;

  /** Row number in the file, as Excel shows it. */
  @PrimaryColumn({ name: 'row_no', type: 'int' })
  rowNo: number;

  @ManyToOne(() => ImportJobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job?: ImportJobEntity;

  @Column({ type: 'varchar', length: 32 })
  number: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  status: ImportRowStatus;

  @Column({ name: 'case_id', type: 'char', length: 36, nullable: true })
  caseId: string | null;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  /** The row as the check reported it, with its findings (ReportRow & { issues }); JSON. */
  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  checked: object | null;

  /** What registers the row (the POST /proposals body and the suggested units); JSON, cleared once done. */
  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  plan: object | null;

  @UpdatedAt()
  updatedAt: Date;
}

/**
 * An uploaded file, in parts of at most a mebibyte (a statement stays far below any server's
 * max_allowed_packet), kept until its job has checked and registered it.
 */
@Entity({ name: 'import_file' })
export class ImportFileEntity {
  @PrimaryColumn({ name: 'job_id', type: 'char', length: 36 })
  jobId: string;

  @PrimaryColumn({ type: 'int' })
  part: number;

  @ManyToOne(() => ImportJobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job?: ImportJobEntity;

  @Column({ type: 'mediumblob' })
  data: Buffer;
}
