/**
 * What the proposal workflow asks of the outside world: its input and the activities it calls.
 * Types only, so workflow code and the activity implementations (activities/) share one contract
 * without the workflow bundle pulling in any implementation.
 */
import type {
  Actor,
  CaseState,
  ClockRequest,
  DomainEvent,
  LifecycleRules,
  StartEvent,
} from '../libs/domain/src/lifecycle';

export type Channel = 'npc' | 'cppcc';

export interface ProposerInput {
  id: string;
  name: string;
  /** deputy, member, group, party … (recorded by the projection). */
  kind?: string;
  email?: string | null;
  phone?: string | null;
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
  startEvent: StartEvent;
  startAt: string;
  /** Union of the clocks asked for (see `requests` for which unit asked for which). */
  clocks: string[];
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
export interface PlannedDeadline {
  unitId?: string;
  clock: string;
  /** ISO instant the period ends (e.g. 24:00 local time of the last day). */
  dueAt: string;
  /** Human explanation, e.g. "3 months from assignment on 2026-03-31 → 2026-06-30". */
  summary: string;
  explanation: unknown;
  /** Days before due to remind; default [3, 1]. */
  reminderOffsetsDays?: number[];
}

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
}

export type CaseEventKind =
  | 'reminder'
  | 'overdue'
  | 'assigned'
  | 'replied'
  | 'feedbackRequested'
  | 'rehandling'
  | 'tracking'
  | 'adjustmentRequested'
  | 'adjustmentDecided'
  | 'extensionRequested'
  | 'extensionDecided'
  | 'opinionReceived'
  | 'urged'
  | 'keyCase'
  | 'held'
  | 'resumed'
  | 'unitClosed'
  | 'closed'
  | 'notFiled'
  | 'merged'
  | 'withdrawn';

/** Something people must hear about (mail, SMS, reports consume these). */
export interface EmitCaseEventInput {
  caseId: string;
  /** Monotonic per case across all events: (caseId, seq) is the idempotency key. */
  seq: number;
  kind: CaseEventKind;
  unitId?: string;
  clock?: string;
  dueAt?: string;
  payload: Record<string, unknown>;
}

/** Activities the proposal workflow calls (implemented in activities/, by DI over lib services). */
export interface ProposalActivities {
  /** Writes the registered proposal and its proposers; idempotent on caseId. */
  recordProposal(input: ProposalWorkflowInput): Promise<void>;
  planDeadlines(input: PlanDeadlinesInput): Promise<PlannedDeadline[]>;
  projectTransition(input: ProjectTransitionInput): Promise<void>;
  emitCaseEvent(input: EmitCaseEventInput): Promise<void>;
}
