import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, jsonText } from './columns';

/** A reply letter (答复) from a lead or sole unit, or a co-handler's opinion (会办意见). */
@Entity({ name: 'reply' })
@Index('uq_reply_round', ['proposalId', 'unitId', 'kind', 'round'], { unique: true })
@Index('idx_reply_published', ['publishedAt', 'proposalId'])
@Index('idx_reply_unit_doc', ['unitId', 'kind', 'letterDate'])
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

  /** The letter's title as printed (答复 or 会办意见). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  title: string | null;

  /** Date on the letter (YYYY-MM-DD); may be earlier than repliedAt for a letter entered afterwards. */
  @Column({ name: 'letter_date', type: 'date', nullable: true })
  letterDate: string | null;

  @Column({ name: 'signer_name', type: 'varchar', length: 64, nullable: true })
  signerName: string | null;

  @Column({ name: 'signer_title', type: 'varchar', length: 64, nullable: true })
  signerTitle: string | null;

  /** Unit ids that sign the letter, lead first (a joint reply 联合行文 has several). */
  @Column({ name: 'signing_units', type: 'longtext', nullable: true, transformer: jsonText })
  signingUnits: string[] | null;

  /** 抄送 recipients. */
  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  copies: string[] | null;

  /** 公开属性: active 主动公开 | onRequest 依申请公开 | none 不予公开. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  publicity: string | null;

  @Column({ name: 'publicity_reason', type: 'varchar', length: 500, nullable: true })
  publicityReason: string | null;

  /** Whether the proposer agreed to publication (是否同意公开); null when not asked. */
  @Column({ name: 'publish_agreed', type: 'boolean', nullable: true })
  publishAgreed: boolean | null;

  /** Set once the reply is published; only published replies reach the public page. */
  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  /** 索引号. */
  @Column({ name: 'index_no', type: 'varchar', length: 100, nullable: true })
  indexNo: string | null;

  /** 发布机构. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  publisher: string | null;

  /** 公开方式, e.g. 主动公开. */
  @Column({ name: 'publication_method', type: 'varchar', length: 32, nullable: true })
  publicationMethod: string | null;

  /** 时效性, e.g. 有效. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  validity: string | null;

  @Column({ name: 'not_published_reason', type: 'varchar', length: 500, nullable: true })
  notPublishedReason: string | null;

  /** A co-handling opinion the office recorded for a unit without an account. */
  @Column({ name: 'entered_by_office', type: 'boolean', default: false })
  enteredByOffice: boolean;

  @CreatedAt()
  createdAt: Date;
}
