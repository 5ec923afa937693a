import {
  clockInfo,
  TERMINAL_CASE_STAGES,
  type ClockId,
  type ClockKind,
  type DeadlineRowStatus,
} from '../vocabulary';
import type {
  CaseState,
  DeadlineInput,
  DeadlineState,
  LegacyStartEvent,
  StartEvent,
  UnitRole,
  UnitState,
} from './types';

/** One day in milliseconds (reminder offsets are whole calendar days before the due instant). */
export const DAY_MS = 86_400_000;

const replying = (role: UnitRole) => role !== 'co';

/**
 * Clocks that may start when `event` happens to a unit of `role`. The policy engine returns the
 * subset it starts at that event (a policy may start the main reply at 交办 or at 签收).
 */
export function candidateClocks(role: UnitRole, event: StartEvent): ClockId[] {
  switch (event) {
    case 'assigned':
      return replying(role)
        ? ['signFor', 'adjustmentWindow', 'mainReply', 'contact', 'mainReplyCap']
        : ['signFor', 'adjustmentWindow', 'coOpinion'];
    case 'received':
      return replying(role)
        ? ['adjustmentWindow', 'mainReply', 'contact', 'mainReplyCap']
        : ['adjustmentWindow', 'coOpinion'];
    case 'adjustmentRequested':
      return ['adjustmentDecision'];
    case 'replied':
      return ['feedback'];
    case 'rehandlingStarted':
      return ['rehandling', 'contact', 'rehandlingCap'];
    case 'trackingReported':
      return replying(role) ? ['trackingReport'] : [];
    default:
      return [];
  }
}

/** The clock a unit's reply answers to in its current round. */
export function replyClockOf(unit: Pick<UnitState, 'round'>): 'mainReply' | 'rehandling' {
  return unit.round > 1 ? 'rehandling' : 'mainReply';
}

export const ms = (iso: string): number => Date.parse(iso);
export const iso = (t: number): string => new Date(t).toISOString();
export const isInstant = (s: unknown): s is string =>
  typeof s === 'string' && s.length >= 10 && !Number.isNaN(Date.parse(s));

/** A fresh deadline from a planned one. */
export function newDeadline(
  d: DeadlineInput,
  startEvent: StartEvent | LegacyStartEvent,
  startAt: string,
  now: string,
): DeadlineState {
  return {
    clock: d.clock,
    dueAt: iso(ms(d.dueAt)),
    summary: d.summary,
    ...(d.explanation !== undefined ? { explanation: d.explanation } : {}),
    reminderOffsetsDays: [...(d.reminderOffsetsDays ?? clockInfo(d.clock).defaultReminderOffsetsDays)],
    startEvent,
    startAt,
    armedAt: now,
    open: true,
    firedReminders: [],
    heldMs: 0,
  };
}

/** Units whose clocks still count: not replaced, removed or closed. */
export function liveUnits(state: CaseState): UnitState[] {
  return state.units.filter((u) => u.stage !== 'REPLACED' && u.stage !== 'REMOVED');
}

export const isTerminal = (state: CaseState): boolean =>
  (TERMINAL_CASE_STAGES as readonly string[]).includes(state.stage);

// ---------------------------------------------------------------------------------------------
// Overdue and next due: the one definition. The read model (libs/persistence: deadline.kind and
// deadline.status, proposal.next_due_at), the case list, the digest, the BanliOverdue search
// attribute and the reports are all this, stored or translated to SQL; a test keeps them equal.

/**
 * Whether a case's duties are counting: it has not ended and is not on hold (a hold stops every
 * clock and moves the due instants on resume, so nothing is overdue while held).
 */
export const isCounting = (state: CaseState): boolean =>
  !state.onHold && (!isTerminal(state) || awaitingPublication(state));

/**
 * A closed case whose reply is still to be published (or declined): its publication clock counts
 * on after the handling ends, and the case's process stays to take the decision.
 */
export function awaitingPublication(state: CaseState): boolean {
  return (
    state.stage === 'CLOSED' &&
    state.units.some((u) => u.deadlines.publication?.open && u.stage !== 'REPLACED' && u.stage !== 'REMOVED')
  );
}

/** Whether a deadline counts in a case of this stage: every open one of an open case; of a closed case, publication only. */
const countsIn = (state: CaseState, d: DeadlineState): boolean =>
  d.open && (!isTerminal(state) || (state.stage === 'CLOSED' && d.clock === 'publication'));

/**
 * A deadline as the read model stores it: `open` while it counts, `held` while its case is on hold,
 * `closed` once done (or its unit or case ended).
 */
export function deadlineStatus(state: CaseState, d: DeadlineState): DeadlineRowStatus {
  if (!countsIn(state, d)) return 'closed';
  return state.onHold ? 'held' : 'open';
}

interface OpenDeadline {
  unit: UnitState;
  d: DeadlineState;
}

function openDeadlines(state: CaseState, kind?: ClockKind): OpenDeadline[] {
  if (isTerminal(state) && !awaitingPublication(state)) return [];
  const out: OpenDeadline[] = [];
  for (const unit of liveUnits(state)) {
    for (const d of Object.values(unit.deadlines))
      if (countsIn(state, d) && (!kind || clockInfo(d.clock).kind === kind)) out.push({ unit, d });
  }
  return out;
}

export interface NextDue {
  unitId: string;
  clock: string;
  dueAt: string;
  summary: string;
}

/**
 * The next thing someone must do: the earliest open duty of a counting case (windows such as the
 * objection or feedback window are nobody's duty), or null — also while the case is on hold.
 */
