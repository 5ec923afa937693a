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

  /** 文号 series of the unit's replies, e.g. 杭民函〔{year}〕{seq}号 (see numberPatternProblems). */
  @Column({ name: 'doc_number_pattern', type: 'varchar', length: 100, nullable: true })
  docNumberPattern: string | null;

  /** 文号 series of its co-handling opinions (会办意见), e.g. 浙海渔提函〔{year}〕{seq}号. */
  @Column({ name: 'opinion_number_pattern', type: 'varchar', length: 100, nullable: true })
  opinionNumberPattern: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
