// Fixtures for the lifecycle specs (not exported from the barrel).
import { DAY_MS, iso, ms } from './clocks';
import { decide } from './decide';
import { initialState } from './state';
import type {
  Actor,
  CaseState,
  ClockRequest,
  Command,
  DeadlineInput,
  Decision,
  LifecycleRules,
} from './types';

export const RULES: LifecycleRules = {
  contactRequiredBeforeReply: true,
  replyClasses: ['A', 'B', 'C', 'D'],
  trackingClasses: ['B', 'C'],
  rehandlingOnBasicallySatisfied: false,
  feedbackNoAnswer: 'recordedAsNoAnswer',
};

export const T0 = '2026-03-31T00:00:00.000Z';
/** T0 plus `days` (fractions allowed). */
export const day = (days: number, from = T0) => iso(ms(from) + days * DAY_MS);

export const office: Actor = { id: 'office-1', role: 'office' };
export const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
export const system: Actor = { id: 'system', role: 'system' };
export const clerk = (unitId: string): Actor => ({ id: `${unitId}-clerk`, role: 'unit', unitId });
export const leader = (unitId: string): Actor => ({ id: `${unitId}-leader`, role: 'unitLeader', unitId });
export const proposer = (id: string): Actor => ({ id, role: 'proposer' });

/** Clock lengths of a made-up policy, in days from the start event. */
export const POLICY_DAYS: Record<string, { event: string | string[]; days: number }> = {
  signFor: { event: 'assigned', days: 5 },
  mainReply: { event: 'assigned', days: 90 },
  mainReplyCap: { event: 'assigned', days: 180 },
  contact: { event: ['assigned', 'rehandlingStarted'], days: 30 },
  coOpinion: { event: 'assigned', days: 30 },
  adjustmentWindow: { event: 'received', days: 7 },
  feedback: { event: 'replied', days: 15 },
  rehandling: { event: 'rehandlingStarted', days: 30 },
  rehandlingCap: { event: 'rehandlingStarted', days: 60 },
  trackingReport: { event: ['replied', 'trackingReported'], days: 60 },
  adjustmentDecision: { event: 'adjustmentRequested', days: 7 },
};

/** What a policy engine would answer for these requests (each with the event and instant it counted from). */
export function plan(requests: ClockRequest[], days = POLICY_DAYS): DeadlineInput[] {
  return requests.flatMap((r) =>
    r.clocks
      .filter((c) => days[c] !== undefined && ([] as string[]).concat(days[c].event).includes(r.startEvent))
      .map((clock) => ({
        unitId: r.unitId,
        clock,
        dueAt: day(days[clock].days, r.startAt),
        summary: `${clock}: ${days[clock].days} days from ${r.startEvent} ${r.startAt}`,
        startEvent: r.startEvent,
        startAt: r.startAt,
      })),
  );
}

/** Decide as the workflow does: validate, plan the requested clocks, decide again with them. */
export function act(state: CaseState, command: Command, actor: Actor, now: string, rules = RULES): Decision {
  const first = decide(state, command, { now, actor, rules });
  if (!first.ok || first.clockRequests.length === 0) return first;
  return decide(state, { ...command, deadlines: plan(first.clockRequests) } as Command, {
    now,
    actor,
    rules,
  });
}

/** Applies steps that must all be accepted. */
export function run(state: CaseState, steps: [Command, Actor, string][], rules = RULES): CaseState {
  for (const [command, actor, now] of steps) {
    const r = act(state, command, actor, now, rules);
    if (!r.ok) throw new Error(`${command.type} refused: ${r.code} ${r.message}`);
    state = r.state;
  }
  return state;
}

export const newCase = (proposers = [{ id: 'p1', name: '张代表' }]) =>
  initialState({ caseId: 'case-1', proposers, registeredAt: T0 });

export const filed = (proposers?: { id: string; name: string }[]) =>
  run(newCase(proposers), [[{ type: 'file', number: '006', category: '城乡建设' }, office, T0]]);

export const soleAssigned = (unitId = 'u1', proposers?: { id: string; name: string }[]) =>
  run(filed(proposers), [[{ type: 'assign', mode: 'sole', units: [{ unitId }] }, office, T0]]);

/** Sole unit signed for on day 1, contact recorded on day 2, draft signed off on day 3. */
export const readyToReply = (cls = 'A', unitId = 'u1', proposers?: { id: string; name: string }[]) =>
  run(soleAssigned(unitId, proposers), [
    [{ type: 'signFor', unitId }, clerk(unitId), day(1)],
    [
      { type: 'recordContact', unitId, method: 'faceToFace', date: day(2), by: '李处长' },
      clerk(unitId),
      day(2),
    ],
    [
      {
        type: 'draftReply',
        unitId,
        class: cls,
        text: '答复正文',
        contactPerson: '王科长',
        contactPhone: '0591-1234567',
      },
      clerk(unitId),
      day(3),
    ],
    [{ type: 'signOffReply', unitId }, leader(unitId), day(3)],
  ]);
