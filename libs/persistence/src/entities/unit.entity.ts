import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from './columns';

/** A handling unit (承办单位): a department that signs for and replies to proposals. */
@Entity({ name: 'unit' })
export class UnitEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'short_name', type: 'varchar', length: 64, nullable: true })
  shortName: string | null;

  @Column({ name: 'leader_name', type: 'varchar', length: 64, nullable: true })
  leaderName: string | null;

  @Column({ name: 'leader_email', type: 'varchar', length: 254, nullable: true })
  leaderEmail: string | null;

  @Column({ name: 'contact_name', type: 'varchar', length: 64, nullable: true })
  contactName: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 64, nullable: true })
  contactPhone: string | null;

  @Column({ name: 'contact_email', type: 'varchar', length: 254, nullable: true })
  contactEmail: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
