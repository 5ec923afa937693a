import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Like, Repository } from 'typeorm';
import { PartyEntity, UnitEntity, USER_ROLES, UserEntity, type UserRole } from '@banli/persistence';
import { sessionCut } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import { ROLE_DESCRIPTIONS } from '@banli/domain';
import { actorOf, UNIT_ROLES } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { BanliProblem, notFound } from '../common/problem';
import { CreateUserDto, ListUsersQuery, PartiesQuery, UpdateUserDto } from './user.dto';

const unprocessable = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new BanliProblem(HttpStatus.UNPROCESSABLE_ENTITY, code, message, extra);

/**
 * Refuses to remove or demote the last active administrator. `activeAdminIds` are the active
 * administrators as locked by `guarded`, so no concurrent change can take the other one away.
 */
function keepOneAdmin(activeAdminIds: string[], userId: string, by: Principal) {
  if (activeAdminIds.some((id) => id !== userId)) return;
  throw new BanliProblem(
    HttpStatus.CONFLICT,
    'LAST_ADMIN',
    '不能停用、降级或删除最后一个管理员 (cannot remove the last administrator)',
    { userId, by: by.id },
  );
}

/** An administrator keeps their own account: another administrator deactivates, demotes or deletes it. */
function refuseOwnAccount(userId: string, dto: UpdateUserDto) {
  if (dto.active === false) {
    throw new BanliProblem(
      HttpStatus.CONFLICT,
      'SELF_DEACTIVATION',
      '不能停用自己的账号，请由另一位管理员操作 (you cannot deactivate your own account)',
      { userId },
    );
  }
  if (dto.role !== undefined && dto.role !== 'admin') {
    throw new BanliProblem(
      HttpStatus.CONFLICT,
      'SELF_DEMOTION',
      '不能取消自己的管理员角色，请由另一位管理员操作 (you cannot take the administrator role from yourself)',
      { userId, role: dto.role },
    );
  }
}

