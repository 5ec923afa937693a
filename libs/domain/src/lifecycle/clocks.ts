import type { CaseState, DeadlineInput, DeadlineState, StartEvent, UnitRole, UnitState } from './types';

/** One day in milliseconds (reminder offsets are whole calendar days before the due instant). */
export const DAY_MS = 86_400_000;

/** Default reminder offsets, in days before the due instant. */
export const DEFAULT_REMINDER_OFFSETS_DAYS: readonly number[] = [3, 1];

/**
 * duty: someone must act by the due instant; reminders, then overdue escalation.
 * window: a period that simply ends (objection window, feedback window); no escalation.
 * limit: an outer bound used in decisions (extension cap); no timer at all.
 */
export type ClockKind = 'duty' | 'window' | 'limit';

export interface ClockInfo {
  kind: ClockKind;
  /** Chinese label for messages and reports. */
  label: string;
  defaultReminderOffsetsDays: readonly number[];
}

/** Clocks the lifecycle knows. A clock name the policy invents is treated as a duty. */
export const CLOCK_CATALOGUE: Readonly<Record<string, ClockInfo>> = {
  signFor: { kind: 'duty', label: '签收', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  adjustmentWindow: { kind: 'window', label: '申请调整期', defaultReminderOffsetsDays: [] },
  mainReply: { kind: 'duty', label: '答复', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  contact: { kind: 'duty', label: '沟通联系', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  coOpinion: { kind: 'duty', label: '会办意见', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  feedback: { kind: 'window', label: '征询意见', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  rehandling: {
    kind: 'duty',
    label: '重新办理答复',
    defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS,
  },
  trackingReport: {
    kind: 'duty',
    label: '跟踪办理报告',
    defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS,
  },
  mainReplyCap: { kind: 'limit', label: '答复最长期限', defaultReminderOffsetsDays: [] },
  rehandlingCap: { kind: 'limit', label: '重新办理最长期限', defaultReminderOffsetsDays: [] },
};

export function clockInfo(clock: string): ClockInfo {
  return (
    CLOCK_CATALOGUE[clock] ?? {
      kind: 'duty',
      label: clock,
      defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS,
    }
  );
}

const replying = (role: UnitRole) => role !== 'co';

/**
 * Clocks that may start when `event` happens to a unit of `role`. The policy engine returns the
 * subset it starts at that event (a policy may start the main reply at 交办 or at 签收).
 */
export function candidateClocks(role: UnitRole, event: StartEvent): string[] {
  switch (event) {
    case 'assigned':
      return replying(role)
        ? ['signFor', 'adjustmentWindow', 'mainReply', 'contact', 'mainReplyCap']
        : ['signFor', 'adjustmentWindow', 'coOpinion'];
    case 'received':
      return replying(role)
        ? ['adjustmentWindow', 'mainReply', 'contact', 'mainReplyCap']
        : ['adjustmentWindow', 'coOpinion'];
    case 'replied':
      return ['feedback'];
    case 'rehandlingStarted':
      return ['rehandling', 'contact', 'rehandlingCap'];
    case 'trackingStarted':
      return ['trackingReport'];
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
  startEvent: StartEvent,
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

const TERMINAL_CASE = new Set(['NOT_FILED', 'MERGED', 'WITHDRAWN', 'CLOSED']);
export const isTerminal = (state: CaseState): boolean => TERMINAL_CASE.has(state.stage);

interface OpenDeadline {
  unit: UnitState;
  d: DeadlineState;
}

function openDeadlines(state: CaseState): OpenDeadline[] {
  if (isTerminal(state)) return [];
  const out: OpenDeadline[] = [];
  for (const unit of liveUnits(state)) {
    for (const d of Object.values(unit.deadlines)) if (d.open) out.push({ unit, d });
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
 * Earliest open due instant (duties and windows; only duties with `dutiesOnly`), or null.
 * While on hold the instants are frozen.
 */
export function nextDue(state: CaseState, opts: { dutiesOnly?: boolean } = {}): NextDue | null {
  let best: NextDue | null = null;
  for (const { unit, d } of openDeadlines(state)) {
    if (opts.dutiesOnly && clockInfo(d.clock).kind !== 'duty') continue;
    if (!best || ms(d.dueAt) < ms(best.dueAt))
      best = { unitId: unit.unitId, clock: d.clock, dueAt: d.dueAt, summary: d.summary };
  }
  return best;
}

export interface OverdueItem extends NextDue {
  /** Whole days past due, floor. */
  daysOverdue: number;
}

/** Open duties whose due instant is at or before `now` (a period ends at its due instant). */
export function overdue(state: CaseState, now: string): OverdueItem[] {
  const t = ms(now);
  return openDeadlines(state)
    .filter(({ d }) => clockInfo(d.clock).kind === 'duty' && ms(d.dueAt) <= t)
    .map(({ unit, d }) => ({
      unitId: unit.unitId,
      clock: d.clock,
      dueAt: d.dueAt,
      summary: d.summary,
      daysOverdue: Math.floor((t - ms(d.dueAt)) / DAY_MS),
    }))
    .sort((a, b) => ms(a.dueAt) - ms(b.dueAt));
}

/** Whether an overdue escalation has fired for a still-open duty (no clock needed). */
export function isEscalated(state: CaseState): boolean {
  return openDeadlines(state).some(({ d }) => clockInfo(d.clock).kind === 'duty' && d.expiredFor === d.dueAt);
}

// ---------------------------------------------------------------------------------------------
// Timers

export type TimerKind = 'reminder' | 'overdue' | 'windowExpired';

export interface TimerFiring {
  kind: TimerKind;
  unitId: string;
  clock: string;
  dueAt: string;
  /** For reminders: the offset (days before due) this reminder stands for. */
  daysBefore?: number;
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
  if (state.onHold || isTerminal(state)) return { state, firings: [] };
  const t = ms(now);
  const next: CaseState = JSON.parse(JSON.stringify(state));
  const firings: TimerFiring[] = [];
  for (const { unit, d } of openDeadlines(next)) {
    const due = ms(d.dueAt);
    const passed = pendingReminders(d).filter((r) => r.at <= t);
    for (const r of passed) d.firedReminders.push(r.offset);
    if (due <= t) {
      if (d.expiredFor !== d.dueAt) {
        d.expiredFor = d.dueAt;
        const kind = clockInfo(d.clock).kind === 'window' ? 'windowExpired' : 'overdue';
        firings.push({ kind, unitId: unit.unitId, clock: d.clock, dueAt: d.dueAt });
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
      });
    }
  }
  if (firings.length === 0 && JSON.stringify(next) === JSON.stringify(state)) return { state, firings };
  next.seq += 1;
  return { state: next, firings };
}
