import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonText } from './columns';

/**
 * One published version of a policy authored by an administrator. Published versions are
 * immutable (a change is the next version); (policy_id, version) is the key, so two publishers
 * racing for the same next number cannot both win. Shipped policies live in code, never here.
 */
@Entity({ name: 'policy_version' })
export class PolicyVersionEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'varchar', length: 64 })
  policyId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The whole JurisdictionPolicy (id and version included) as published. */
  @Column({ type: 'longtext', transformer: jsonText })
  body: object;

  /** The policy version it was copied or edited from (a shipped one or an earlier version). */
  @Column({ name: 'based_on_id', type: 'varchar', length: 64, nullable: true })
  basedOnId: string | null;

  @Column({ name: 'based_on_version', type: 'int', nullable: true })
  basedOnVersion: number | null;

  @Column({ name: 'published_at', type: 'datetime', precision: 3 })
  publishedAt: Date;

  /** Account id of the administrator who published it. */
  @Column({ name: 'published_by', type: 'varchar', length: 64 })
  publishedBy: string;
}
