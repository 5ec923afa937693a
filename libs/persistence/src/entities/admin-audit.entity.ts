import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonText } from './columns';

/**
 * Audit trail of administrators' changes to configuration that is not a case: a policy version
 * published, a jurisdiction created or changed. Who, when, what, and the change itself.
 */
@Entity({ name: 'admin_audit' })
@Index('ix_admin_audit_subject', ['subjectKind', 'subjectId', 'at'])
export class AdminAuditEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  /** policy | jurisdiction */
  @Column({ name: 'subject_kind', type: 'varchar', length: 32 })
  subjectKind: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 64 })
  subjectId: string;

  /** e.g. publish, create, update */
  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 32 })
  actorRole: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** The change: the version published, or the fields before and after. */
  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  detail: object | null;
}
