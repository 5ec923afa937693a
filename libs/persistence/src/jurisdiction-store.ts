import { DataSource } from 'typeorm';
import {
  calendarOverridesOf,
  channelNotCoveredMessage,
  findShippedJurisdiction,
  shippedJurisdictions,
  validateJurisdiction,
  type Channel,
  type Jurisdiction,
  type JurisdictionPolicy,
  type WorkingDayCalendar,
} from '@banli/domain';
import { ConfigRefusal, isDuplicateKey, writeAdminAudit, type ConfigActor } from './admin-audit';
import { JurisdictionEntity } from './entities';
import { PolicyStore } from './policy-store';

/** A new jurisdiction as an administrator gives it; policyVersion left out = the policy's latest. */
export type JurisdictionInput = Omit<Jurisdiction, 'shipped' | 'policyVersion'> & { policyVersion?: number };

/** What an administrator may change; null clears an optional field. */
export type JurisdictionPatch = Partial<
  Pick<
    Jurisdiction,
    'name' | 'level' | 'channels' | 'policyVersion' | 'calendarOverrides' | 'escalationContacts'
  >
> & {
  nameEn?: string | null;
  docNumberPattern?: string | null;
  indexNumberPattern?: string | null;
};

/** Fields compared for the audit trail of a change. */
const FIELDS = [
  'name',
  'nameEn',
  'level',
  'channels',
  'policyVersion',
  'calendarOverrides',
  'docNumberPattern',
  'indexNumberPattern',
  'escalationContacts',
] as const;

/**
 * Jurisdictions: the shipped ones (one per shipped policy, read-only) and those administrators
 * created (table jurisdiction). A stored id never equals a shipped one. Every change is checked
 * against its policy version (the channels it covers) and audited.
 */
export class JurisdictionStore {
  private static readonly shared = new WeakMap<DataSource, JurisdictionStore>();

  constructor(
    private readonly ds: DataSource,
    readonly policies: PolicyStore = PolicyStore.for(ds),
  ) {}

  /** One store per data source. */
  static for(ds: DataSource): JurisdictionStore {
    let s = JurisdictionStore.shared.get(ds);
    if (!s) JurisdictionStore.shared.set(ds, (s = new JurisdictionStore(ds)));
    return s;
  }

  /** The jurisdiction `id`: a stored one first, then a shipped one; undefined when there is none. */
  async find(id: string): Promise<Jurisdiction | undefined> {
    const row = await this.ds.getRepository(JurisdictionEntity).findOneBy({ id });
    return row ? jurisdictionOf(row) : findShippedJurisdiction(id);
  }

  /** Shipped jurisdictions first (in shipping order), then stored ones by id. */
  async list(): Promise<Jurisdiction[]> {
    const rows = await this.ds.getRepository(JurisdictionEntity).find({ order: { id: 'ASC' } });
    return [...shippedJurisdictions(), ...rows.map(jurisdictionOf)];
  }

  /** The name of jurisdiction `id`, or null when there is no id or no such jurisdiction. */
  async nameOf(id: string | null | undefined): Promise<string | null> {
    return id ? ((await this.find(id))?.name ?? null) : null;
  }

