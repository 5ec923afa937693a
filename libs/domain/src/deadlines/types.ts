import type { CrossedDay, IsoDate } from '../calendar';
import type { EscalationTarget } from '../policies/types';
import type { Channel, ClockId, StartEvent } from '../vocabulary/index';

/**
 * How a deadline is counted. `roll` (default true) moves a last day that is a rest day to the
 * next working day (Civil Code Art. 203); for offsetBefore it moves to the previous working day,
 * so the result stays at least the stated time before the other deadline.
 */
export type DeadlineRule =
  /** N calendar days after the start day. */
  | { kind: 'calendarDays'; days: number; roll?: boolean }
  /** N working days after the start day (holidays skipped, make-up days counted). */
  | { kind: 'workingDays'; days: number }
  /** N months after the start day: corresponding day, or month end (Civil Code Art. 202). */
  | { kind: 'months'; months: number; roll?: boolean }
  /** A month and day in the year the clock starts, e.g. 5月31日; a day past month end means month end. */
  | { kind: 'fixedMonthDay'; month: number; day: number; roll?: boolean }
  /** A full date, e.g. a session's own cut-off. */
  | { kind: 'fixedDate'; date: IsoDate; roll?: boolean }
  /** N days before another clock's due date (Fengyang: co-handler opinion 20 days before the lead's deadline). */
  | {
      kind: 'offsetBefore';
      clock: ClockId;
      days: number;
      unit?: 'calendarDays' | 'workingDays';
      roll?: boolean;
    }
  /**
   * N minutes after the start instant, for drills and fault tests (a training jurisdiction, the
   * soak run): due at that instant, never rolled; the clock's reminders count minutes before it.
   */
  | { kind: 'minutes'; minutes: number };

export type DeadlineRuleKind = DeadlineRule['kind'];

/** Every due date the engine computes, with enough detail to explain it to a clerk. */
export interface ComputedDeadline {
  clock: ClockId;
  /** Last day, Asia/Shanghai. */
  dueDate: IsoDate;
  /** End of the last day: next day 00:00+08:00, as a UTC ISO string. */
  dueAt: string;
  startEvent: StartEvent;
  /** The start instant as given. */
  startAt: string;
  /** The start instant's Asia/Shanghai date (the excluded start day). */
  startDate: IsoDate;
  rule: DeadlineRule;
  /** Chinese, e.g. 交办之日起3个月 */
  ruleText: string;
  ruleTextEn: string;
  policyId: string;
  policyVersion: number;
  /** Channel variant used, when the clock has one. */
  channel?: Channel;
  /** The clock's complex-item variant was used (涉及面广、处理难度大). */
  complex?: boolean;
  /** Holidays and make-up working days between the start (excluded) and the due date. */
  crossed: CrossedDay[];
  /** Set when the counted last day was a rest day and the due date moved. */
  rolled: null | { from: IsoDate; to: IsoDate; reason: string };
  /** e.g. a year without calendar data; never empty-handed guesses. */
  warnings: string[];
  /** One line, e.g. 3个月，自交办 2026-03-31 起 → 2026-06-30 */
  summary: string;
  /** For offsetBefore rules: the deadline counted back from. */
  reference?: { clock: ClockId; dueDate: IsoDate };
  /** Reminder dates, `daysBefore` calendar days before dueDate (a minutes rule: minutes / 1440). */
  reminders: Array<{ daysBefore: number; date: IsoDate }>;
  escalateTo: EscalationTarget[];
  /** The clock's note, e.g. 默认值：来源未规定 */
  note?: string;
}
