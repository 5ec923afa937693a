import { HttpStatus, Injectable } from '@nestjs/common';
import { ClockId, computeCaseDeadlines, findPolicy, shippedPolicies } from '@banli/domain';
import { CalendarService } from '../calendar/calendar.service';
import { BanliProblem, notFound } from '../common/problem';
import { DeadlinePreviewDto } from './policies.dto';

@Injectable()
export class PoliciesService {
  constructor(private readonly calendar: CalendarService) {}

  list() {
    const latest = new Map<string, ReturnType<typeof shippedPolicies>[number]>();
    for (const p of shippedPolicies()) if ((latest.get(p.id)?.version ?? 0) < p.version) latest.set(p.id, p);
    return [...latest.values()].map((p) => ({
      id: p.id,
      version: p.version,
      name: p.name,
      nameEn: p.nameEn,
      channels: p.channels,
      sources: p.sources,
      versions: shippedPolicies()
        .filter((q) => q.id === p.id)
        .map((q) => q.version),
    }));
  }

  get(id: string, version?: number) {
    const p = findPolicy(id, version);
    if (!p) throw notFound('时限政策 (policy)', version ? `${id} v${version}` : id);
    return p;
  }

  async preview(dto: DeadlinePreviewDto) {
    const policy = this.get(dto.policyId, dto.policyVersion);
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
    const cal = await this.calendar.store.calendar();
    const deadlines = computeCaseDeadlines(policy, events, cal, {
      channel: dto.channel,
      complex: dto.complex,
      duringSession: dto.duringSession,
      clocks: dto.clocks as ClockId[] | undefined,
    });
    return { policy: { id: policy.id, version: policy.version, name: policy.name }, deadlines };
  }
}
