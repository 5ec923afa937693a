import { DataSource, EntityManager } from 'typeorm';
import {
  findPolicy,
  isShippedPolicy,
  shippedPolicies,
  validatePolicy,
  type ConfigFieldError,
  type JurisdictionPolicy,
} from '@banli/domain';
import {
  ConfigRefusal,
  isDuplicateKey,
  isLockConflict,
  writeAdminAudit,
  type ConfigActor,
} from './admin-audit';
import { PolicyVersionEntity } from './entities';

/** A policy's rules as an administrator writes them: the server sets id and version. */
export type PolicyBody = Omit<JurisdictionPolicy, 'id' | 'version'>;

/** One policy version and where it comes from. */
export interface PolicyEntry {
  policy: JurisdictionPolicy;
  shipped: boolean;
  /** Stored versions: when and by whom it was published, and what it was based on. */
  publishedAt?: Date;
  publishedBy?: string;
  basedOn?: { id: string; version: number } | null;
}

/** A policy in a list: its latest version and every version there is. */
export interface PolicyListing extends PolicyEntry {
  versions: number[];
}

/** Fields of a policy as the API answers it that are not part of the rules (dropped from a body). */
const ANSWER_ONLY = ['id', 'version', 'shipped', 'publishedAt', 'publishedBy', 'basedOn', 'versions'];

const MAX_PUBLISH_ATTEMPTS = 5;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * Every policy version a case may run under: the shipped ones (in code) and those administrators
 * published (table policy_version). Published versions are immutable, so each stored version is
 * read from the database once and kept in memory; only "the latest version" is asked each time.
 * Stored ids never collide with shipped ones.
 */
export class PolicyStore {
  private static readonly shared = new WeakMap<DataSource, PolicyStore>();
  private readonly cache = new Map<string, PolicyEntry>();

  constructor(private readonly ds: DataSource) {}

  /** One store per data source, so every caller shares its cache. */
  static for(ds: DataSource): PolicyStore {
    let s = PolicyStore.shared.get(ds);
    if (!s) PolicyStore.shared.set(ds, (s = new PolicyStore(ds)));
    return s;
  }

  /** True when `id` is a policy shipped with the code (read-only). */
  isShipped(id: string): boolean {
    return isShippedPolicy(id);
  }

  /** The policy `id` at `version` (its latest version when left out), or undefined. A copy. */
  async find(id: string, version?: number): Promise<JurisdictionPolicy | undefined> {
    return (await this.entry(id, version))?.policy;
  }

  /** The policy version with where it comes from, or undefined. A copy. */
  async entry(id: string, version?: number): Promise<PolicyEntry | undefined> {
    if (this.isShipped(id)) {
      const p = findPolicy(id, version);
      return p ? { policy: p, shipped: true } : undefined;
    }
    const v = version ?? (await this.latestVersion(id));
    if (v === undefined) return undefined;
    const key = `${id}@${v}`;
    let found = this.cache.get(key);
    if (!found) {
      const row = await this.ds.getRepository(PolicyVersionEntity).findOneBy({ policyId: id, version: v });
      if (!row) return undefined;
      found = entryOf(row);
      this.cache.set(key, found);
    }
    return copyOf(found);
  }

  /** Versions of `id`, ascending (empty when there is no such policy). */
  async versions(id: string): Promise<number[]> {
    if (this.isShipped(id))
      return shippedPolicies()
        .filter((p) => p.id === id)
        .map((p) => p.version)
        .sort((a, b) => a - b);
    const rows = await this.ds
      .getRepository(PolicyVersionEntity)
      .find({ where: { policyId: id }, select: ['version'], order: { version: 'ASC' } });
    return rows.map((r) => r.version);
  }

