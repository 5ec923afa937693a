import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, jsonText } from './columns';

/**
 * Audit trail: who did what to a case, from which stage to which, when.
 * (proposal_id, seq) is unique, so a retried projection activity cannot write twice.
 */
@Entity({ name: 'audit_event' })
@Index('uq_audit_seq', ['proposalId', 'seq'], { unique: true })
export class AuditEventEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'proposal_id', type: 'char', length: 36 })
  proposalId: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 32 })
  actorRole: string;

  /** The person's name as it was when they acted (null for rows written before names were kept). */
  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  /** The handling unit the person acted for. */
  @Column({ name: 'actor_unit_id', type: 'varchar', length: 64, nullable: true })
  actorUnitId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'from_stage', type: 'varchar', length: 32, nullable: true })
  fromStage: string | null;

  @Column({ name: 'to_stage', type: 'varchar', length: 32, nullable: true })
  toStage: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  detail: unknown;

  /** Set for an action entered afterwards (补录): `at` is when it happened, this when it was entered. */
  @Column({ name: 'entered_at', type: 'datetime', precision: 3, nullable: true })
  enteredAt: Date | null;

  /** Who entered it afterwards. */
  @Column({ name: 'entered_by', type: 'varchar', length: 64, nullable: true })
  enteredBy: string | null;

  @CreatedAt()
  createdAt: Date;
}
