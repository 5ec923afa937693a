import { isEscalated, liveUnits, ms, nextDue, overdue, type NextDue } from './clocks';
import type { AssignmentMode, CaseStage, CaseState, UnitRole, UnitStage } from './types';

/** Progress order used to pick the stage a case "is at" while several units work on it. */
const UNIT_ORDER: UnitStage[] = [
  'ASSIGNED',
  'ADJUSTMENT_REQUESTED',
  'RECEIVED',
  'IN_PROGRESS',
  'REHANDLING',
  'REPLY_REVIEW',
  'FEEDBACK_PENDING',
  'TRACKING',
  'OPINION_SENT',
  'CLOSED',
];

/**
 * One word for lists and the BanliStage search attribute: the case stage, or while units are
 * handling it, the stage of the least advanced replying unit (sole/joint: the lead's).
 */
export function displayStage(state: CaseState): CaseStage | UnitStage {
  if (state.stage !== 'ASSIGNED') return state.stage;
  const replying = liveUnits(state).filter((u) => u.role !== 'co');
  if (replying.length === 0) return state.stage;
  return replying
    .map((u) => u.stage)
    .reduce((a, b) => (UNIT_ORDER.indexOf(a) <= UNIT_ORDER.indexOf(b) ? a : b));
}

export interface CaseSummary {
  caseId: string;
  seq: number;
  stage: CaseStage | UnitStage;
  caseStage: CaseStage;
  mode?: AssignmentMode;
  leadUnitId?: string;
  units: { unitId: string; role: UnitRole; stage: UnitStage; round: number; lateReplies: number }[];
  nextDue: NextDue | null;
  /** An open duty has been escalated as overdue (or, given `now`, is past due). */
  overdue: boolean;
  keyCase: boolean;
  onHold: boolean;
  closedAt?: string;
}

/** Visibility summary; pass `now` to judge overdue by time rather than by fired escalations. */
export function summary(state: CaseState, now?: string): CaseSummary {
  const due = nextDue(state);
  return {
    caseId: state.caseId,
    seq: state.seq,
    stage: displayStage(state),
    caseStage: state.stage,
    ...(state.mode ? { mode: state.mode } : {}),
    ...(state.leadUnitId ? { leadUnitId: state.leadUnitId } : {}),
    units: liveUnits(state).map((u) => ({
      unitId: u.unitId,
      role: u.role,
      stage: u.stage,
      round: u.round,
      lateReplies: u.replies.filter((r) => r.late).length,
    })),
    nextDue: due,
    overdue:
      isEscalated(state) || (now !== undefined && !Number.isNaN(ms(now)) && overdue(state, now).length > 0),
    keyCase: state.keyCase,
    onHold: !!state.onHold,
    ...(state.closedAt ? { closedAt: state.closedAt } : {}),
  };
}
