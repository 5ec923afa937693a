import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from './columns';

/** running → completed, or interrupted when its process stopped before the end. */
export type ImportJobStatus = 'running' | 'completed' | 'interrupted';

/**
 * A committed bulk import of a session list. Progress is kept here so it survives an API
 * restart; a job cut short is finished by posting the same file again, which registers the
 * missing rows and finds the others already registered (workflow ids are business keys).
 */
@Entity({ name: 'import_job' })
@Index('ix_import_job_file', ['fileSha256', 'jurisdiction', 'channel', 'term', 'session'])
export class ImportJobEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  status: ImportJobStatus;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ name: 'file_sha256', type: 'char', length: 64 })
  fileSha256: string;

  /** xlsx | csv */
  @Column({ name: 'file_kind', type: 'varchar', length: 8 })
  fileKind: string;

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

  /** User id of the person who posted the file. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  /** Last sign of life of the process running the job. */
  @Column({ name: 'heartbeat_at', type: 'datetime', precision: 3 })
  heartbeatAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}

/** pending → registered | unchanged | failed */
export type ImportRowStatus = 'pending' | 'registered' | 'unchanged' | 'failed';

/** One row of an import job and what became of it. */
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

  @UpdatedAt()
  updatedAt: Date;
}
