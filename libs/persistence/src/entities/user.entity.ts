import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { UserRole } from '@banli/domain';
import { CreatedAt, UpdatedAt } from './columns';
import { PartyEntity } from './party.entity';
import { UnitEntity } from './unit.entity';

/** Roles a person can hold (the domain's vocabulary). Unit roles carry `unitId`; a proposer carries `partyId`. */
export { USER_ROLES, type UserRole } from '@banli/domain';

/**
 * A person who signs in: office staff, a handling unit's staff or leader, a supervisor, a proposer
 * (bound to the party that proposes), or an administrator. Passwords are stored as salted scrypt
 * hashes only.
 */
@Entity({ name: 'user' })
@Index('ix_user_unit', ['unitId'])
@Index('ix_user_party', ['partyId'])
export class UserEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  /** `scrypt$N$r$p$salt$hash` (base64). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: UserRole;

  @Column({ name: 'unit_id', type: 'char', length: 36, nullable: true })
  unitId: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity | null;

  @Column({ name: 'party_id', type: 'char', length: 36, nullable: true })
  partyId: string | null;

  @ManyToOne(() => PartyEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'party_id' })
  party?: PartyEntity | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** A deactivated account cannot sign in and its tokens stop working. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Consecutive failed logins since the last success or lock. */
  @Column({ name: 'failed_logins', type: 'int', default: 0 })
  failedLogins: number;

  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_login_at', type: 'datetime', precision: 3, nullable: true })
  lastLoginAt: Date | null;

  /** Sessions (logins) begun before this instant are refused: set when the password changes. */
  @Column({ name: 'sessions_valid_from', type: 'datetime', precision: 3, nullable: true })
  sessionsValidFrom: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
