import { Column, Entity, Index, OneToMany, PrimaryColumn, VersionColumn } from 'typeorm';
import type { Channel } from '@banli/domain';
import { CreatedAt, UpdatedAt } from './columns';
import { ProposalPartyEntity } from './proposal-party.entity';

export type { Channel } from '@banli/domain';

/**
 * The read model of one case: a suggestion (建议) or proposal (提案). Written only by
 * activities; the workflow owns the process, this row records where it stands.
 */
@Entity({ name: 'proposal' })
@Index('uq_proposal_business_key', ['jurisdiction', 'channel', 'term', 'session', 'number'], { unique: true })
@Index('ix_proposal_stage', ['stage'])
@Index('ix_proposal_next_due', ['nextDueAt'])
export class ProposalEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 255, unique: true })
  workflowId: string;

  @Column({ type: 'varchar', length: 64 })
  jurisdiction: string;

  @Column({ type: 'varchar', length: 8 })
  channel: Channel;

  /** 届 */
  @Column({ type: 'int' })
  term: number;

  /** 次 (session within the term) */
  @Column({ type: 'int' })
  session: number;

  /** Number within the session, as printed: "006", "建9". */
  @Column({ type: 'varchar', length: 32 })
  number: string;

  /** true for 会间 (during the session), false for 会后/闭会期间. */
  @Column({ name: 'during_session', type: 'boolean', default: true })
  duringSession: boolean;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'mediumtext', nullable: true })
  content: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  category: string | null;

  @Column({ name: 'key_case', type: 'boolean', default: false })
  keyCase: boolean;

  @Column({ type: 'varchar', length: 32 })
  stage: string;

  @Column({ name: 'policy_id', type: 'varchar', length: 64 })
  policyId: string;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion: number;

  @Column({ name: 'registered_at', type: 'datetime', precision: 3 })
  registeredAt: Date;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  /**
   * The next due (nextDue in libs/domain): the earliest open duty, null while on hold or ended.
   * The case is overdue at `now` exactly when next_due_at <= now — an indexed read.
   */
  @Column({ name: 'next_due_at', type: 'datetime', precision: 3, nullable: true })
  nextDueAt: Date | null;

  /** Last workflow transition projected; makes projection writes idempotent and ordered. */
  @Column({ name: 'last_seq', type: 'int', default: 0 })
  lastSeq: number;

  /** Full case state as of last_seq, for the case view. */
  @Column({ type: 'longtext', nullable: true })
  snapshot: string | null;

  /**
   * What the case adds to report_fact now (JSON rows of report-facts.ts), so its next transition
   * adds only the difference. Not read with the case.
   */
  @Column({ name: 'report_facts', type: 'longtext', nullable: true, select: false })
  reportFacts: string | null;

  @VersionColumn()
  version: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;

  @OneToMany(() => ProposalPartyEntity, (pp) => pp.proposal)
  proposers: ProposalPartyEntity[];
}
