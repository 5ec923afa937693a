import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ClockKind, DeadlineRowStatus } from '@banli/domain';
import { CreatedAt, UpdatedAt } from './columns';
import { jsonText } from './columns';

export type { DeadlineRowStatus } from '@banli/domain';

/**
 * A statutory clock of a case (or of one unit's part), with its explanation. With `kind` and
 * `status` as the projection writes them (deadlineStatus in libs/domain), an overdue duty is an
 * indexed read: kind = 'duty' AND status = 'open' AND due_at <= now (see overdue-sql.ts). The
 * index also holds what the overdue report counts and orders by (key case, unit, its stage, case,
 * clock), so the report reads that one range and joins only the rows of the page it shows.
 */
@Entity({ name: 'deadline' })
@Index('uq_deadline_clock', ['proposalId', 'scope', 'clock'], { unique: true })
@Index('ix_deadline_open_duty', [
  'kind',
  'status',
  'dueAt',
  'keyCase',
  'scope',
  'unitStage',
  'proposalId',
  'clock',
])
export class DeadlineEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'proposal_id', type: 'char', length: 36 })
  proposalId: string;

  /** 'case' or the unit id the clock belongs to. */
  @Column({ type: 'varchar', length: 64 })
  scope: string;

  @Column({ type: 'varchar', length: 32 })
  clock: string;

  /** duty | window | limit (ClockKind): only duties can be overdue. */
  @Column({ type: 'varchar', length: 8, default: 'duty' })
  kind: ClockKind;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'varchar', length: 500 })
  summary: string;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  explanation: unknown;

  /** open (counting) | held (its case is on hold) | closed (done, or its unit or case ended). */
  @Column({ type: 'varchar', length: 16 })
  status: DeadlineRowStatus;

  /** Whether its case is a key case (重点), as the case is now. */
  @Column({ name: 'key_case', type: 'boolean', default: false })
  keyCase: boolean;

  /** Where its unit's part stands now (assignment.stage); null for a clock of no unit. */
  @Column({ name: 'unit_stage', type: 'varchar', length: 32, nullable: true })
  unitStage: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
