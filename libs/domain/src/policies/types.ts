import type { DeadlineRule } from '../deadlines/types';
import type { Channel, ClockId, StartEvent } from '../vocabulary/index';

/** Who is told when a clock runs out. */
export type EscalationTarget = 'unitLeader' | 'office' | 'supervisor';
export const ESCALATION_TARGETS: readonly EscalationTarget[] = ['unitLeader', 'office', 'supervisor'];

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
  startsAt: StartEvent;
  rule: DeadlineRule;
  /** Calendar days before the due date on which to remind, e.g. [7, 3, 1]. */
  reminders: number[];
  escalateTo: EscalationTarget[];
  source?: PolicySource;
  /** Free text; DEFAULT_VALUE_NOTE when the value is a default rather than a citation. */
  note?: string;
  /** Variant per channel (Sichuan: CPPCC session proposals 5 months, NPC suggestions 3). */
  byChannel?: Partial<Record<Channel, ClockSpec>>;
  /** Variant for items raised between sessions (闭会期间); takes precedence over byChannel. */
  closedSession?: ClockSpec;
  /**
   * Variant for a "wide or difficult" item (涉及面广、处理难度大), e.g. the main reply in six months
   * instead of three; itself may have byChannel or closedSession variants.
   */
  complex?: ClockSpec;
  /**
   * Tracking report only: after a report that says the commitment is not yet carried out, the
   * next report is due by this spec (startsAt 'trackingReported'), e.g. a yearly 回头看 — again
   * after every such report, until the unit reports it done.
   */
  repeat?: ClockSpec;
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
  channels: Channel[];
  /** mainReply is required; every other clock is optional. */
  clocks: Partial<Record<ClockId, ClockSpec>>;
  /** Joint handling: the lead waits for every co-handler's opinion (or its deadline) before sign-off. */
  leadWaitsForCoOpinions?: boolean;
  /**
   * An approved extension is told to the proposer in writing (Fujian: 书面告知代表), as well as
   * to the unit.
   */
  notifyProposerOfExtension?: boolean;
  /**
   * Joint handling replies jointly (联合行文): the lead's draft is countersigned (会签) by every
   * co-handler before sign-off; the letter carries every signing unit. The office may choose per case.
   */
  jointReply?: boolean;
  /** The office reviews (审核) every reply before it reaches the proposer and may correct its class. */
  officeReview?: boolean;
  /**
   * A joint proposal is answered to every proposer (逐人答复); otherwise one letter goes through
   * the lead signer (领衔人). Default: every proposer.
   */
  replyPerProposer?: boolean;
  /** 抄送 on every reply letter, e.g. the NPC standing committee's office. */
  copies?: string[];
  contactRequiredBeforeReply: boolean;
  replyClasses: ReplyClass[];
  feedbackNoAnswer: FeedbackNoAnswer;
  rehandlingOnBasicallySatisfied: boolean;
  /** Reply classes that go on to follow-up tracking (跟踪办理), e.g. ['B', 'C']. */
  trackingClasses: string[];
  /** Rules of the source the clocks cannot express, and which values are defaults. */
  notes?: string[];
}
