import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AssignmentMode, UnitRole } from '@banli/domain';
import { CreatedAt, UpdatedAt } from './columns';

export type HandlingMode = AssignmentMode;
export type HandlingRole = UnitRole;

/** One unit's part in a case (交办 record): its mode, role and where its cycle stands. */
@Entity({ name: 'assignment' })
@Index('uq_assignment_case_unit', ['proposalId', 'unitId'], { unique: true })
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

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
