import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt } from './columns';
import { UnitEntity } from './unit.entity';

/**
 * A handling unit suggested for a case when it was received (建议主办/会办单位 of a session list):
 * input for the office's assignment, not an assignment. Kept apart from the read model the
 * workflow projects, and keyed by case id (the case row may still be being written).
 */
@Entity({ name: 'proposal_suggested_unit' })
@Index('ix_suggested_unit_unit', ['unitId'])
export class ProposalSuggestedUnitEntity {
  @PrimaryColumn({ name: 'proposal_id', type: 'char', length: 36 })
  proposalId: string;

  @PrimaryColumn({ name: 'unit_id', type: 'char', length: 36 })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** lead (主办; several = separate handling) | co (会办) */
  @Column({ type: 'varchar', length: 8 })
  role: 'lead' | 'co';

  /** Order as listed in the file. */
  @Column({ type: 'int' })
  position: number;

  /** Where the suggestion came from, e.g. "import:<job id>". */
  @Column({ type: 'varchar', length: 64 })
  source: string;

  @CreatedAt()
  createdAt: Date;
}
