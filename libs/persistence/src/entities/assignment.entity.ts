import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AssignmentMode, UnitRole } from '@banli/domain';
import { CreatedAt, UpdatedAt } from './columns';

export type HandlingMode = AssignmentMode;
export type HandlingRole = UnitRole;

/** One unit's part in a case (交办 record): its mode, role and where its cycle stands. */
@Entity({ name: 'assignment' })
@Index('uq_assignment_case_unit', ['proposalId', 'unitId'], { unique: true })
@Index('ix_assignment_unit_assigned', ['unitId', 'assignedAt'])
@Index('ix_assignment_assigned', ['assignedAt'])
export class AssignmentEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'proposal_id', type: 'char', length: 36 })
  proposalId: string;

  @Column({ name: 'unit_id', type: 'char', length: 36 })
  unitId: string;

  @Column({ type: 'varchar', length: 16 })
  mode: HandlingMode;

  @Column({ type: 'varchar', length: 16 })
  role: HandlingRole;

  @Column({ type: 'varchar', length: 32 })
  stage: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'assigned_at', type: 'datetime', precision: 3 })
  assignedAt: Date;

  @Column({ name: 'received_at', type: 'datetime', precision: 3, nullable: true })
  receivedAt: Date | null;

  // What the reports read (assignmentFacts in libs/domain), kept by the projection.

  /** 1 for the first handling, +1 per re-handling. */
  @Column({ type: 'int', default: 1 })
  round: number;

  /** The unit's first reply to the proposer (a co-handler's opinion is not one). */
  @Column({ name: 'first_replied_at', type: 'datetime', precision: 3, nullable: true })
  firstRepliedAt: Date | null;

  @Column({ name: 'last_replied_at', type: 'datetime', precision: 3, nullable: true })
  lastRepliedAt: Date | null;

  /** The first reply came after the due instant in force then (approved extensions counted). */
  @Column({ name: 'first_reply_late', type: 'boolean', nullable: true })
  firstReplyLate: boolean | null;

  /** Contact methods recorded with the proposer, comma-separated (faceToFace,phone …). */
  @Column({ name: 'contact_methods', type: 'varchar', length: 64, default: '' })
  contactMethods: string;

  /** Urges (催办) aimed at this unit or at the whole case, and the last one. */
  @Column({ name: 'urge_count', type: 'int', default: 0 })
  urgeCount: number;

  @Column({ name: 'last_urged_at', type: 'datetime', precision: 3, nullable: true })
  lastUrgedAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
