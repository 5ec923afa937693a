import type { DeadlineRule } from '../deadlines/types';

/** Every clock a jurisdiction can define (domain.md §3). Stable ids: stored with computed deadlines. */
export type ClockId =
  | 'signFor'
  | 'adjustmentWindow'
  | 'adjustmentDecision'
  | 'coHandlerOpinion'
  | 'contactProposer'
  | 'mainReply'
  | 'mainReplyComplex'
  | 'extensionCap'
  | 'feedback'
  | 'rehandling'
  | 'followUpReport'
  | 'publication';

/** All clock ids in display order. */
export const CLOCK_IDS: readonly ClockId[] = [
  'signFor',
  'adjustmentWindow',
  'adjustmentDecision',
  'coHandlerOpinion',
  'contactProposer',
  'mainReply',
  'mainReplyComplex',
  'extensionCap',
  'feedback',
  'rehandling',
  'followUpReport',
  'publication',
];

/** The case event a clock counts from. */
export type ClockStartEvent =
  | 'assigned' // 交办
  | 'received' // 承办单位收到/签收交办件
  | 'sessionClosed' // 大会闭幕
  | 'adjustmentRequested' // 承办单位提出调整申请
  | 'replied' // 答复代表委员
  | 'rehandlingAssigned' // 重新交办
  | 'feedbackReceived' // 收到代表委员反馈意见
  | 'summoned'; // 约见承办单位负责人

export const CLOCK_START_EVENTS: readonly ClockStartEvent[] = [
  'assigned',
  'received',
  'sessionClosed',
  'adjustmentRequested',
  'replied',
  'rehandlingAssigned',
  'feedbackReceived',
  'summoned',
];

/** Who is told when a clock runs out. */
export type EscalationTarget = 'unitLeader' | 'office' | 'supervisor';
export const ESCALATION_TARGETS: readonly EscalationTarget[] = ['unitLeader', 'office', 'supervisor'];

/** NPC deputies' suggestions or CPPCC proposals. */
export type ClockChannel = 'npc' | 'cppcc';
export const CLOCK_CHANNELS: readonly ClockChannel[] = ['npc', 'cppcc'];

export interface PolicySource {
  title: string;
  url: string;
  /** e.g. 第五十一条 */
  article?: string;
}

/** Marks a value chosen by the project because the jurisdiction's source says nothing. */
export const DEFAULT_VALUE_NOTE = '默认值：来源未规定';

/** One clock of a jurisdiction: when it starts, how long it runs, and who is reminded or escalated to. */
export interface ClockSpec {
  startsAt: ClockStartEvent;
  rule: DeadlineRule;
  /** Calendar days before the due date on which to remind, e.g. [7, 3, 1]. */
  reminders: number[];
  escalateTo: EscalationTarget[];
  source?: PolicySource;
  /** Free text; DEFAULT_VALUE_NOTE when the value is a default rather than a citation. */
  note?: string;
  /** Variant per channel (Sichuan: CPPCC session proposals 5 months, NPC suggestions 3). */
  byChannel?: Partial<Record<ClockChannel, ClockSpec>>;
  /** Variant for items raised between sessions (闭会期间); takes precedence over byChannel. */
  closedSession?: ClockSpec;
}

/** A reply class mark such as A 已经解决或基本解决. */
export interface ReplyClass {
  code: string;
  label: string;
  labelEn?: string;
}

/** What happens when the proposer does not return the feedback form in time. */
export type FeedbackNoAnswer = 'recordedAsNoAnswer' | 'deemedSatisfied';

/** The handling rules of one jurisdiction, versioned so a case keeps the rules it started under. */
export interface JurisdictionPolicy {
  /** Stable id, e.g. cn-national, sichuan */
  id: string;
  /** Integer, raised on every change. */
  version: number;
  name: string;
  nameEn: string;
  sources: PolicySource[];
  /** Channels the rules apply to. */
  channels: ClockChannel[];
  /** mainReply is required; every other clock is optional. */
  clocks: Partial<Record<ClockId, ClockSpec>>;
  contactRequiredBeforeReply: boolean;
  replyClasses: ReplyClass[];
  feedbackNoAnswer: FeedbackNoAnswer;
  rehandlingOnBasicallySatisfied: boolean;
  /** Reply classes that go on to follow-up tracking (跟踪办理), e.g. ['B', 'C']. */
  trackingClasses: string[];
  /** Rules of the source the clocks cannot express, and which values are defaults. */
  notes?: string[];
}
