import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, jsonText, UpdatedAt } from './columns';

/**
 * A jurisdiction (an assigning office) created by an administrator: the channels it handles, the
 * policy version new cases start under, its local calendar, numbering patterns and escalation
 * contacts. Shipped jurisdictions (one per shipped policy) live in code, never here.
 */
@Entity({ name: 'jurisdiction' })
@Index('ix_jurisdiction_policy', ['policyId', 'policyVersion'])
export class JurisdictionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  /** national | province | city | county */
  @Column({ type: 'varchar', length: 16 })
  level: string;

  /** Channel[] */
  @Column({ type: 'longtext', transformer: jsonText })
  channels: string[];

  @Column({ name: 'policy_id', type: 'varchar', length: 64 })
  policyId: string;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion: number;

  /** JurisdictionCalendarOverride[] */
  @Column({ name: 'calendar_overrides', type: 'longtext', transformer: jsonText })
  calendarOverrides: object[];

  @Column({ name: 'doc_number_pattern', type: 'varchar', length: 100, nullable: true })
  docNumberPattern: string | null;

  @Column({ name: 'index_number_pattern', type: 'varchar', length: 100, nullable: true })
  indexNumberPattern: string | null;

  /** EscalationContact[] */
  @Column({ name: 'escalation_contacts', type: 'longtext', transformer: jsonText })
  escalationContacts: object[];

  @CreatedAt()
  createdAt: Date;

  /** Account id of the administrator who created it. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @UpdatedAt()
  updatedAt: Date;
}
