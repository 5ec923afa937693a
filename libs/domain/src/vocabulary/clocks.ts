/**
 * The one clock vocabulary (domain.md §3): every deadline a case can carry, the event each may
 * count from, and what kind of deadline it is. Policies, the lifecycle, the projection, mail,
 * reports and the web all use these ids; their words are in labels.ts.
 */

/** Every clock of a case, in display order. Stable ids: stored with running cases and in the read model. */
export const CLOCK_IDS = [
  'signFor',
  'adjustmentWindow',
  'adjustmentDecision',
  'coOpinion',
  'countersign',
  'contact',
  'mainReply',
  'mainReplyCap',
  'feedback',
  'rehandling',
  'rehandlingCap',
  'trackingReport',
  'publication',
] as const;
export type ClockId = (typeof CLOCK_IDS)[number];

/**
 * duty: someone must act by the due instant; reminders, then overdue escalation. Only duties can be overdue.
 * window: a period that simply ends (objection window, feedback window); it is nobody's failure.
 * limit: an outer bound used in decisions (the longest extension); no timer at all.
 */
export type ClockKind = 'duty' | 'window' | 'limit';
export const CLOCK_KINDS: readonly ClockKind[] = ['duty', 'window', 'limit'];

/** Who must act on a duty: the handling unit, the assigning office, or (for windows) the proposer. */
export type ClockOwner = 'unit' | 'office' | 'proposer';

export interface ClockInfo {
  kind: ClockKind;
  owner: ClockOwner;
  /** The limit an extension of this duty may not pass (mainReply → mainReplyCap). */
  cap?: ClockId;
  /** Days before the due instant to remind when the policy names none. */
  defaultReminderOffsetsDays: readonly number[];
}

/** Default reminder offsets, in days before the due instant. */
export const DEFAULT_REMINDER_OFFSETS_DAYS: readonly number[] = [3, 1];
const NONE: readonly number[] = [];

export const CLOCKS: Readonly<Record<ClockId, ClockInfo>> = {
  signFor: { kind: 'duty', owner: 'unit', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  adjustmentWindow: { kind: 'window', owner: 'unit', defaultReminderOffsetsDays: NONE },
  adjustmentDecision: {
    kind: 'duty',
    owner: 'office',
    defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS,
  },
  coOpinion: { kind: 'duty', owner: 'unit', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  countersign: { kind: 'duty', owner: 'unit', defaultReminderOffsetsDays: [1] },
  contact: { kind: 'duty', owner: 'unit', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  mainReply: {
    kind: 'duty',
    owner: 'unit',
    cap: 'mainReplyCap',
    defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS,
  },
  mainReplyCap: { kind: 'limit', owner: 'office', defaultReminderOffsetsDays: NONE },
  feedback: { kind: 'window', owner: 'proposer', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  rehandling: {
    kind: 'duty',
    owner: 'unit',
    cap: 'rehandlingCap',
    defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS,
  },
  rehandlingCap: { kind: 'limit', owner: 'office', defaultReminderOffsetsDays: NONE },
  trackingReport: { kind: 'duty', owner: 'unit', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
  publication: { kind: 'duty', owner: 'unit', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS },
};

export const isClockId = (s: unknown): s is ClockId =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(CLOCKS, s);

/** What a clock is; a clock id this code does not know (from a newer policy) is treated as a unit's duty. */
export function clockInfo(clock: string): ClockInfo {
  return isClockId(clock)
    ? CLOCKS[clock]
    : { kind: 'duty', owner: 'unit', defaultReminderOffsetsDays: DEFAULT_REMINDER_OFFSETS_DAYS };
}

/** Kind of a clock (see ClockKind). */
export const clockKind = (clock: string): ClockKind => clockInfo(clock).kind;

/** The events a clock can count from. */
export const START_EVENTS = [
  'assigned', // 交办
  'received', // 交办件送达承办单位（默认即交办时刻，交办机关可登记实际送达时间）
  'sessionClosed', // 大会闭幕
  'adjustmentRequested', // 承办单位提出调整申请
  'replied', // 答复代表委员
  'rehandlingStarted', // 重新交办（不满意后重新办理）
  'feedbackReceived', // 收到代表委员反馈意见
  'summoned', // 约见承办单位负责人
  'trackingReported', // 承办单位报告跟踪落实情况（尚未落实的，按政策间隔再次报告）
  'draftSubmitted', // 主办单位提交答复稿会签（联合行文）
] as const;
export type StartEvent = (typeof START_EVENTS)[number];
