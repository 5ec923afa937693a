import type { MailKind } from '@banli/domain';
import type { DateInput, HandlingRole } from './format';

// Data each mail kind needs. Instants are ISO 8601 strings with offset (or Dates); due instants
// are the end of the last day (as the deadline engine produces them). Every string is plain text.

/** The case a mail is about. */
export interface CaseRef {
  /** npc = 人大代表建议, cppcc = 政协提案. */
  channel: 'npc' | 'cppcc';
  /** Short name of the assembly, e.g. 市政协, 省人大; default 政协 / 人大. */
  assembly?: string;
  /** English name of the assembly, e.g. "Municipal CPPCC Committee". */
  assemblyEn?: string;
  /** 届 */
  term: number;
  /** 次 */
  session: number;
  /** Number as printed: "006" (→ 第006号) or "建9" (→ 建9号). */
  number: string;
  /** false for items submitted after the session (会后). */
  duringSession?: boolean;
  title: string;
}

/** A deadline shown in a mail, with the engine's explanation of how it was computed. */
export interface DeadlineLine {
  /** Clock key (signFor, mainReply…); unknown keys are shown as is. */
  clock: string;
  dueAt: DateInput;
  /** Why this date, e.g. "交办之日（2026年3月31日）起3个月". */
  summary?: string;
  /** English explanation; falls back to `summary`. */
  summaryEn?: string;
}

/** A proposer as addressed in a mail. */
export interface ProposerRef {
  name: string;
  /** deputy → ××代表, member → ××委员, group (party, sector, organisation) → name only. */
  type?: 'deputy' | 'member' | 'group';
}

/** Fields common to every kind. */
export interface MailBase {
  /** Who the mail is addressed to (unit, leader or person): the salutation. */
  recipientName: string;
  /** Office that sends the notice, shown in the closing lines. */
  office?: { name: string; phone?: string };
}

/** Fields of every mail about one case. */
export interface CaseMailBase extends MailBase {
  case: CaseRef;
  /** One-click link to the case for this recipient. */
  link: string;
}

/** 交办通知: a unit is given a case. */
export interface AssignedData extends CaseMailBase {
  role: HandlingRole;
  assignedAt: DateInput;
  /** Summary of the proposal (内容摘要). */
  summary: string;
  proposers?: string[];
  /** Lead unit name (for a co-handler, who gets the opinion). */
  leadUnitName?: string;
  /** The other units of the case and their roles. */
  otherUnits?: { name: string; role: HandlingRole }[];
  /** Every deadline of this unit, in display order. */
  deadlines: DeadlineLine[];
  /**
   * Deadlines that start at a later event (e.g. the objection window counts from sign-for), with
   * the policy's rule, so the unit knows them before they have a date.
   */
  laterDeadlines?: { clock: string; rule: string; ruleEn?: string }[];
  keyCase?: boolean;
}

/** 签收提醒: the unit has not signed for the case yet. */
export interface SignForReminderData extends CaseMailBase {
  assignedAt: DateInput;
  deadline: DeadlineLine;
  /** Instant the reminder is rendered for (no clock is read). */
  now: DateInput;
}

/** 到期提醒: a clock is about to run out. */
export interface DeadlineReminderData extends CaseMailBase {
  deadline: DeadlineLine;
  now: DateInput;
}

/** 逾期督办: a clock ran out; sent to the unit leader and to supervisors. */
export interface OverdueData extends CaseMailBase {
  audience: 'unitLeader' | 'supervisor';
  /** The handling unit that is late. */
  unitName: string;
  deadline: DeadlineLine;
  now: DateInput;
}

/** 调整申请结果: the office decided a unit's adjustment (退回/调整) request. */
export interface AdjustmentDecidedData extends CaseMailBase {
  decision: 'approved' | 'rejected';
  decidedAt: DateInput;
  /** Reason the office gave. */
  reason?: string;
  /** The unit's own reason for asking. */
  requestReason?: string;
  /** When approved: the unit that takes the case over. */
  newUnitName?: string;
}

/** 延期申请结果: the office decided an extension request. */
export interface ExtensionDecidedData extends CaseMailBase {
  decision: 'approved' | 'rejected';
  decidedAt: DateInput;
  /** The clock concerned (default mainReply). */
  clock?: string;
  reason?: string;
  /** Due instant before the decision. */
  oldDueAt: DateInput;
  /** New due instant when approved. */
  newDueAt?: DateInput;
}

