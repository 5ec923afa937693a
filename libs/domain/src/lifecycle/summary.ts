import type { UnitDisplayStage } from '../vocabulary';
import { isOverdue, liveUnits, nextDue, type NextDue } from './clocks';
import type { AssignmentMode, CaseStage, CaseState, UnitRole, UnitStage, UnitState } from './types';

/** A unit's stage as lists show it: a signed-off draft reads SIGNED_OFF until it is sent. */
export function unitDisplayStage(u: Pick<UnitState, 'stage' | 'draft'>): UnitDisplayStage {
  return u.stage === 'REPLY_REVIEW' && u.draft?.signedOffAt ? 'SIGNED_OFF' : u.stage;
}

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
export function displayStage(
  state: CaseState,
  opts: { signedOff?: boolean } = {},
): CaseStage | UnitDisplayStage {
  if (state.stage !== 'ASSIGNED') return state.stage;
  const replying = liveUnits(state).filter((u) => u.role !== 'co');
  if (replying.length === 0) return state.stage;
  const least = replying.reduce((a, b) =>
    UNIT_ORDER.indexOf(a.stage) <= UNIT_ORDER.indexOf(b.stage) ? a : b,
  );
  // runs started before SIGNED_OFF existed keep showing REPLY_REVIEW in their search attribute
  return opts.signedOff === false ? least.stage : unitDisplayStage(least);
}

export interface CaseSummary {
  caseId: string;
  seq: number;
  stage: CaseStage | UnitDisplayStage;
  caseStage: CaseStage;
  mode?: AssignmentMode;
  leadUnitId?: string;
  units: { unitId: string; role: UnitRole; stage: UnitDisplayStage; round: number; lateReplies: number }[];
  /** The earliest open duty (null while on hold or once ended). */
  nextDue: NextDue | null;
  /** An open duty is past due at `now` (isOverdue). */
  overdue: boolean;
  keyCase: boolean;
  onHold: boolean;
  closedAt?: string;
}

/** What lists, visibility and action results show of a case at `now`. */
export function summary(state: CaseState, now: string): CaseSummary {
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
      stage: unitDisplayStage(u),
      round: u.round,
      lateReplies: u.replies.filter((r) => r.late).length,
    })),
    nextDue: due,
    overdue: isOverdue(state, now, due),
    keyCase: state.keyCase,
    onHold: !!state.onHold,
    ...(state.closedAt ? { closedAt: state.closedAt } : {}),
  };
}
