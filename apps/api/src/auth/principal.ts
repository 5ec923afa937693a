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

export const ROLE_DESCRIPTIONS: Record<UserRole, { zh: string; en: string }> = {
  office: {
    zh: '交办机关（人大代表工委、政协提案委、政府督查室）：登记、立案、交办、审批调整与延期',
    en: 'assigning office',
  },
  unitStaff: {
    zh: '承办单位经办人：签收、沟通、起草答复、申请调整或延期、会办意见',
    en: 'handling unit staff',
  },
  unitLeader: {
    zh: '承办单位负责人：签发或退回答复稿，并可办理经办人的全部事项',
    en: 'handling unit leader',
  },
  supervisor: { zh: '督办（人大、政协、政府领导）：查看全部案件，催办，确定重点督办件', en: 'supervisor' },
  proposer: {
    zh: '代表、委员或提案团体：查看本人提出的建议/提案，评价答复',
    en: 'proposer (deputy, member, group)',
  },
  admin: {
    zh: '系统管理员：管理用户和承办单位，并具有交办机关的权限',
    en: 'administrator (also acts as office)',
  },
};
