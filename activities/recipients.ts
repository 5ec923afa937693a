import { DataSource, In } from 'typeorm';
import { PartyEntity, UnitContactEntity, UnitEntity, UserEntity } from '@banli/persistence';

export interface Recipient {
  name: string;
  email: string;
}

function unique(list: (Recipient | null)[]): Recipient[] {
  const seen = new Set<string>();
  return list.filter((r): r is Recipient => {
    if (!r?.email) return false;
    const k = r.email.trim().toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Who hears about what, from unit contacts and the people managed through the API:
 * a unit's task mail goes to its contact, its contacts marked for tasks and its active staff;
 * escalations to its leader (a draft to countersign or a reply the office returned to both);
 * supervisors' and offices' mail to active users in those roles.
 */
export class Recipients {
  constructor(private readonly ds: DataSource) {}

  async unitTasks(unitId: string): Promise<Recipient[]> {
    const [unit, contacts, staff] = await Promise.all([
      this.ds.getRepository(UnitEntity).findOneBy({ id: unitId }),
      this.ds
        .getRepository(UnitContactEntity)
        .find({ where: { unitId, receivesTasks: true }, order: { position: 'ASC' } }),
      this.ds.getRepository(UserEntity).find({ where: { unitId, role: 'unitStaff', active: true } }),
    ]);
    return unique([
      unit?.contactEmail ? { name: unit.contactName ?? unit.name, email: unit.contactEmail } : null,
      ...contacts.map((c) => (c.email ? { name: c.name, email: c.email } : null)),
      ...staff.map((u) => (u.email ? { name: u.displayName, email: u.email } : null)),
    ]);
  }

  async unitLeaders(unitId: string): Promise<Recipient[]> {
    const [unit, leaders] = await Promise.all([
      this.ds.getRepository(UnitEntity).findOneBy({ id: unitId }),
      this.ds.getRepository(UserEntity).find({ where: { unitId, role: 'unitLeader', active: true } }),
    ]);
    return unique([
      unit?.leaderEmail ? { name: unit.leaderName ?? `${unit.name}负责人`, email: unit.leaderEmail } : null,
      ...leaders.map((u) => (u.email ? { name: u.displayName, email: u.email } : null)),
    ]);
  }

  /** A unit's task recipients and its leaders, each address once (e.g. a draft to countersign). */
  async unitTasksAndLeaders(unitId: string): Promise<Recipient[]> {
    const [tasks, leaders] = await Promise.all([this.unitTasks(unitId), this.unitLeaders(unitId)]);
    return unique([...tasks, ...leaders]);
  }

  async byRole(roles: ('supervisor' | 'office')[]): Promise<Recipient[]> {
    const users = await this.ds
      .getRepository(UserEntity)
      .find({ where: { role: In(roles), active: true }, order: { username: 'ASC' } });
    return unique(users.map((u) => (u.email ? { name: u.displayName, email: u.email } : null)));
  }

  /** One account by id (e.g. the staff member who drafted a reply); none when it is not an active user. */
  async user(userId: string | undefined): Promise<Recipient[]> {
    if (!userId) return [];
    const u = await this.ds.getRepository(UserEntity).findOneBy({ id: userId, active: true });
    return unique([u?.email ? { name: u.displayName, email: u.email } : null]);
  }

  async proposer(partyId: string): Promise<Recipient[]> {
    const [party, users] = await Promise.all([
      this.ds.getRepository(PartyEntity).findOneBy({ id: partyId }),
      this.ds.getRepository(UserEntity).find({ where: { partyId, role: 'proposer', active: true } }),
    ]);
    return unique([
      party?.email ? { name: party.name, email: party.email } : null,
      ...users.map((u) => (u.email ? { name: u.displayName, email: u.email } : null)),
    ]);
  }
}
