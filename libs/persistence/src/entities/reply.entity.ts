import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt } from './columns';

/** A reply letter (答复) from a lead or sole unit, or a co-handler's opinion (会办意见). */
@Entity({ name: 'reply' })
@Index('uq_reply_round', ['proposalId', 'unitId', 'kind', 'round'], { unique: true })
export class ReplyEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'proposal_id', type: 'char', length: 36 })
  proposalId: string;

  @Column({ name: 'unit_id', type: 'char', length: 36 })
  unitId: string;

  /** reply | opinion */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** 1 for the first reply, 2 after re-handling, … */
  @Column({ type: 'int' })
  round: number;

  @Column({ name: 'reply_class', type: 'varchar', length: 16, nullable: true })
  replyClass: string | null;

  @Column({ name: 'doc_number', type: 'varchar', length: 100, nullable: true })
  docNumber: string | null;

  @Column({ type: 'mediumtext' })
  text: string;

  @Column({ name: 'contact_person', type: 'varchar', length: 64, nullable: true })
  contactPerson: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 64, nullable: true })
  contactPhone: string | null;

  @Column({ name: 'signed_by', type: 'varchar', length: 64, nullable: true })
  signedBy: string | null;

  @Column({ type: 'boolean', default: false })
  late: boolean;

  @Column({ name: 'replied_at', type: 'datetime', precision: 3 })
  repliedAt: Date;

  @CreatedAt()
  createdAt: Date;
}
