import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockId, computeCaseDeadlines, type JurisdictionPolicy } from '@banli/domain';
import { JurisdictionStore, PolicyStore, type PolicyEntry } from '@banli/persistence';
import type { Principal } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { BanliProblem, notFound } from '../common/problem';
import { configActor, refusalsAsProblems } from './config-problems';
import {
  CreatePolicyDto,
  DeadlinePreviewDto,
  PublishPolicyVersionDto,
  ValidatePolicyDto,
} from './policies.dto';

/** A policy version as the API answers it: the rules, and where the version comes from. */
function view(e: PolicyEntry) {
  return {
    ...e.policy,
    shipped: e.shipped,
    ...(e.publishedAt ? { publishedAt: e.publishedAt.toISOString() } : {}),
    ...(e.publishedBy ? { publishedBy: e.publishedBy } : {}),
    ...(e.basedOn !== undefined ? { basedOn: e.basedOn } : {}),
  };
}

@Injectable()
export class PoliciesService {
  readonly store: PolicyStore;
  readonly jurisdictions: JurisdictionStore;

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly calendar: CalendarService,
  ) {
    this.store = PolicyStore.for(ds);
    this.jurisdictions = JurisdictionStore.for(ds);
  }

  async list() {
    return (await this.store.list()).map(({ policy: p, shipped, versions }) => ({
      id: p.id,
      version: p.version,
      name: p.name,
      nameEn: p.nameEn,
      channels: p.channels,
      sources: p.sources,
      versions,
      shipped,
    }));
  }

  async get(id: string, version?: number) {
    const e = await this.store.entry(id, version);
    if (!e) throw notFound('时限政策 (policy)', version ? `${id} v${version}` : id);
    return view(e);
  }

  /** Version 1 of a new policy id (a copy of a shipped or stored one, edited). */
  async create(p: Principal, dto: CreatePolicyDto) {
    return view(
      await refusalsAsProblems(() =>
        this.store.create({ id: dto.id, body: dto.policy, basedOn: dto.basedOn, actor: configActor(p) }),
      ),
    );
  }

  /** The next version of a stored policy. */
  async publish(p: Principal, id: string, dto: PublishPolicyVersionDto) {
    return view(
      await refusalsAsProblems(() =>
        this.store.publishNext({
          id,
          body: dto.policy,
          basedOnVersion: dto.basedOnVersion,
          actor: configActor(p),
        }),
      ),
    );
  }

  /** A published version never changes: 409 for one that exists, 404 otherwise. */
  async refuseEdit(id: string, version: number): Promise<never> {
    if (!(await this.store.entry(id, version))) throw notFound('时限政策 (policy)', `${id} v${version}`);
    throw new BanliProblem(
      HttpStatus.CONFLICT,
      'POLICY_VERSION_PUBLISHED',
      `已发布的版本不可修改，请发布新版本 (a published version is immutable: publish a new version): ${id} v${version}`,
      {
        policyId: id,
        policyVersion: version,
        ...(this.store.isShipped(id) ? { shipped: true } : {}),
      },
    );
  }

  /** Every problem of a policy body, without storing anything. */
  validate(dto: ValidatePolicyDto) {
    const { problems } = this.store.prepare(dto.id ?? 'draft', 1, dto.policy);
    return { ok: problems.length === 0, problems };
  }

  async preview(dto: DeadlinePreviewDto) {
    const jurisdiction = dto.jurisdiction ? await this.jurisdictions.find(dto.jurisdiction) : undefined;
    if (dto.jurisdiction && !jurisdiction) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_JURISDICTION',
        `未知的辖区 (unknown jurisdiction): ${dto.jurisdiction}。可用的见 GET /jurisdictions`,
        { jurisdiction: dto.jurisdiction },
      );
    }
    let policy: JurisdictionPolicy;
    if (dto.policy) {
      // an unpublished draft: computed as it stands, once it is sound
      const draft = this.store.prepare(dto.policyId ?? 'draft', dto.policyVersion ?? 1, dto.policy);
      if (draft.problems.length) {
        throw new BanliProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'POLICY_INVALID',
          `时限政策有 ${draft.problems.length} 处错误，无法试算 (invalid policy)`,
          { problems: draft.problems },
        );
      }
      policy = draft.policy;
    } else if (dto.policyId) {
      policy = await this.get(dto.policyId, dto.policyVersion);
    } else if (jurisdiction) {
      policy = await this.get(jurisdiction.policyId, jurisdiction.policyVersion);
    } else {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'POLICY_REQUIRED',
        '请给出 policyId、policy（未发布的政策）或 jurisdiction 之一 (give policyId, policy or jurisdiction)',
      );
    }
    const events = Object.fromEntries(
      Object.entries(dto.events ?? {}).filter(([, v]) => typeof v === 'string'),
    );
    if (Object.keys(events).length === 0) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'NO_START_EVENT',
        '至少需要一个起算事件，如 events.assigned (give at least one start event)',
      );
    }
    const cal = await this.jurisdictions.calendarFor(dto.jurisdiction, await this.calendar.store.calendar());
    const deadlines = computeCaseDeadlines(policy, events, cal, {
      channel: dto.channel,
      complex: dto.complex,
      duringSession: dto.duringSession,
      clocks: dto.clocks as ClockId[] | undefined,
    });
    return { policy: { id: policy.id, version: policy.version, name: policy.name }, deadlines };
  }
}
