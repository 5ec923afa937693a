/**
 * What the proposal workflow asks of the outside world: its input and the activities it calls.
 * Types only, so workflow code and the activity implementations (activities/) share one contract
 * without the workflow bundle pulling in any implementation.
 */
import type {
  Actor,
  CaseState,
  ClockRequest,
  DeadlineInput,
  DomainEvent,
  LifecycleRules,
  LegacyStartEvent,
  StartEvent,
} from '../libs/domain/src/lifecycle';
import type { Channel, ClockId, RecordedRating, UnitRole, UnitStage } from '../libs/domain/src/vocabulary';

/**
 * A proposer as the case workflow knows them: who, not how to reach them. Contact details live in
 * the party table (written by the API at registration), so no phone or e-mail enters history.
 */
export interface ProposerInput {
  id: string;
  name: string;
  /** deputy, member, group, party … (recorded by the projection). */
  kind?: string;
}

/** Input of `proposalWorkflow`. The workflow id is a business key chosen by the caller. */
export interface ProposalWorkflowInput {
  caseId: string;
  jurisdiction: string;
  channel: Channel;
  /** 届 */
  term?: number;
  /** 次 */
  session: number;
  number: string;
  title: string;
  /** 会间 (true) or 会后 (false): some policies count differently. */
  duringSession?: boolean;
  content?: string | null;
  category?: string | null;
  proposers: ProposerInput[];
  /** The policy version the case was registered under; a case keeps it. */
  policy: { id: string; version: number; rules: LifecycleRules };
  /** ISO instant. */
  registeredAt: string;
  /** Filled in by the workflow from workflowInfo() when it records the proposal. */
  workflowId?: string;
  /** Upsert Banli* search attributes (default true; the time-skipping test server has none). */
  searchAttributes?: boolean;
  /** Continue-as-new beyond this many history events (default 8000; tests use a small one). */
  historyLimit?: number;
  /** Set only by continue-as-new: the state carried over from the previous run. */
  carried?: CarriedState;
}