const bindingOf = (role: UserRole): 'unit' | 'party' | 'none' =>
  UNIT_ROLES.includes(role) ? 'unit' : role === 'proposer' ? 'party' : 'none';

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(UserEntity);
  }

  async list(q: ListUsersQuery) {
    const rows = await this.repo.find({
      where: { ...(q.role ? { role: q.role } : {}), ...(q.unitId ? { unitId: q.unitId } : {}) },
      order: { username: 'ASC' },
    });
    return rows.map((u) => this.view(u));
  }

  async get(id: string) {
    const u = await this.repo.findOne({ where: { id } });
    if (!u) throw notFound('用户 (user)', id);
    return this.view(u);
  }

  async create(dto: CreateUserDto) {
    const binding = await this.binding(dto.role, dto.unitId ?? null, dto.partyId ?? null);
    const id = randomUUID();
    try {
      await this.repo.insert({
        id,
        username: dto.username,
        displayName: dto.displayName,
        passwordHash: await hashPassword(dto.password),
        role: dto.role,
        ...binding,
        email: dto.email ?? null,
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'ER_DUP_ENTRY') {
        throw new BanliProblem(
          HttpStatus.CONFLICT,
          'USERNAME_TAKEN',
          `用户名已被使用 (user name taken): ${dto.username}`,
          { username: dto.username },
        );
      }
      throw e;
    }
    return this.get(id);
  }

  async update(id: string, dto: UpdateUserDto, by: Principal) {
    if (id === by.id) refuseOwnAccount(id, dto);
    // hashing is slow: done before the transaction holds any lock
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    await this.guarded(async (users, admins) => {
      const u = await users.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!u) throw notFound('用户 (user)', id);
      const role = dto.role ?? u.role;
      const binding = await this.binding(
        role,
        dto.unitId !== undefined ? dto.unitId : u.unitId,
        dto.partyId !== undefined ? dto.partyId : u.partyId,
        dto.role !== undefined && dto.role !== u.role,
      );
      const demotesAdmin = u.role === 'admin' && u.active && (role !== 'admin' || dto.active === false);
      if (demotesAdmin) keepOneAdmin(admins, u.id, by);
      await users.update(
        { id },
        {
          ...(dto.displayName !== undefined ? { displayName: dto.displayName } : {}),
          ...(dto.email !== undefined ? { email: dto.email } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
          ...(passwordHash !== undefined
            ? {
                passwordHash,
                failedLogins: 0,
                lockedUntil: null,
                // whoever knew the old password is signed out
                sessionsValidFrom: sessionCut(new Date(), u.sessionsValidFrom),
              }
            : {}),
          role,
          ...binding,
        },
      );
    });
    return this.get(id);
  }

  async remove(id: string, by: Principal) {
    if (id === by.id) {
      throw new BanliProblem(
        HttpStatus.CONFLICT,
        'SELF_DELETION',
        '不能删除自己的账号，请由另一位管理员操作 (you cannot delete your own account)',
        { userId: id },
      );
    }
    await this.guarded(async (users, admins) => {
      const u = await users.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!u) throw notFound('用户 (user)', id);
      if (u.role === 'admin' && u.active) keepOneAdmin(admins, u.id, by);
      await users.delete({ id });
    });
  }

  async unlock(id: string) {
    const u = await this.repo.findOne({ where: { id } });
    if (!u) throw notFound('用户 (user)', id);
    await this.repo.update({ id }, { failedLogins: 0, lockedUntil: null });
    return this.get(id);
  }

  roles() {
    return USER_ROLES.map((role) => ({
      role,
      actorRole: actorOf({ id: '', username: '', displayName: '', role, unitId: null, partyId: null }).role,
      binding: bindingOf(role),
      description: ROLE_DESCRIPTIONS[role].zh,
      descriptionEn: ROLE_DESCRIPTIONS[role].en,
    }));
  }

  async parties(q: PartiesQuery) {
    const rows = await this.ds.getRepository(PartyEntity).find({
      where: q.q ? { name: Like(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) } : {},
      order: { name: 'ASC' },
      take: q.limit ?? 50,
    });
    return rows.map(({ id, kind, name, email }) => ({ id, kind, name, email }));
  }

  /**
   * Unit roles belong to exactly one unit, proposers to exactly one party, others to neither.
   * When the role changes, a binding the new role does not use is dropped.
   */
  private async binding(role: UserRole, unitId: string | null, partyId: string | null, roleChanged = false) {
    const need = bindingOf(role);
    if (roleChanged) {
      if (need !== 'unit') unitId = null;
      if (need !== 'party') partyId = null;
    }
    if (need === 'unit') {
      if (!unitId)
        throw unprocessable(
          'USER_BINDING_INVALID',
          '承办单位账号须指定所属单位 unitId (unit roles need unitId)',
        );
      if (!(await this.ds.getRepository(UnitEntity).exists({ where: { id: unitId } }))) {
        throw unprocessable('UNKNOWN_UNIT_ID', `没有这个承办单位 (no such unit): ${unitId}`, {
          unitIds: [unitId],
        });
      }
    } else if (unitId) {
      throw unprocessable(
        'USER_BINDING_INVALID',
        `角色 ${role} 不属于承办单位，不能指定 unitId (only unit roles take unitId)`,
      );
    }
    if (need === 'party') {
      if (!partyId)
        throw unprocessable(
          'USER_BINDING_INVALID',
          '代表委员账号须指定提出人 partyId，见 GET /parties (proposers need partyId)',
        );
      if (!(await this.ds.getRepository(PartyEntity).exists({ where: { id: partyId } }))) {
        throw unprocessable('UNKNOWN_PARTY', `没有这个提出人 (no such party): ${partyId}`, { partyId });
      }
    } else if (partyId) {
      throw unprocessable(
        'USER_BINDING_INVALID',
        `角色 ${role} 不是提出人，不能指定 partyId (only proposers take partyId)`,
      );
    }
    return { unitId: need === 'unit' ? unitId : null, partyId: need === 'party' ? partyId : null };
  }

  /**
   * Runs a change to an account in a transaction that first locks the rows of every active
   * administrator (SELECT … FOR UPDATE), then hands their ids to `fn`. Two administrators
   * deactivating, demoting or deleting each other at the same moment are thus serialised: the
   * second sees the first's change and is refused LAST_ADMIN, instead of both counting two
   * administrators and leaving none. Every change takes the locks in the same order (the
   * administrators, then the account), and a deadlock InnoDB still reports is retried.
   */
  private async guarded<T>(
    fn: (users: Repository<UserEntity>, activeAdminIds: string[]) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ds.transaction(async (em) => {
          const users = em.getRepository(UserEntity);
          const admins = await users.find({
            select: { id: true },
            where: { role: 'admin', active: true },
            order: { id: 'ASC' },
            lock: { mode: 'pessimistic_write' },
          });
          return fn(
            users,
            admins.map((a) => a.id),
          );
        });
      } catch (e) {
        if ((e as { code?: string }).code !== 'ER_LOCK_DEADLOCK' || attempt >= 3) throw e;
      }
    }
  }

  private view(u: UserEntity, now = new Date()) {
    const { passwordHash: _p, unit: _u, party: _pa, ...rest } = u;
    return { ...rest, locked: !!u.lockedUntil && u.lockedUntil > now };
  }
}
