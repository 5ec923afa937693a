import { DataSource } from 'typeorm';
import {
  computeCaseDeadlines,
  findPolicy,
  plannedStartEvent,
  WorkingDayCalendar,
  type ClockRequest,
} from '@banli/domain';
import { CalendarStore } from '@banli/persistence';
import type { PlanDeadlinesInput, PlannedDeadline } from '@banli/workflows/activity-contracts';

export type PlanInput = Pick<
  PlanDeadlinesInput,
  'policyId' | 'policyVersion' | 'channel' | 'duringSession' | 'complex'
> & {
  requests: ClockRequest[];
};

/**
 * Answers the lifecycle's clock requests from the case's policy version and the calendar in force:
 * only the clocks the policy starts at the request's event come back, each with its explanation.
 */
export function planDeadlines(input: PlanInput, calendar: WorkingDayCalendar): PlannedDeadline[] {
  const policy = findPolicy(input.policyId, input.policyVersion);
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
  return {
    /** Computes the deadlines a transition starts (I/O: reads calendar data loaded by administrators). */
    async planDeadlines(input: PlanDeadlinesInput): Promise<PlannedDeadline[]> {
      return planDeadlines(input, await store.calendar());
    },
  };
}
