import { DataSource } from 'typeorm';
import {
  ClockId,
  ClockRequest,
  ClockStartEvent,
  computeCaseDeadlines,
  findPolicy,
  StartEvent,
  WorkingDayCalendar,
} from '@banli/domain';
import { CalendarStore } from '@banli/persistence';
import type { PlanDeadlinesInput, PlannedDeadline } from '@banli/workflows/activity-contracts';

/**
 * The lifecycle names its clocks by what the unit must do; jurisdiction policies name them as
 * the regulations do. This is the one place the two vocabularies meet.
 */
export const LIFECYCLE_TO_POLICY_CLOCK: Record<string, ClockId> = {
  signFor: 'signFor',
  adjustmentWindow: 'adjustmentWindow',
  mainReply: 'mainReply',
  contact: 'contactProposer',
  coOpinion: 'coHandlerOpinion',
  feedback: 'feedback',
  rehandling: 'rehandling',
  trackingReport: 'followUpReport',
  mainReplyCap: 'extensionCap',
};

const START_EVENT: Record<StartEvent, ClockStartEvent> = {
  assigned: 'assigned',
  received: 'received',
  replied: 'replied',
  rehandlingStarted: 'rehandlingAssigned',
  trackingStarted: 'replied',
};

export type PlanInput = Pick<
  PlanDeadlinesInput,
  'policyId' | 'policyVersion' | 'channel' | 'duringSession' | 'complex'
> & {
  requests: ClockRequest[];
};

/**
 * Answers the lifecycle's clock requests from the case's policy version and the calendar in force:
 * only the clocks the policy starts at that event come back, each with its explanation.
 */
export function planDeadlines(input: PlanInput, calendar: WorkingDayCalendar): PlannedDeadline[] {
  const policy = findPolicy(input.policyId, input.policyVersion);
  if (!policy)
    throw new Error(`policy ${input.policyId} v${input.policyVersion} is not known to this worker`);
  const out: PlannedDeadline[] = [];
  for (const req of input.requests) {
    const event = START_EVENT[req.startEvent];
    const wanted = req.clocks.filter((c) => LIFECYCLE_TO_POLICY_CLOCK[c]);
    const computed = computeCaseDeadlines(policy, { [event]: req.startAt }, calendar, {
      channel: input.channel,
      complex: input.complex,
      duringSession: input.duringSession,
      clocks: wanted.map((c) => LIFECYCLE_TO_POLICY_CLOCK[c]),
    });
    for (const c of wanted) {
      const policyClock = LIFECYCLE_TO_POLICY_CLOCK[c];
      const found = computed.find(
        (d) =>
          d.startEvent === event &&
          (d.clock === policyClock || (policyClock === 'mainReply' && d.clock === 'mainReplyComplex')),
      );
      if (!found) continue;
      out.push({
        unitId: req.unitId,
        clock: c,
        dueAt: found.dueAt,
        summary: found.summary,
        explanation: found,
        reminderOffsetsDays: found.reminders.map((r) => r.daysBefore),
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