/** What a run hands to the next one on continue-as-new. */
export interface CarriedState {
  state: CaseState;
  /** Next `seq` for emitCaseEvent. */
  eventSeq: number;
  rules: LifecycleRules;
  policyVersion: number;
  runs: number;
  /** Unit id → unit code, learnt from payloads (absent in runs carried before codes existed). */
  unitCodes?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// planDeadlines

/**
 * "Event `startEvent` happened at `startAt`: which of `clocks` does the case's policy start then,
 * and when are they due?" Deadline arithmetic (calendar, working days, holidays) happens here,
 * outside workflow code.
 */
export interface PlanDeadlinesInput {
  caseId: string;
  policyId: string;
  policyVersion: number;
  channel: Channel;
  /** The case's jurisdiction, for its calendar overrides (absent in runs started before they existed). */
  jurisdiction?: string;
  startEvent: StartEvent | LegacyStartEvent;
  startAt: string;
  /** Union of the clocks asked for (see `requests` for which unit asked for which). */
  clocks: ClockId[];
  /** "Wide or difficult" item (6 months instead of 3 in the national rule). */
  complex?: boolean;
  duringSession?: boolean;
  /** Context for explanations, e.g. { unitIds: 'u1,u2' }. */
  refs?: Record<string, string>;
  /** The same question per unit, for implementations that answer per unit. */
  requests: ClockRequest[];
}

/**
 * One computed deadline. Only clocks the policy starts at `startEvent` come back; the rest are
 * omitted (a policy may start the main reply at receipt instead of assignment). Without `unitId`
 * a deadline applies to every unit in the request that asked for that clock.
 */
export type PlannedDeadline = DeadlineInput & {
  /** The engine's structured "why this date" (ComputedDeadline). */
  explanation: unknown;
};

// ---------------------------------------------------------------------------------------------
// projection and events

/** One accepted transition, persisted as an audit event plus the read model as of `seq`. */
export interface ProjectTransitionInput {
  caseId: string;
  /** Monotonic per case (CaseState.seq after the transition): makes the write idempotent. */
  seq: number;
  actor: Actor;
  /** Command type, or 'timers' for reminders/escalations fired by the workflow itself. */
  action: string;
  /** Display stage before and after (see displayStage). */
  from: string;
  to: string;
  /** ISO instant (workflow time). */
  at: string;
  state: CaseState;
  /** The policy version in force after the transition (changes only on an explicit re-apply). */
  policyVersion?: number;
  /** The domain events of the transition. */
  detail?: { events: DomainEvent[] };
  /** An action entered afterwards (补录): `at` is when it happened, this when and by whom it was entered. */
  entered?: { at: string; by: string };
}

/** A deadline as a mail shows it. */
export interface DeadlineFact {
  clock: ClockId;
  dueAt: string;
  summary?: string;
  /** Who the policy escalates to when it runs out (unitLeader, office, supervisor). */
  escalateTo?: string[];
}

/** A unit's open deadlines, earliest first. */
export interface UnitDeadlines {
  unitId: string;
  role: UnitRole;
  deadlines: DeadlineFact[];
}

/**
 * The facts each case event carries, so the mail activity renders it without reading case state
 * back. Kinds under `silent` send nothing and are only emitted by runs started before SEAMS_PATCH.
 */
export interface CaseEventFacts {
  assigned: {
    role: UnitRole;
    assignedAt: string;
    deadlines: DeadlineFact[];
    proposers: string[];
    leadUnitId?: string;
    otherUnits: { unitId: string; role: UnitRole }[];
    keyCase: boolean;
  };
  reminder: {
    daysBefore: number;
    deadline: DeadlineFact;
    assignedAt?: string;
    keyCase: boolean;
    unitStage?: UnitStage;
  };
  overdue: { deadline: DeadlineFact; keyCase: boolean; unitStage?: UnitStage };
  adjustmentRequested: { reason: string; proposedUnitId?: string; decisionDue?: DeadlineFact };
  adjustmentDecided: { approved: boolean; reason?: string; requestReason?: string; newUnitId?: string };
  extensionRequested: { clock: ClockId; currentDueAt: string; requestedDueAt?: string; reason: string };
  extensionDecided: {
    approved: boolean;
    clock: ClockId;
    reason?: string;
    oldDueAt: string;
    newDueAt?: string;
  };
  /** 延期告知: an approved extension, told to each proposer (policy notifyProposerOfExtension). */
  extensionNotice: {
    clock: ClockId;
    oldDueAt: string;
    newDueAt: string;
    reason?: string;
    proposers: { id: string; name: string }[];
  };
  /** 跟踪落实情况: a unit's tracking report, told to each proposer; `nextDueAt` when it repeats. */
  trackingUpdate: {
    reportNo: number;
    resolved: boolean;
    excerpt: string;
    reportedAt: string;
    replyClass?: string;
    nextDueAt?: string;
    proposers: { id: string; name: string }[];
  };
  opinionReceived: { fromUnitId: string; text: string };
  draftSubmitted: { round: number; replyClass: string; draftedBy: string };
  /** `toReview`: the office reviews (审核) the reply before it is sent (only in newer runs). */
  draftSignedOff: {
    round: number;
    replyClass: string;
    draftedBy: string;
    signedOffBy: string;
    toReview?: boolean;
  };
  draftReturned: { round: number; reason: string; draftedBy?: string; returnedBy: string };
  /**
   * 会签: the lead's joint-reply draft, sent to one co-handler (the event's unit) for
   * countersignature, with that unit's countersign deadline. `draftedAt` tells drafts apart.
   */
  countersignRequested: {
    leadUnitId: string;
    round: number;
    replyClass: string;
    excerpt: string;
    draftedAt: string;
    draftedBy: string;
    deadline?: DeadlineFact;
  };
  /** A co-handler asked the lead unit (the event's unit) to change the draft. */
  countersignChanges: { fromUnitId: string; round: number; comment: string; by: string };
  /** 答复待审核: a signed-off reply waits for the office's review. */
  reviewRequested: {
    round: number;
    replyClass: string;
    excerpt: string;
    draftedBy: string;
    signedOffBy: string;
    /** Co-handlers that countersigned the joint reply. */
    countersignedBy?: string[];
  };
  /** The office accepted the reply (correcting its class when `classFrom`/`classTo` are set). */
  replyReviewed: {
    round: number;
    replyClass: string;
    classFrom?: string;
    classTo?: string;
    note?: string;
    reviewedBy: string;
  };
  /** The office returned the reply for redrafting. */
  replyReturned: { round: number; reason: string; draftedBy?: string; returnedBy: string };
  replied: {
    round: number;
    replyClass: string;
    excerpt: string;
    repliedAt: string;
    proposers: { id: string; name: string }[];
  };
  feedbackRequested: {
    round: number;
    repliedAt: string;
    feedbackDueAt?: string;
    proposers: { id: string; name: string }[];
  };
  rehandling: {
    round: number;
    ratings: { proposerId: string; name: string; rating: RecordedRating; comment?: string }[];
    deadline?: DeadlineFact;
  };
  urged: { note?: string; keyCase: boolean; units: UnitDeadlines[] };
  keyCase: { note?: string; keyCase: boolean; units: UnitDeadlines[] };
  silent: { event: string };
}

export type CaseEventKind = keyof CaseEventFacts;

/** Something people must hear about (mail, SMS, reports consume these). */
export type EmitCaseEventInput = {
  [K in CaseEventKind]: {
    caseId: string;
    /** Monotonic per case across all events: (caseId, seq) is the idempotency key. */
    seq: number;
    kind: K;
    /**
     * The unit concerned (for opinionReceived and countersignChanges: the lead unit that receives
     * it; for countersignRequested: the co-handler asked to countersign).
     */
    unitId?: string;
    clock?: ClockId;
    /** The due instant concerned, or the instant of the event: part of each mail's dedupe key. */
    dueAt?: string;
    /** Workflow time of the event. */
    at: string;
    /** Who acted (a user id, 'system', or `link:<unitId>`). */
    actorId: string;
    facts: CaseEventFacts[K];
  };
}[CaseEventKind];

/** Activities the proposal workflow calls (implemented in activities/, by DI over lib services). */
export interface ProposalActivities {
  /** Writes the registered proposal and its proposers; idempotent on caseId. */
  recordProposal(input: ProposalWorkflowInput): Promise<void>;
  planDeadlines(input: PlanDeadlinesInput): Promise<PlannedDeadline[]>;
  projectTransition(input: ProjectTransitionInput): Promise<void>;
  /** Queues the mail of a case event; returns how many messages were queued. */
  emitCaseEvent(input: EmitCaseEventInput): Promise<{ queued: number }>;
}