  /** Every policy, shipped ones first (in shipping order), then stored ones by id: the latest version of each. */
  async list(): Promise<PolicyListing[]> {
    const out: PolicyListing[] = [];
    const shipped = shippedPolicies();
    for (const id of [...new Set(shipped.map((p) => p.id))]) {
      const versions = shipped
        .filter((p) => p.id === id)
        .map((p) => p.version)
        .sort((a, b) => a - b);
      out.push({ policy: findPolicy(id)!, shipped: true, versions });
    }
    const rows: { policyId: string; version: number }[] = await this.ds
      .getRepository(PolicyVersionEntity)
      .find({ select: ['policyId', 'version'], order: { policyId: 'ASC', version: 'ASC' } });
    const byId = new Map<string, number[]>();
    for (const r of rows) byId.set(r.policyId, [...(byId.get(r.policyId) ?? []), r.version]);
    for (const [id, versions] of byId) {
      const e = await this.entry(id, versions[versions.length - 1]);
      if (e) out.push({ ...e, versions });
    }
    return out;
  }

  /**
   * The policy `id` v`version` made from an administrator's `body` (answer-only fields such as
   * shipped dropped, id and version set) and every problem the domain validator finds in it.
   */
  prepare(
    id: string,
    version: number,
    body: unknown,
  ): { policy: JurisdictionPolicy; problems: ConfigFieldError[] } {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return {
        policy: { id, version } as JurisdictionPolicy,
        problems: [{ path: '', message: 'must be an object' }],
      };
    const rules = Object.fromEntries(
      Object.entries(body as Record<string, unknown>).filter(([k]) => !ANSWER_ONLY.includes(k)),
    );
    const policy = { ...clone(rules), id, version } as JurisdictionPolicy;
    const problems = [...validatePolicy(policy).errors];
    if (typeof policy.name === 'string' && policy.name.length > 200)
      problems.push({ path: 'name', message: 'at most 200 characters' });
    return { policy, problems };
  }

  /**
   * Publishes version 1 of a new policy `id` (copied from `basedOn`, if given). Refuses an id that
   * is shipped or already stored (POLICY_EXISTS), an unknown basedOn (UNKNOWN_POLICY) and an
   * invalid body (POLICY_INVALID with `problems`). Audited.
   */
  async create(
    input: { id: string; body: unknown; basedOn?: { id: string; version: number }; actor: ConfigActor },
    now = new Date(),
  ): Promise<PolicyEntry> {
    if (this.isShipped(input.id) || (await this.latestVersion(input.id)) !== undefined)
      throw exists(input.id);
    if (input.basedOn && !(await this.find(input.basedOn.id, input.basedOn.version))) {
      throw new ConfigRefusal(
        'UNKNOWN_POLICY',
        `所依据的政策 ${input.basedOn.id} 第${input.basedOn.version}版不存在 (basedOn: no such policy version)`,
        { basedOn: input.basedOn },
      );
    }
    const policy = this.checked(input.id, 1, input.body);
    try {
      await this.insert(policy, input.basedOn ?? null, input.actor, now);
    } catch (e) {
      if (isDuplicateKey(e)) throw exists(input.id);
      throw e;
    }
    return (await this.entry(input.id, 1))!;
  }

