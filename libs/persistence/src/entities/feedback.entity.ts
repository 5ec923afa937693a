import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt } from './columns';

/** One proposer's satisfaction with one reply round (满意/基本满意/不满意, or no answer). */
@Entity({ name: 'feedback' })
@Index('uq_feedback_round', ['proposalId', 'unitId', 'partyId', 'round'], { unique: true })
export class FeedbackEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'proposal_id', type: 'char', length: 36 })
  proposalId: string;

  @Column({ name: 'unit_id', type: 'char', length: 36 })
  unitId: string;

  @Column({ name: 'party_id', type: 'char', length: 36 })
  partyId: string;

  @Column({ type: 'int' })
  round: number;

  /** satisfied | basicallySatisfied | dissatisfied | noAnswer */
  @Column({ type: 'varchar', length: 24 })
  rating: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'rated_at', type: 'datetime', precision: 3 })
  ratedAt: Date;

  /** The proposer gave no later rating of this unit (终评: after re-handling, the last round counts). */
  @Column({ name: 'final', type: 'boolean', default: true })
  final: boolean;

  @CreatedAt()
  createdAt: Date;
}
