import { DataSource } from 'typeorm';
import {
  computeCaseDeadlines,
  findPolicy,
  plannedStartEvent,
  WorkingDayCalendar,
  type ClockRequest,
  type JurisdictionPolicy,
} from '@banli/domain';
import { CalendarStore, JurisdictionStore, PolicyStore, ProposalEntity } from '@banli/persistence';
import type { PlanDeadlinesInput, PlannedDeadline } from '@banli/workflows/activity-contracts';

export type PlanInput = Pick<
  PlanDeadlinesInput,
  'policyId' | 'policyVersion' | 'channel' | 'duringSession' | 'complex'
> & {
  requests: ClockRequest[];
};

/**
 * Answers the lifecycle's clock requests from the case's policy version and the calendar in force
 * (the jurisdiction's local days already laid over it): only the clocks the policy starts at the
 * request's event come back, each with its explanation. `policy` is the case's version as the
 * PolicyStore found it; left out (pure tests), the shipped version of that id.
 */
export function planDeadlines(
  input: PlanInput,
  calendar: WorkingDayCalendar,
  policy: JurisdictionPolicy | undefined = findPolicy(input.policyId, input.policyVersion),
): PlannedDeadline[] {
  if (!policy)
    throw new Error(`policy ${input.policyId} v${input.policyVersion} is not known to this worker`);
  const out: PlannedDeadline[] = [];
  for (const req of input.requests) {
    // a request from an older run may name trackingStarted: planned as the reply event it stood for
    const startEvent = plannedStartEvent(req.startEvent);
    const computed = computeCaseDeadlines(policy, { [startEvent]: req.startAt }, calendar, {
      channel: input.channel,
      complex: input.complex,
      duringSession: input.duringSession,
      clocks: req.clocks,
      // an offsetBefore clock counts back from the referenced deadline as it stands, when given
      ...(req.refs ? { refs: req.refs } : {}),
    });
    for (const found of computed) {
      // offsetBefore references are computed too; only clocks starting at this event are armed now
      if (found.startEvent !== startEvent || !req.clocks.includes(found.clock)) continue;
      out.push({
        unitId: req.unitId,
        clock: found.clock,
        dueAt: found.dueAt,
        summary: found.summary,
        explanation: found,
        reminderOffsetsDays: found.reminders.map((r) => r.daysBefore),
        startEvent: req.startEvent,
        startAt: req.startAt,
      });
    }
  }
  return out;
}

export function createDeadlineActivities({ dataSource }: { dataSource: DataSource }) {
  const store = new CalendarStore(dataSource);
  const policies = PolicyStore.for(dataSource);
  const jurisdictions = JurisdictionStore.for(dataSource);
  return {
    /**
     * Computes the deadlines a transition starts (I/O: reads the case's policy version, the calendar
     * data loaded by administrators and the jurisdiction's local holidays and workdays).
     */
    async planDeadlines(input: PlanDeadlinesInput): Promise<PlannedDeadline[]> {
      const policy = await policies.find(input.policyId, input.policyVersion);
      if (!policy)
        throw new Error(`policy ${input.policyId} v${input.policyVersion} is not known to this worker`);
      // runs started before the input named the jurisdiction: the case's row names it
      const jurisdiction =
        input.jurisdiction ??
        (
          await dataSource
            .getRepository(ProposalEntity)
            .findOne({ where: { id: input.caseId }, select: ['id', 'jurisdiction'] })
        )?.jurisdiction;
      const calendar = await jurisdictions.calendarFor(jurisdiction, await store.calendar());
      return planDeadlines(input, calendar, policy);
    },
  };
}
