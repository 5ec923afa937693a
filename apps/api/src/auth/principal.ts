import type { Actor } from '@banli/domain/lifecycle';
import type { UserEntity, UserRole } from '@banli/persistence';

/** The signed-in person, as the guard puts it on the request. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  /** Set for unitStaff and unitLeader. */
  unitId: string | null;
  /** Set for proposer: the party (proposer record) this person speaks for. */
  partyId: string | null;
}

export const UNIT_ROLES: readonly UserRole[] = ['unitStaff', 'unitLeader'];
/** Roles that see every case. */
export const ALL_CASES_ROLES: readonly UserRole[] = ['office', 'admin', 'supervisor'];
/** Roles that may act as the assigning office. */
export const OFFICE_ROLES: UserRole[] = ['office', 'admin'];

export function principalOf(u: UserEntity): Principal {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    partyId: u.partyId,
  };
}

const ACTOR_ROLE: Record<UserRole, Actor['role']> = {
  office: 'office',
  admin: 'office',
  unitStaff: 'unit',
  unitLeader: 'unitLeader',
  supervisor: 'supervisor',
  proposer: 'proposer',
};

/**
 * The workflow actor for a signed-in person. A proposer acts under the party id, because the
 * lifecycle recognises proposers by their party; everyone else under the user id.
 */
export function actorOf(p: Principal): Actor {
  const role = ACTOR_ROLE[p.role];
  if (role === 'proposer') return { id: p.partyId ?? `user:${p.id}`, role, name: p.displayName };
  return {
    id: p.id,
    role,
    ...(p.unitId && (role === 'unit' || role === 'unitLeader') ? { unitId: p.unitId } : {}),
    name: p.displayName,
  };
}