export function nextDue(state: CaseState): NextDue | null {
  if (!isCounting(state)) return null;
  let best: NextDue | null = null;
  for (const { unit, d } of openDeadlines(state, 'duty')) {
    if (!best || ms(d.dueAt) < ms(best.dueAt))
      best = { unitId: unit.unitId, clock: d.clock, dueAt: d.dueAt, summary: d.summary };
  }
  return best;
}

export interface OverdueItem extends NextDue {
  /** Whole days past due, floor. */
  daysOverdue: number;
}

/** A period ends at its due instant: a due instant at or before `now` is past. */
export const isPastDue = (dueAt: string, now: string): boolean => ms(dueAt) <= ms(now);

/**
 * Overdue duties at `now`: open duties of a counting case whose due instant is at or before `now`
 * (a period ends at its due instant), earliest first.
 */
export function overdueDuties(state: CaseState, now: string): OverdueItem[] {
  if (!isCounting(state)) return [];
  const t = ms(now);
  return openDeadlines(state, 'duty')
    .filter(({ d }) => isPastDue(d.dueAt, now))
    .map(({ unit, d }) => ({
      unitId: unit.unitId,
      clock: d.clock,
      dueAt: d.dueAt,
      summary: d.summary,
      daysOverdue: Math.floor((t - ms(d.dueAt)) / DAY_MS),
    }))
    .sort((a, b) => ms(a.dueAt) - ms(b.dueAt));
}

/**
 * A case is overdue at `now` when it has an overdue duty — equivalently, when its next due is at or
 * before `now`. A caller that already has nextDue(state) passes it as `next`.
 */
export function isOverdue(state: CaseState, now: string, next: NextDue | null = nextDue(state)): boolean {
  return next !== null && isPastDue(next.dueAt, now);
}

/**
 * @deprecated Only for case runs started before the one definition above (their search
 * attributes keep their old meaning until they continue as new): an escalation has fired for a
 * still-open duty, on hold or not.
 */
export function isEscalatedLegacy(state: CaseState): boolean {
  return openDeadlines(state, 'duty').some(({ d }) => d.expiredFor === d.dueAt);
}

// ---------------------------------------------------------------------------------------------
// Timers

export type TimerKind = 'reminder' | 'overdue' | 'windowExpired';

export interface TimerFiring {
  kind: TimerKind;
  unitId: string;
  clock: ClockId;
  dueAt: string;
  /** For reminders: the offset (days before due) this reminder stands for. */
  daysBefore?: number;
  /**
   * It fell due before the action that armed its deadline was entered (补录): recorded, not sent.
   */
  recordedOnly?: boolean;
}

/** Reminder instants still to fire for one deadline (strictly after it was armed, before due). */
function pendingReminders(d: DeadlineState): { offset: number; at: number }[] {
  const due = ms(d.dueAt);
  const armed = ms(d.armedAt);
  return d.reminderOffsetsDays
    .filter((o) => o > 0 && !d.firedReminders.includes(o))
    .map((o) => ({ offset: o, at: due - o * DAY_MS }))
    .filter((r) => r.at > armed);
}

/**
 * Instant of the next reminder, overdue escalation or window expiry still to fire, or null
 * (nothing open, case ended, or on hold: a hold stops every clock).
 */
export function nextTimerAt(state: CaseState): string | null {
  if (state.onHold) return null;
  let best: number | null = null;
  for (const { d } of openDeadlines(state)) {
    const candidates = pendingReminders(d).map((r) => r.at);
    if (d.expiredFor !== d.dueAt) candidates.push(ms(d.dueAt));
    for (const t of candidates) if (best === null || t < best) best = t;
  }
  return best === null ? null : iso(best);
}

/**
 * Fires everything due at `now`: marks it in a copy of the state so it never fires twice and returns
 * what fired. Of several reminders that came due together only the nearest to the due instant is
 * reported; none is reported once the due instant itself has passed (the escalation says it all).
 * The objection window closes by itself; an expired feedback window stays open until the
 * `expireFeedbackWindow` command applies the policy's rule.
 */
export function fireDueTimers(state: CaseState, now: string): { state: CaseState; firings: TimerFiring[] } {
  if (state.onHold || (isTerminal(state) && !awaitingPublication(state))) return { state, firings: [] };
  const t = ms(now);
  const next: CaseState = JSON.parse(JSON.stringify(state));
  const firings: TimerFiring[] = [];
  for (const { unit, d } of openDeadlines(next)) {
    const due = ms(d.dueAt);
    const passed = pendingReminders(d).filter((r) => r.at <= t);
    for (const r of passed) d.firedReminders.push(r.offset);
    // what fell due before its deadline was entered afterwards (补录) is recorded, not sent
    const entered = d.enteredAt ? ms(d.enteredAt) : null;
    const quiet = (at: number) => (entered !== null && at < entered ? { recordedOnly: true } : {});
    if (due <= t) {
      if (d.expiredFor !== d.dueAt) {
        d.expiredFor = d.dueAt;
        const kind = clockInfo(d.clock).kind === 'window' ? 'windowExpired' : 'overdue';
        firings.push({ kind, unitId: unit.unitId, clock: d.clock, dueAt: d.dueAt, ...quiet(due) });
        if (d.clock === 'adjustmentWindow') {
          d.open = false;
          d.closedAt = d.dueAt;
        }
      }
    } else if (passed.length > 0) {
      const nearest = passed.reduce((a, b) => (a.offset < b.offset ? a : b));
      firings.push({
        kind: 'reminder',
        unitId: unit.unitId,
        clock: d.clock,
        dueAt: d.dueAt,
        daysBefore: nearest.offset,
        ...quiet(nearest.at),
      });
    }
  }
  if (firings.length === 0 && JSON.stringify(next) === JSON.stringify(state)) return { state, firings };
  next.seq += 1;
  return { state: next, firings };
}
