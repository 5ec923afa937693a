import { CONTACT_METHODS, type ContactMethod } from '../vocabulary';
import type { CaseState, FeedbackRecord, UnitState } from './types';

/**
 * What the supervisors' reports read about one unit's part in a case, kept beside its assignment
 * row by the projection, so every report figure is a plain aggregate over indexed columns.
 */
export interface AssignmentFacts {
  /** 1 for the first handling, 2 after one re-handling (重新办理) … */
  round: number;
  /** The unit's first reply (答复) to the proposer; a co-handler's opinion is not a reply. */
  firstRepliedAt: string | null;
  lastRepliedAt: string | null;
  /** Whether the first reply came after the due instant in force then (approved extensions counted). */
  firstReplyLate: boolean | null;
  /** Contact methods recorded with the proposer in any round, in the vocabulary's order. */
  contactMethods: ContactMethod[];
  /** Urges (催办) aimed at this unit or at the whole case. */
  urgeCount: number;
  lastUrgedAt: string | null;
}

export function assignmentFacts(state: CaseState, u: UnitState): AssignmentFacts {
  const replies = [...u.replies].sort((a, b) => a.round - b.round);
  const first = replies[0];
  const last = replies[replies.length - 1];
  const methods = new Set(u.contacts.map((c) => c.method));
  const urges = state.urges.filter((x) => !x.unitId || x.unitId === u.unitId);
  const lastUrge = urges.reduce<string | null>((m, x) => (m === null || x.at > m ? x.at : m), null);
  return {
    round: u.round,
    firstRepliedAt: first?.at ?? null,
    lastRepliedAt: last?.at ?? null,
    firstReplyLate: first ? first.late : null,
    contactMethods: CONTACT_METHODS.filter((m) => methods.has(m)),
    urgeCount: urges.length,
    lastUrgedAt: lastUrge,
  };
}

/** A proposer's rating is final when they gave none in a later round for the same unit (终评). */
export function isFinalFeedback(u: UnitState, f: FeedbackRecord): boolean {
  return !u.feedback.some((o) => o.proposerId === f.proposerId && o.round > f.round);
}
