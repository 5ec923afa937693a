import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PartyKind } from '@banli/domain';
import { CreatedAt } from './columns';

export type { PartyKind } from '@banli/domain';

/** A proposer: a deputy, a CPPCC member, or a group such as 九三学社 or a sector (界别). */
@Entity({ name: 'party' })
export class PartyEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: PartyKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phone: string | null;

  @CreatedAt()
  createdAt: Date;
}
