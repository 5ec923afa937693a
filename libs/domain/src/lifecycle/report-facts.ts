import { shanghaiDateOf } from '../calendar/dates';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
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

/**
 * One count a case adds to the handling statistics (统计), kept summed per session, unit, key-case
 * flag and month of assignment by the projection (table report_fact), so the statistics read a few
 * thousand summed rows instead of every assignment. `bucket` is the working days of a span
 * (signDays, replyDays), else 0.
 */
export interface ReportFact {
  keyCase: boolean;
  unitId: string;
  /** Shanghai month of the assignment, YYYY-MM. */
  month: string;
  metric: string;
  bucket: number;
  n: number;
}

/** The statistics' metrics; per-value ones are `prefix:value` (e.g. `method:phone`, `fb1:satisfied`). */
export const REPORT_METRICS = {
  assigned: 'assigned',
  replied: 'replied',
  closed: 'closed',
  onTime: 'onTime',
  rehandled: 'rehandled',
  contacted: 'contacted',
  method: 'method:',
  firstRating: 'fb1:',
  finalRating: 'fbF:',
  replyClass: 'class:',
  published: 'published',
  publishable: 'publishable',
  signDays: 'signDays',
  replyDays: 'replyDays',
} as const;

/**
 * The counts one case adds to the statistics, as the report's definitions read the read model:
 * every live part counts its sign-for time; a part that answers the proposer (not a co-handler)
 * counts its assignment, first reply (on time or late), closure, re-handling, contacts, the
 * proposers' first and final ratings, and its first reply's class and publication. Spans are
 * working days (after the day of assignment, up to the day of the event) on `cal`.
 */
export function reportFactsOf(state: CaseState, cal: WorkingDayCalendar): ReportFact[] {
  const out = new Map<string, ReportFact>();
  const M = REPORT_METRICS;
  for (const u of state.units) {
    if (u.stage === 'REPLACED' || u.stage === 'REMOVED') continue;
    const assignedDay = shanghaiDateOf(u.assignedAt);
    const span = (to: string) => {
      const toDay = shanghaiDateOf(to);
      return toDay > assignedDay ? cal.workingDaysBetween(assignedDay, toDay) : 0;
    };
    const count = (metric: string, bucket = 0) => {
      const f: ReportFact = {
        keyCase: state.keyCase,
        unitId: u.unitId,
        month: assignedDay.slice(0, 7),
        metric,
        bucket,
        n: 0,
      };
      const k = `${u.unitId}|${metric}|${bucket}`;
      (out.get(k) ?? out.set(k, f).get(k)!).n++;
    };
    if (u.receivedAt) count(M.signDays, span(u.receivedAt));
    if (u.role === 'co') continue;
    const facts = assignmentFacts(state, u);
    count(M.assigned);
    if (facts.firstRepliedAt) {
      count(M.replied);
      count(M.replyDays, span(facts.firstRepliedAt));
    }
    if (state.stage === 'CLOSED') count(M.closed);
    if (facts.firstReplyLate === false) count(M.onTime);
    if (facts.round > 1) count(M.rehandled);
    if (facts.contactMethods.length) count(M.contacted);
    for (const m of facts.contactMethods) count(M.method + m);
    for (const f of u.feedback) {
      if (f.round === 1) count(M.firstRating + f.rating);
      if (isFinalFeedback(u, f)) count(M.finalRating + f.rating);
    }
    for (const r of u.replies.filter((x) => x.round === 1)) {
      count(M.replyClass + (r.class ?? ''));
      const published = !!r.publication?.publishedAt;
      if (published) count(M.published);
      if (r.publicity === 'active' || published) count(M.publishable);
    }
  }
  return [...out.values()];
}
