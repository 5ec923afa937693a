import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from './columns';
import { jsonText } from './columns';

/** A statutory clock of a case (or of one unit's part), with its explanation. */
@Entity({ name: 'deadline' })
@Index('uq_deadline_clock', ['proposalId', 'scope', 'clock'], { unique: true })
@Index('ix_deadline_due', ['status', 'dueAt'])
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

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'varchar', length: 500 })
  summary: string;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  explanation: unknown;

  /** open | met | overdue | cancelled */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
