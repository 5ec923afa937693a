import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PartyEntity } from './party.entity';
import { ProposalEntity } from './proposal.entity';

/** A proposer of a case, in signing order; position 0 is the lead signer (领衔/第一提案人). */
@Entity({ name: 'proposal_party' })
export class ProposalPartyEntity {
  @PrimaryColumn({ name: 'proposal_id', type: 'char', length: 36 })
  proposalId: string;

  @PrimaryColumn({ name: 'party_id', type: 'char', length: 36 })
  partyId: string;

  @Column({ type: 'int' })
  position: number;

  @ManyToOne(() => ProposalEntity, (p) => p.proposers, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal: ProposalEntity;

  @ManyToOne(() => PartyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party: PartyEntity;
}
