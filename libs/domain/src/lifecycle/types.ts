import type {
  ActorRole,
  AssignmentMode,
  CaseStage,
  ClockId,
  ContactMethod,
  Publicity,
  Rating,
  RefusalCode,
  StartEvent,
  UnitRole,
  UnitStage,
} from '../vocabulary';

export type {
  ActorRole,
  AssignmentMode,
  CaseStage,
  ContactMethod,
  Rating,
  RefusalCode,
  StartEvent,
  UnitRole,
  UnitStage,
} from '../vocabulary';

/**
 * Types of the proposal lifecycle (domain.md §2): the case state kept by the workflow, the commands
 * that change it, the events it produces and the refusals it returns. Instants are ISO-8601 strings
 * (UTC, e.g. "2026-03-31T00:00:00.000Z"); durations are milliseconds.
 */

/** Rules a jurisdiction policy supplies to the lifecycle (deadline lengths live elsewhere). */
export interface LifecycleRules {
  /** A unit must record contact with the proposer (沟通/面商) before it may reply. */
  contactRequiredBeforeReply: boolean;
  /** Reply classes allowed by the policy, e.g. ['A','B','C','D'] or ['甲','乙','丙']. */
  replyClasses: string[];
  /** Classes that commit to later action and so enter TRACKING (跟踪办理), e.g. ['B','C']. */
  trackingClasses: string[];
  /** "Basically satisfied" (基本满意) also reopens the case (some provinces). */
  rehandlingOnBasicallySatisfied: boolean;
  /** What a proposer's silence at the end of the feedback window counts as. */
  feedbackNoAnswer: 'recordedAsNoAnswer' | 'deemedSatisfied';
  /**
   * Joint handling: the lead unit may submit its reply for sign-off only once every co-handler's
   * opinion has arrived or its deadline has passed. No value means it waits (leadWaitsForCoOpinionsOf:
   * rules carried by cases registered before this rule existed have none); runs started before the
   * rule replay the old code through DecideContext.legacy instead.
   */
  leadWaitsForCoOpinions?: boolean;
  /** An approved extension is also told to the proposers (policy notifyProposerOfExtension). */
  notifyProposerOfExtension?: boolean;
  /**
   * A tracking report that says the commitment is not yet carried out keeps the unit tracking, and
   * the next report falls due at the policy's interval (trackingReport.repeat). Without it the first
   * report ends the tracking, as before.
   */
  trackingRepeats?: boolean;
  /**
   * Joint handling replies jointly (联合行文): the lead's draft goes to every co-handler for
   * countersignature (会签) before its leader signs off. The office may choose otherwise per case.
   */
  jointReply?: boolean;
  /** The office reviews (审核) every signed-off reply before it reaches the proposer. */
  officeReview?: boolean;
}

export interface Actor {
  id: string;
  role: ActorRole;
  /** The handling unit the person belongs to (roles unit and unitLeader). */
  unitId?: string;
  name?: string;
}

