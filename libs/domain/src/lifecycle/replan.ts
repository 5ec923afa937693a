import { clockInfo } from '../vocabulary';
import type { ClockRequest, DeadlineState, LegacyStartEvent, StartEvent, UnitState } from './types';

/** The policy event a start event recorded by older runs stands for. */
export const plannedStartEvent = (e: StartEvent | LegacyStartEvent): StartEvent =>
  e === 'trackingStarted' ? 'replied' : e;

/**
 * The request that plans an open deadline again (recompute): from the event and instant it
 * started at, with its cap. Older runs recorded tracking as counting from its own start; new runs
 * count it from the unit's last reply, while a legacy run re-plans exactly what it recorded (its
 * history replays; the planner reads trackingStarted as the reply event, as it always did).
 */
export function replanRequest(u: UnitState, d: DeadlineState, legacy: boolean): ClockRequest {
  const cap = clockInfo(d.clock).cap;
  const clocks = cap ? [d.clock, cap] : [d.clock];
  const reply = u.replies[u.replies.length - 1];
  const from =
    d.startEvent === 'trackingStarted' && !legacy
      ? { startEvent: 'replied' as const, startAt: reply?.at ?? d.startAt }
      : { startEvent: d.startEvent, startAt: d.startAt };
  return { unitId: u.unitId, ...from, clocks };
}