/**
 * 延期告知: an approved extension of a unit's deadline, told to a proposer (where the policy says
 * so, e.g. Fujian's 书面告知代表). One mail to each proposer; never carries their contact details.
 */
export interface ExtensionNoticeData extends CaseMailBase {
  proposer: ProposerRef;
  /** The unit whose deadline was extended. */
  unitName: string;
  /** The clock extended (default mainReply). */
  clock?: string;
  /** Due instant before the extension. */
  oldDueAt: DateInput;
  /** New due instant. */
  newDueAt: DateInput;
  /** Why (as the office approved it). */
  reason?: string;
  /** When the extension was approved. */
  decidedAt?: DateInput;
}

/** 调整申请 / 延期申请: a unit asked the office to decide (to the office). */
export interface UnitRequestData extends CaseMailBase {
  unitName: string;
  requestedAt: DateInput;
  reason: string;
  /** Adjustment: the unit the requesting unit proposes instead. */
  proposedUnitName?: string;
  /** Extension: the clock concerned, its current due instant and the one asked for. */
  clock?: string;
  currentDueAt?: DateInput;
  requestedDueAt?: DateInput;
  /** The office's own deadline to decide (adjustmentDecision), when the policy sets one. */
  decisionDue?: DeadlineLine;
}

/**
 * The reply's way through the unit: 答复待签发 (to the unit's leaders: a draft waits for sign-off),
 * 答复已签发 / 答复稿退回 (to the staff member who drafted it).
 */
export interface DraftStepData extends CaseMailBase {
  unitName: string;
  at: DateInput;
  /** Handling round (2 and up: re-handling). */
  round: number;
  replyClass?: string;
  /** Who drafted it, signed it off or returned it (display names). */
  draftedBy?: string;
  decidedBy?: string;
  /** Why the leader returned it. */
  reason?: string;
  /** Signed off, but the office reviews it (审核) before it is sent (draftSignedOff). */
  toReview?: boolean;
}

/** 会签: the lead unit's joint-reply draft, sent to a co-handler for countersignature. */
export interface CountersignRequestedData extends CaseMailBase {
  /** The lead unit whose draft it is. */
  leadUnitName: string;
  /** When the lead unit submitted the draft. */
  draftedAt: DateInput;
  /** Handling round (2 and up: re-handling). */
  round: number;
  replyClass?: string;
  /** Opening lines of the draft. */
  excerpt?: string;
  /** The co-handler's countersign deadline. */
  deadline?: DeadlineLine;
}

/** 会签修改意见: a co-handler asked the lead unit to change its joint-reply draft. */
export interface CountersignChangesData extends CaseMailBase {
  /** The co-handler that asked. */
  fromUnitName: string;
  /** Who asked, as shown (a person's display name), when known. */
  by?: string;
  at: DateInput;
  comment: string;
}

/** 答复待审核: a signed-off reply waits for the office's review (to the office). */
export interface ReviewRequestedData extends CaseMailBase {
  unitName: string;
  /** When the reply was signed off. */
  signedOffAt: DateInput;
  round: number;
  replyClass?: string;
  /** Who signed it off (display name). */
  signedOffBy?: string;
  /** Co-handlers that countersigned a joint reply. */
  countersignedBy?: string[];
  /** Opening lines of the reply. */
  excerpt?: string;
}

/**
 * The office's review of a reply, to the replying unit: 答复审核通过 (accepted, with the class
 * corrected when `classFrom`/`classTo` are set) or 答复审核退回 (returned, with the reason).
 */
export interface ReplyReviewData extends CaseMailBase {
  unitName: string;
  at: DateInput;
  round: number;
  /** The reply's class as it stands after the review. */
  replyClass?: string;
  /** The class the unit proposed and the one the office set instead. */
  classFrom?: string;
  classTo?: string;
  /** The office's note on an accepted reply. */
  note?: string;
  /** Why the office returned it. */
  reason?: string;
}

/** 会办意见: a co-handler sent its opinion to the lead unit. */
export interface OpinionReceivedData extends CaseMailBase {
  fromUnitName: string;
  opinion: string;
  receivedAt: DateInput;
}

/** 答复通知: the unit replied; one mail to each proposer. */
export interface RepliedData extends CaseMailBase {
  proposer: ProposerRef;
  unitName: string;
  repliedAt: DateInput;
  /** Class mark as the policy spells it (A, B, 甲…). */
  replyClass?: string;
  /** 文号, e.g. 辽民函〔2026〕12号. */
  docNumber?: string;
  /** Opening lines of the reply. */
  excerpt?: string;
}

