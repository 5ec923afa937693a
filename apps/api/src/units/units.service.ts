import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AssignmentEntity, UnitContactEntity, UnitEntity, UserEntity } from '@banli/persistence';
import { numberPatternProblems } from '@banli/domain';
import { BanliProblem, notFound } from '../common/problem';
import { CreateUnitDto, UnitContactDto, UpdateUnitDto } from './unit.dto';

/** How a unit is shown beside a case: its code and its name. */
export interface UnitRef {
  code: string;
  name: string;
}

const isDup = (e: unknown) => (e as { code?: string }).code === 'ER_DUP_ENTRY';

@Injectable()
export class UnitsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list() {
    const units = await this.ds.getRepository(UnitEntity).find({ order: { code: 'ASC' } });
    const contacts = await this.ds.getRepository(UnitContactEntity).find({ order: { position: 'ASC' } });
    return units.map((u) =>
      this.view(
        u,
        contacts.filter((c) => c.unitId === u.id),
      ),
    );
  }

  async get(id: string) {
    const u = await this.ds.getRepository(UnitEntity).findOne({ where: { id } });
    if (!u) throw notFound('承办单位 (unit)', id);
    const contacts = await this.ds
      .getRepository(UnitContactEntity)
      .find({ where: { unitId: id }, order: { position: 'ASC' } });
    return this.view(u, contacts);
  }

  async create(dto: CreateUnitDto) {
    checkPatterns(dto);
    const id = randomUUID();
    try {
      await this.ds.transaction(async (m) => {
        const { contacts, ...fields } = dto;
        await m.getRepository(UnitEntity).insert({ id, ...nullify(fields) });
        await this.writeContacts(m, id, contacts ?? []);
      });
    } catch (e) {
      if (isDup(e)) throw this.codeTaken(dto.code);
      throw e;
    }
    return this.get(id);
  }

  async update(id: string, dto: UpdateUnitDto) {
    checkPatterns(dto);
    await this.get(id);
    try {
      await this.ds.transaction(async (m) => {
        const { contacts, ...fields } = dto;
        if (Object.keys(fields).length) await m.getRepository(UnitEntity).update({ id }, nullify(fields));
        if (contacts) await this.writeContacts(m, id, contacts);
      });
    } catch (e) {
      if (isDup(e)) throw this.codeTaken(dto.code ?? '');
      throw e;
    }
    return this.get(id);
  }

  /** Deletes a unit that no case and no account refers to; otherwise 409 UNIT_IN_USE. */
  async remove(id: string) {
    await this.get(id);
    const [cases, users] = await Promise.all([
      this.ds.getRepository(AssignmentEntity).count({ where: { unitId: id } }),
      this.ds.getRepository(UserEntity).count({ where: { unitId: id } }),
    ]);
    if (cases || users) {
      throw new BanliProblem(
        HttpStatus.CONFLICT,
        'UNIT_IN_USE',
        `该单位仍有 ${cases} 件交办记录、${users} 个账号，不能删除 (unit is referenced by cases or accounts)`,
        { assignments: cases, users },
      );
    }
    await this.ds.getRepository(UnitEntity).delete({ id });
  }

  /** Code and name of the known units among `ids` (empty and repeated ids allowed); unknown ids are left out. */
  async lookup(ids: Iterable<string | null | undefined>): Promise<Map<string, UnitRef>> {
    const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
    if (!wanted.length) return new Map();
    const found = await this.ds
      .getRepository(UnitEntity)
      .find({ where: { id: In(wanted) }, select: ['id', 'code', 'name'] });
    return new Map(found.map((u) => [u.id, { code: u.code, name: u.name }]));
  }

  /** The name of one unit, or null when there is no id or no such unit. */
  async nameOf(id: string | null | undefined): Promise<string | null> {
    return id ? ((await this.lookup([id])).get(id)?.name ?? null) : null;
  }

  private async writeContacts(m: EntityManager, unitId: string, contacts: UnitContactDto[]) {
    const repo = m.getRepository(UnitContactEntity);
    await repo.delete({ unitId });
    if (!contacts.length) return;
    await repo.insert(
      contacts.map((c, position) => ({
        id: randomUUID(),
        unitId,
        position,
        name: c.name,
        title: c.title ?? null,
        phone: c.phone ?? null,
        email: c.email ?? null,
        receivesTasks: c.receivesTasks ?? true,
      })),
    );
  }

  private view(u: UnitEntity, contacts: UnitContactEntity[]) {
    return {
      ...u,
      contacts: contacts.map(({ id, name, title, phone, email, receivesTasks }) => ({
        id,
        name,
        title,
        phone,
        email,
        receivesTasks,
      })),
    };
  }

  private codeTaken(code: string) {
    return new BanliProblem(
      HttpStatus.CONFLICT,
      'UNIT_CODE_TAKEN',
      `单位代码已被使用 (unit code already in use): ${code}`,
      { unitCode: code },
    );
  }
}

/** Optional text fields sent as empty strings are stored as NULL. */
function nullify<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === '' ? null : v])) as T;
}

/** 文号 patterns must be usable (numberPatternProblems): 422 INVALID_PATTERN naming the field. */
function checkPatterns(dto: Pick<UpdateUnitDto, 'docNumberPattern' | 'opinionNumberPattern'>) {
  for (const field of ['docNumberPattern', 'opinionNumberPattern'] as const) {
    const v = dto[field];
    if (v === undefined || v === null || v === '') continue;
    const problems = numberPatternProblems(v);
    if (problems.length)
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'INVALID_PATTERN',
        `文号格式无效（${field}）：${problems.join('；')} (invalid number pattern)`,
        { field, problems },
      );
  }
}