  /** Names by id for the given ids (unknown ids left out). */
  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      const j = await this.find(id);
      if (j) out.set(id, j.name);
    }
    return out;
  }

  /** `calendar` with the local holidays and workdays of jurisdiction `id` laid over it. */
  async calendarFor(id: string | undefined, calendar: WorkingDayCalendar): Promise<WorkingDayCalendar> {
    const j = id ? await this.find(id) : undefined;
    return j && j.calendarOverrides.length ? calendar.withOverrides(calendarOverridesOf(j)) : calendar;
  }

  /**
   * Creates a jurisdiction. Refuses an id that is shipped or taken (JURISDICTION_EXISTS), an unknown
   * policy or version (UNKNOWN_POLICY), a channel the policy version does not cover
   * (CHANNEL_NOT_COVERED) and any other problem (JURISDICTION_INVALID with `problems`).
   */
  async create(input: JurisdictionInput, actor: ConfigActor, now = new Date()): Promise<Jurisdiction> {
    if (
      findShippedJurisdiction(input.id) ||
      (await this.ds.getRepository(JurisdictionEntity).existsBy({ id: input.id }))
    )
      throw exists(input.id);
    const policy = await this.policies.find(input.policyId, input.policyVersion);
    if (!policy) {
      throw new ConfigRefusal(
        'UNKNOWN_POLICY',
        `未知的时限政策 (unknown policy): ${input.policyId}${input.policyVersion ? ` 第${input.policyVersion}版` : ''}。可用的见 GET /policies`,
        { policyId: input.policyId, ...(input.policyVersion ? { policyVersion: input.policyVersion } : {}) },
      );
    }
    const j: Jurisdiction = { ...input, policyVersion: policy.version, shipped: false };
    this.check(j, policy);
    try {
      await this.ds.transaction(async (m) => {
        await m.getRepository(JurisdictionEntity).insert({ ...rowOf(j), createdBy: actor.id });
        await writeAdminAudit(
          m,
          { subjectKind: 'jurisdiction', subjectId: j.id, action: 'create', detail: j },
          actor,
          now,
        );
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw exists(j.id);
      throw e;
    }
    return (await this.find(j.id))!;
  }

  /**
   * Changes a stored jurisdiction (a new policyVersion applies to cases registered from now on).
   * Refuses a shipped one (SHIPPED_READ_ONLY), an unknown one (JURISDICTION_NOT_FOUND), an unknown
   * policy version (UNKNOWN_POLICY_VERSION), an uncovered channel and other problems as create does.
   */
  async update(
    id: string,
    patch: JurisdictionPatch,
    actor: ConfigActor,
    now = new Date(),
  ): Promise<Jurisdiction> {
    if (findShippedJurisdiction(id)) {
      throw new ConfigRefusal(
        'SHIPPED_READ_ONLY',
        `${id} 是系统内置辖区，不能修改；请新建辖区 (shipped jurisdictions are read-only)`,
        { id },
      );
    }
    await this.ds.transaction(async (m) => {
      const row = await m
        .getRepository(JurisdictionEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new ConfigRefusal('JURISDICTION_NOT_FOUND', `未找到辖区 (not found): ${id}`, { id });
      const before = jurisdictionOf(row);
      const after: Jurisdiction = { ...before };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) continue;
        (after as unknown as Record<string, unknown>)[k] = v === null ? undefined : v;
      }
      const policy = await this.policies.find(after.policyId, after.policyVersion);
      if (!policy) {
        throw new ConfigRefusal(
          'UNKNOWN_POLICY_VERSION',
          `政策 ${after.policyId} 没有第 ${after.policyVersion} 版 (no such policy version)`,
          { policyId: after.policyId, policyVersion: after.policyVersion },
        );
      }
      this.check(after, policy);
      const changed = FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
      if (!changed.length) return;
      await m.getRepository(JurisdictionEntity).update({ id }, rowOf(after));
      await writeAdminAudit(
        m,
        {
          subjectKind: 'jurisdiction',
          subjectId: id,
          action: 'update',
          detail: Object.fromEntries(
            changed.map((f) => [f, { from: before[f] ?? null, to: after[f] ?? null }]),
          ),
        },
        actor,
        now,
      );
    });
    return (await this.find(id))!;
  }

  private check(j: Jurisdiction, policy: JurisdictionPolicy): void {
    const uncovered = Array.isArray(j.channels)
      ? j.channels.find((c) => !policy.channels.includes(c))
      : undefined;
    if (uncovered) {
      throw new ConfigRefusal(
        'CHANNEL_NOT_COVERED',
        `${channelNotCoveredMessage(`政策 ${policy.name}（${policy.id} 第${policy.version}版）`, uncovered, policy.channels)} (the policy version does not cover channel ${uncovered})`,
        { channel: uncovered, covered: policy.channels },
      );
    }
    const problems = validateJurisdiction(j, policy);
    if (problems.length) {
      throw new ConfigRefusal(
        'JURISDICTION_INVALID',
        `辖区有 ${problems.length} 处错误：${problems
          .slice(0, 3)
          .map((p) => `${p.path} ${p.message}`)
          .join('；')}${problems.length > 3 ? '……' : ''} (invalid jurisdiction)`,
        { problems },
      );
    }
  }
}

function rowOf(j: Jurisdiction): Omit<JurisdictionEntity, 'createdAt' | 'updatedAt' | 'createdBy'> {
  return {
    id: j.id,
    name: j.name,
    nameEn: j.nameEn ?? null,
    level: j.level,
    channels: j.channels,
    policyId: j.policyId,
    policyVersion: j.policyVersion,
    calendarOverrides: j.calendarOverrides,
    docNumberPattern: j.docNumberPattern ?? null,
    indexNumberPattern: j.indexNumberPattern ?? null,
    escalationContacts: j.escalationContacts,
  };
}

function jurisdictionOf(r: JurisdictionEntity): Jurisdiction {
  return {
    id: r.id,
    name: r.name,
    ...(r.nameEn !== null ? { nameEn: r.nameEn } : {}),
    level: r.level as Jurisdiction['level'],
    channels: r.channels as Channel[],
    policyId: r.policyId,
    policyVersion: r.policyVersion,
    calendarOverrides: (r.calendarOverrides ?? []) as Jurisdiction['calendarOverrides'],
    ...(r.docNumberPattern !== null ? { docNumberPattern: r.docNumberPattern } : {}),
    ...(r.indexNumberPattern !== null ? { indexNumberPattern: r.indexNumberPattern } : {}),
    escalationContacts: (r.escalationContacts ?? []) as Jurisdiction['escalationContacts'],
    shipped: false,
  };
}

function exists(id: string) {
  return new ConfigRefusal(
    'JURISDICTION_EXISTS',
    `辖区编号 ${id} 已存在（或为系统内置辖区），请换一个编号 (jurisdiction id taken)`,
    {
      id,
    },
  );
}
