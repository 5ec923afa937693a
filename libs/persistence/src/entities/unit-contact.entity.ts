import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from './columns';
import { UnitEntity } from './unit.entity';

/**
 * A further contact person of a handling unit (联络员), beyond the primary contact kept on the
 * unit row; `receivesTasks` marks the addresses task mail also goes to.
 */
@Entity({ name: 'unit_contact' })
@Index('ix_unit_contact_unit', ['unitId', 'position'])
export class UnitContactEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'unit_id', type: 'char', length: 36 })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** Order on the unit's contact list. */
  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'receives_tasks', type: 'boolean', default: true })
  receivesTasks: boolean;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