  /**
   * Publishes the next version of the stored policy `id`, numbered under a lock (and retried should
   * two publishers still collide on the key). Refuses a shipped id (SHIPPED_POLICY_READ_ONLY: copy it
   * under a new id), an unknown one (POLICY_NOT_FOUND), an unknown basedOnVersion
   * (UNKNOWN_POLICY_VERSION) and an invalid body (POLICY_INVALID). Audited.
   */
  async publishNext(
    input: { id: string; body: unknown; basedOnVersion?: number; actor: ConfigActor },
    now = new Date(),
  ): Promise<PolicyEntry> {
    if (this.isShipped(input.id)) {
      throw new ConfigRefusal(
        'SHIPPED_POLICY_READ_ONLY',
        `${input.id} 是系统内置政策，不能发布新版本；请以新的编号复制后修改 (shipped policy: copy it under a new id)`,
        { policyId: input.id },
      );
    }
    const latest = await this.latestVersion(input.id);
    if (latest === undefined) {
      throw new ConfigRefusal('POLICY_NOT_FOUND', `未找到时限政策 (not found): ${input.id}`, {
        id: input.id,
      });
    }
    if (input.basedOnVersion !== undefined && !(await this.find(input.id, input.basedOnVersion))) {
      throw new ConfigRefusal(
        'UNKNOWN_POLICY_VERSION',
        `政策 ${input.id} 没有第 ${input.basedOnVersion} 版 (no such policy version)`,
        { policyId: input.id, policyVersion: input.basedOnVersion },
      );
    }
    // the body is checked once with a provisional number; only id and version change on a retry
    this.checked(input.id, latest + 1, input.body);
    for (let attempt = 1; ; attempt++) {
      try {
        const version = await this.ds.transaction(async (m) => {
          const [row] = (await m.query(
            'SELECT MAX(`version`) AS `v` FROM `policy_version` WHERE `policy_id` = ? FOR UPDATE',
            [input.id],
          )) as { v: number | null }[];
          const next = Number(row?.v ?? 0) + 1;
          const policy = this.checked(input.id, next, input.body);
          const basedOn = { id: input.id, version: input.basedOnVersion ?? next - 1 };
          await this.insert(policy, basedOn, input.actor, now, m);
          return next;
        });
        return (await this.entry(input.id, version))!;
      } catch (e) {
        if ((isDuplicateKey(e) || isLockConflict(e)) && attempt < MAX_PUBLISH_ATTEMPTS) continue;
        throw e;
      }
    }
  }

  private async latestVersion(id: string): Promise<number | undefined> {
    const [row] = (await this.ds.query(
      'SELECT MAX(`version`) AS `v` FROM `policy_version` WHERE `policy_id` = ?',
      [id],
    )) as { v: number | null }[];
    return row?.v == null ? undefined : Number(row.v);
  }

  private checked(id: string, version: number, body: unknown): JurisdictionPolicy {
    const { policy, problems } = this.prepare(id, version, body);
    if (problems.length) {
      throw new ConfigRefusal(
        'POLICY_INVALID',
        `时限政策有 ${problems.length} 处错误：${problems
          .slice(0, 3)
          .map((p) => `${p.path} ${p.message}`)
          .join('；')}${problems.length > 3 ? '……' : ''} (invalid policy)`,
        { problems },
      );
    }
    return policy;
  }

  private async insert(
    policy: JurisdictionPolicy,
    basedOn: { id: string; version: number } | null,
    actor: ConfigActor,
    now: Date,
    manager?: EntityManager,
  ): Promise<void> {
    const write = async (m: EntityManager) => {
      await m.getRepository(PolicyVersionEntity).insert({
        policyId: policy.id,
        version: policy.version,
        name: policy.name,
        body: policy,
        basedOnId: basedOn?.id ?? null,
        basedOnVersion: basedOn?.version ?? null,
        publishedAt: now,
        publishedBy: actor.id,
      });
      await writeAdminAudit(
        m,
        {
          subjectKind: 'policy',
          subjectId: policy.id,
          action: 'publish',
          detail: { version: policy.version, name: policy.name, basedOn },
        },
        actor,
        now,
      );
    };
    if (manager) await write(manager);
    else await this.ds.transaction(write);
  }
}

function copyOf(e: PolicyEntry): PolicyEntry {
  return { ...e, policy: clone(e.policy), ...(e.basedOn ? { basedOn: { ...e.basedOn } } : {}) };
}

function entryOf(row: PolicyVersionEntity): PolicyEntry {
  return {
    policy: { ...(row.body as JurisdictionPolicy), id: row.policyId, version: row.version },
    shipped: false,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    basedOn:
      row.basedOnId !== null && row.basedOnVersion !== null
        ? { id: row.basedOnId, version: row.basedOnVersion }
        : null,
  };
}

function exists(id: string) {
  return new ConfigRefusal(
    'POLICY_EXISTS',
    `政策编号 ${id} 已存在（或为系统内置政策），请换一个编号 (policy id taken)`,
    {
      policyId: id,
    },
  );
}