/** 征询意见: the proposer is asked to rate the handling. */
export interface FeedbackRequestedData extends CaseMailBase {
  proposer: ProposerRef;
  unitName: string;
  repliedAt: DateInput;
  /** End of the feedback window (feedback clock). */
  feedbackDueAt?: DateInput;
}

/**
 * 跟踪落实情况: a unit's tracking report on a commitment it made in its reply (B/C class), told to a
 * proposer; when the commitment is not yet carried out and tracking repeats, when the next is due.
 */
export interface TrackingUpdateData extends CaseMailBase {
  proposer: ProposerRef;
  unitName: string;
  /** The unit's report number on this case (1 = its first tracking report). */
  reportNo: number;
  reportedAt: DateInput;
  /** Whether the commitment is carried out (已落实) or still being carried out (尚在落实). */
  resolved: boolean;
  /** Opening lines of the report. */
  excerpt?: string;
  /** Class mark of the reply the commitment was made in (B, C…). */
  replyClass?: string;
  /** Due instant of the next tracking report, when tracking repeats. */
  nextDueAt?: DateInput;
}

/** 重新办理: the proposer was dissatisfied; the unit must handle the case again. */
export interface RehandlingData extends CaseMailBase {
  proposerName: string;
  rating: 'dissatisfied' | 'basicallySatisfied';
  comment?: string;
  /** Handling round now starting (2 for the first re-handling). */
  round: number;
  /** The rehandling clock, when the policy sets one. */
  deadline?: DeadlineLine;
}

/**
 * Supervision notices to a handling unit: 催办 (a supervisor or the office pressed the unit to get
 * on with the case) and 重点督办 (the case was marked a key case).
 */
export interface SupervisionData extends CaseMailBase {
  audience: 'unit' | 'unitLeader';
  /** The handling unit concerned. */
  unitName: string;
  /** Who urged or marked it, as shown (e.g. 市政协提案委员会督办组). */
  by: string;
  at: DateInput;
  /** What they wrote. */
  note?: string;
  /** The unit's open deadlines, earliest first. */
  deadlines: DeadlineLine[];
  keyCase?: boolean;
}

/** One line of the supervisors' daily digest. */
export interface DigestItem {
  case: CaseRef;
  unitName: string;
  clock: string;
  dueAt: DateInput;
  link?: string;
}

/** 督办日报: per supervisor, what is overdue and what falls due this week. */
export interface DailyDigestData extends MailBase {
  /** Day the digest is for (instant or 'YYYY-MM-DD'); days overdue are counted from it. */
  date: DateInput;
  overdue: DigestItem[];
  dueThisWeek: DigestItem[];
  /** Link to the supervision dashboard. */
  link: string;
}

/** Data of each mail kind (every kind of the vocabulary's MAIL_KINDS, no other). */
export interface MailDataByKind extends Record<MailKind, MailBase> {
  assigned: AssignedData;
  signForReminder: SignForReminderData;
  deadlineReminder: DeadlineReminderData;
  overdue: OverdueData;
  adjustmentRequested: UnitRequestData;
  adjustmentDecided: AdjustmentDecidedData;
  extensionRequested: UnitRequestData;
  extensionDecided: ExtensionDecidedData;
  extensionNotice: ExtensionNoticeData;
  opinionReceived: OpinionReceivedData;
  draftSubmitted: DraftStepData;
  draftSignedOff: DraftStepData;
  draftReturned: DraftStepData;
  countersignRequested: CountersignRequestedData;
  countersignChanges: CountersignChangesData;
  reviewRequested: ReviewRequestedData;
  replyReviewed: ReplyReviewData;
  replyReturned: ReplyReviewData;
  replied: RepliedData;
  feedbackRequested: FeedbackRequestedData;
  rehandling: RehandlingData;
  trackingUpdate: TrackingUpdateData;
  urged: SupervisionData;
  keyCase: SupervisionData;
  dailyDigest: DailyDigestData;
}

/** Name of a mail kind. */
export type { MailKind };

/** A kind with its data, as a discriminated union (for queues and activity inputs). */
export type MailInput = { [K in MailKind]: { kind: K; data: MailDataByKind[K] } }[MailKind];

/** A rendered mail, ready for the outbox. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}