export interface DecideContext {
  /** The instant of the action (ISO). In a workflow: workflow time. */
  now: string;
  actor: Actor;
  rules: LifecycleRules;
  /**
   * The case's current run started before the rules of 2026-12 (see proposal.workflow.ts,
   * SEAMS_PATCH): replay what that code did — no adjustment-decision clock, contact checked at the
   * reply only, the lead does not wait for co-handlers' opinions. Tracking needs no flag: decide
   * arms the tracking report from the reply in every run, and a replayed run still gets the due
   * instant its history planned (only the start noted with it is the new one; state carried over
   * from older runs says 'trackingStarted', see LegacyStartEvent).
   */
  legacy?: boolean;
  /**
   * The case's current run started before the statutory rules of 2026-12 (STATUTORY_PATCH):
   * "received" clocks start when the unit signs for the item, not when it is delivered, and the
   * proposer hears of neither extensions nor tracking reports. Implied by `legacy`.
   */
  receiptAtSignFor?: boolean;
  /**
   * Set when the action is entered afterwards (补录): the real instant it is entered. `now` is then
   * when it happened; clocks it starts remember this instant, and what fell due before it is
   * recorded, never mailed.
   */
  enteredAt?: string;
  /**
   * The case's run started with documents (DOCUMENTS_PATCH): a reply marked 主动公开 starts the
   * publication clock.
   */
  documents?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/**
 * A deadline computed outside the lifecycle (by the policy engine) and carried by a command.
 * `unitId` is required when a command concerns several units.
 */
export interface DeadlineInput {
  unitId?: string;
  clock: ClockId;
  dueAt: string;
  summary: string;
  /** Structured "why this date" from the policy engine, kept for display. */
  explanation?: unknown;
  /** Days before `dueAt` at which to remind; default per clock (see CLOCKS). */
  reminderOffsetsDays?: number[];
  /** The event and instant the policy counted from (default: those of the request). */
  startEvent?: StartEvent | LegacyStartEvent;
  startAt?: string;
}

/** A request to the policy engine: "event E happened to unit U at T; which of these clocks start?" */
export interface ClockRequest {
  unitId: string;
  /** Old runs may still ask for a LegacyStartEvent (planned as the event it stood for). */
  startEvent: StartEvent | LegacyStartEvent;
  startAt: string;
  clocks: ClockId[];
  /**
   * Due instants an offsetBefore rule counts back from, when they are another unit's actual
   * deadline (a co-unit added later counts back from the lead's main reply as it stands).
   */
  refs?: Partial<Record<ClockId, string>>;
}

/** A start event recorded by runs started before tracking counted from the reply (see DecideContext.legacy). */
export type LegacyStartEvent = 'trackingStarted';

export interface DeadlineState {
  clock: ClockId;
  dueAt: string;
  summary: string;
  explanation?: unknown;
  reminderOffsetsDays: number[];
  startEvent: StartEvent | LegacyStartEvent;
  startAt: string;
  /** When the current `dueAt` was set (reminders whose instant is not after this are skipped). */
  armedAt: string;
  open: boolean;
  closedAt?: string;
  /** Reminder offsets (days) already sent for the current due instant. */
  firedReminders: number[];
  /** The due instant for which overdue escalation (or window expiry) has fired. */
  expiredFor?: string;
  /** Set when the office granted an extension: a recompute leaves this clock alone. */
  extended?: boolean;
  /** Total hold time added to the due instant (ms). */
  heldMs: number;
  /**
   * Armed by an action entered afterwards (补录): the real instant of entry. Reminders and
   * escalations that fell due before it are recorded, not sent.
   */
  enteredAt?: string;
}

// ---------------------------------------------------------------------------------------------
// Records

export interface Proposer {
  id: string;
  name: string;
  /** Set for proposers who came in by a merge (并案): they still get their own reply. */
  viaCaseId?: string;
}

export interface ContactRecord {
  method: ContactMethod;
  date: string;
  by: string;
  note?: string;
  round: number;
  recordedAt: string;
}

/** What a reply letter carries besides its text (domain.md §4); all optional on a draft. */
export interface LetterFields {
  /** The title as printed when it differs from the one generated (《关于…的答复》). */
  title?: string;
  /** 文号, e.g. 杭民函〔2020〕65号. */
  docNumber?: string;
  /** Date on the letter (YYYY-MM-DD): not in the future, not before the unit's assignment. */
  letterDate?: string;
  /** The leader who signs (签发人) and their title. */
  signerName?: string;
  signerTitle?: string;
  /** 抄送. */
  copies?: string[];
  /** 公开属性; 'none' needs a reason. */
  publicity?: Publicity;
  publicityReason?: string;
  /** Whether the proposer agreed to publication (是否同意公开). */
  proposerAgreesToPublish?: boolean;
}

/** One co-handler's countersignature (会签) of the lead's joint-reply draft. */
export interface Countersign {
  unitId: string;
  requestedAt: string;
  /** agree; changes (asks the lead to change the draft); lapsed (its deadline passed unanswered). */
  answer?: 'agree' | 'changes' | 'lapsed';
  comment?: string;
  at?: string;
  by?: string;
  /** Entered by the office for a unit without an account. */
  byOffice?: boolean;
}

export interface ReplyDraft extends LetterFields {
  class: string;
  text: string;
  contactPerson: string;
  contactPhone: string;
  draftedAt: string;
  draftedBy: string;
  signedOffAt?: string;
  signedOffBy?: string;
  /** Joint reply (联合行文): the co-handlers asked to countersign this draft. */
  countersigns?: Countersign[];
  /** The last request for changes by a co-handler, kept for the lead while it redrafts. */
  changesRequested?: { unitId: string; comment: string; at: string };
  /** Office review (审核) where the policy asks for it. */
  reviewedAt?: string;
  reviewedBy?: string;
  /** The class the unit proposed, when the office corrected it. */
  classCorrectedFrom?: string;
}

/** Publication of a reply (答复公开) and its disclosure metadata. */
export interface PublicationRecord {
  publishedAt?: string;
  publishedBy?: string;
  /** 索引号. */
  indexNo?: string;
  /** 发布机构. */
  publisher?: string;
  /** 公开方式, e.g. 主动公开. */
  method?: string;
  /** 时效性, e.g. 有效. */
  validity?: string;
  declinedAt?: string;
  declinedBy?: string;
  declinedReason?: string;
}

export interface ReplyRecord extends LetterFields {
  round: number;
  class: string;
  text: string;
  contactPerson: string;
  contactPhone: string;
  at: string;
  by: string;
  signedOffBy: string;
  /** The due instant in force when the reply was made. */
  dueAt?: string;
  late: boolean;
  /** Units that sign the letter, lead first (a joint reply carries every co-handler that agreed). */
  signingUnits?: string[];
  reviewedBy?: string;
  classCorrectedFrom?: string;
  publication?: PublicationRecord;
}

export interface FeedbackRecord {
  proposerId: string;
  rating: Rating | 'noAnswer';
  /** True when the rating was not given but deemed (rules.feedbackNoAnswer = 'deemedSatisfied'). */
  deemed?: boolean;
  comment?: string;
  at: string;
  round: number;
  enteredBy: string;
}

export interface AdjustmentRequest {
  requestedAt: string;
  requestedBy: string;
  reason: string;
  proposedUnitId?: string;
  stageBefore: UnitStage;
  decision?: 'approved' | 'rejected';
  decidedAt?: string;
  decidedBy?: string;
  decisionReason?: string;
  newUnitId?: string;
}

export interface ExtensionRequest {
  clock: ClockId;
  requestedAt: string;
  requestedBy: string;
  reason: string;
  requestedDueAt?: string;
  /** lapsed: the unit replied before the office decided. */
  decision?: 'approved' | 'rejected' | 'lapsed';
  decidedAt?: string;
  decidedBy?: string;
  decisionReason?: string;
  oldDueAt?: string;
  newDueAt?: string;
}

export interface TrackingReport {
  text: string;
  resolved: boolean;
  at: string;
  by: string;
}

export interface UnitState {
  unitId: string;
  role: UnitRole;
  stage: UnitStage;
  assignedAt: string;
  /** 签收: when the unit signed for the item. */
  receivedAt?: string;
  /**
   * 送达: when the item reached the unit, from which "received" clocks count — the assignment
   * instant unless the office records a later delivery. Absent for units assigned by runs before
   * STATUTORY_PATCH (their received clocks started at sign-for).
   */
  deliveredAt?: string;
  /** 1 for the first handling; +1 for each re-handling (重新办理). */
  round: number;
  deadlines: Record<string, DeadlineState>;
  /** Outer limits planned with the deadlines (e.g. mainReplyCap), no timers. */
  limits: Record<string, string>;
  adjustments: AdjustmentRequest[];
  extensions: ExtensionRequest[];
  contacts: ContactRecord[];
  draft?: ReplyDraft;
  replies: ReplyRecord[];
  feedback: FeedbackRecord[];
  trackingReports: TrackingReport[];
  opinionSentAt?: string;
  replacedBy?: string;
  replaces?: string;
  endedAt?: string;
  endReason?: string;
}

export interface Opinion {
  fromUnitId: string;
  toUnitId: string;
  text: string;
  at: string;
  by: string;
  /** The opinion as a document (会办意见): its own 文号 series, date, signer, contact. */
  title?: string;
  docNumber?: string;
  letterDate?: string;
  signerName?: string;
  contactPerson?: string;
  contactPhone?: string;
  /** Recorded by the office for a unit without an account (e.g. consulted by phone). */
  byOffice?: boolean;
}

export interface Urge {
  unitId?: string;
  note: string;
  at: string;
  by: string;
}

export interface Hold {
  reason: string;
  since: string;
  by: string;
  resumedAt?: string;
  heldMs?: number;
}

export interface CaseState {
  caseId: string;
  stage: CaseStage;
  proposers: Proposer[];
  registeredAt: string;
  /** Bumped on every accepted command: makes projections and audit writes idempotent. */
  seq: number;
  filing?: { number: string; category: string; filedAt: string; fastTrack?: boolean; complex?: boolean };
  keyCase: boolean;
  notFiled?: { reason: string; convertedTo: string; at: string };
  mergedInto?: { parentCaseId: string; at: string; reason?: string };
  /** Child cases merged into this one (并案). */
  merged: { caseId: string; proposerIds: string[]; at: string }[];
  withdrawn?: { reason: string; at: string; by: string };
  returned?: { reason: string; at: string }[];
  mode?: AssignmentMode;
  leadUnitId?: string;
  units: UnitState[];
  opinions: Opinion[];
  urges: Urge[];
  holds: Hold[];
  onHold?: Hold;
  closedAt?: string;
  /** Joint reply (联合行文) chosen by the office for this case; otherwise the policy's rule. */
  jointReply?: boolean;
  /** Instant of the last accepted action (actions entered afterwards may not go before it). */
  lastActionAt?: string;
}

// ---------------------------------------------------------------------------------------------
// Commands

export interface UnitAssignmentInput {
  unitId: string;
  /** Only for mode 'joint': 'lead' or 'co'. Ignored otherwise. */
  role?: 'lead' | 'co';
}

export type Command =
  | {
      type: 'file';
      number: string;
      category: string;
      keyCase?: boolean;
      fastTrack?: boolean;
      complex?: boolean;
    }
  | { type: 'notFile'; reason: string; convertedTo: string }
  | { type: 'merge'; parentCaseId: string; reason?: string }
  | { type: 'absorbMerged'; childCaseId: string; proposers: { id: string; name: string }[] }
  | { type: 'returnForRevision'; reason: string }
  | { type: 'resubmit' }
  | { type: 'withdraw'; reason: string }
  | { type: 'assign'; mode: AssignmentMode; units: UnitAssignmentInput[]; deadlines?: DeadlineInput[] }
  | { type: 'addUnit'; unitId: string; role: 'co' | 'separate'; deadlines?: DeadlineInput[] }
  | { type: 'removeUnit'; unitId: string; reason: string }
  | { type: 'replaceUnit'; unitId: string; newUnitId: string; reason: string; deadlines?: DeadlineInput[] }
  | { type: 'signFor'; unitId: string; deadlines?: DeadlineInput[] }
  | {
      type: 'recordDelivery';
      unitId: string;
      deliveredAt: string;
      note?: string;
      deadlines?: DeadlineInput[];
    }
  | { type: 'requestAdjustment'; unitId: string; reason: string; proposedUnitId?: string }
  | {
      type: 'decideAdjustment';
      unitId: string;
      approve: boolean;
      reason?: string;
      /** Replacement unit when approving; defaults to the unit proposed in the request. */
      newUnitId?: string;
      deadlines?: DeadlineInput[];
    }
  | {
      type: 'sendOpinion';
      unitId: string;
      text: string;
      title?: string;
      docNumber?: string;
      letterDate?: string;
      signerName?: string;
      contactPerson?: string;
      contactPhone?: string;
    }
  | { type: 'recordContact'; unitId: string; method: ContactMethod; date: string; by: string; note?: string }
  | ({
      type: 'draftReply';
      unitId: string;
      class: string;
      text: string;
      contactPerson: string;
      contactPhone: string;
    } & LetterFields)
  | { type: 'setJointReply'; jointReply: boolean; reason?: string }
  | { type: 'countersign'; unitId: string; agree: boolean; comment?: string }
  | { type: 'reviewReply'; unitId: string; accept: boolean; reason?: string; class?: string }
  | {
      type: 'publishReply';
      unitId: string;
      /** The reply round; default the latest reply. */
      round?: number;
      indexNo: string;
      publisher: string;
      method?: string;
      validity?: string;
      /** Default now; may be earlier (not before the letter, not in the future). */
      publishedAt?: string;
    }
  | { type: 'declinePublication'; unitId: string; round?: number; reason: string }
  | { type: 'signOffReply'; unitId: string }
  | { type: 'returnDraft'; unitId: string; reason: string }
  | {
      type: 'reply';
      unitId: string;
      /** Defaults to the signed-off draft; when given, must equal it. */
      class?: string;
      text?: string;
      contactPerson?: string;
      contactPhone?: string;
      /** Units signing the letter; only for a reply entered afterwards (补录). Default: see decide. */
      signingUnits?: string[];
      deadlines?: DeadlineInput[];
    }
  | { type: 'requestExtension'; unitId: string; reason: string; requestedDueAt?: string }
  | {
      type: 'decideExtension';
      unitId: string;
      approve: boolean;
      reason?: string;
      newDueAt?: string;
      /** Latest instant the policy allows (e.g. 6 months from 交办), computed outside. */
      capAt?: string;
    }
  | {
      type: 'giveFeedback';
      unitId: string;
      proposerId: string;
      rating: Rating;
      comment?: string;
      deadlines?: DeadlineInput[];
    }
  | { type: 'expireFeedbackWindow'; unitId: string; deadlines?: DeadlineInput[] }
  | { type: 'reportTracking'; unitId: string; text: string; resolved: boolean }
  | { type: 'closeUnit'; unitId: string; reason: string }
  | { type: 'urge'; unitId?: string; note: string }
  | { type: 'markKeyCase'; keyCase: boolean; note?: string }
  | { type: 'hold'; reason: string }
  | { type: 'resume' }
  | { type: 'recomputeDeadlines'; deadlines: DeadlineInput[]; reason: string };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Events and results

/** A fact produced by an accepted command. `type` is PascalCase, past tense. */
export interface DomainEvent {
  type: string;
  at: string;
  actorId: string;
  unitId?: string;
  [key: string]: unknown;
}

export interface Accepted {
  ok: true;
  state: CaseState;
  events: DomainEvent[];
  /** Clocks this command starts: ask the policy engine for them and resend the command with `deadlines`. */
  clockRequests: ClockRequest[];
}

export interface Refused {
  ok: false;
  code: RefusalCode;
  /** Chinese first, English in brackets. */
  message: string;
}

export type Decision = Accepted | Refused;
