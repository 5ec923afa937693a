/** Stages, roles and other closed sets of the lifecycle (domain.md §2), as values and types. */

/** Stage of the case as a whole. */
export const CASE_STAGES = [
  'UNDER_REVIEW',
  'RETURNED',
  'FILED',
  'NOT_FILED',
  'MERGED',
  'WITHDRAWN',
  'ASSIGNED',
  'CLOSED',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/** Case stages after which nothing more happens. */
export const TERMINAL_CASE_STAGES: readonly CaseStage[] = ['NOT_FILED', 'MERGED', 'WITHDRAWN', 'CLOSED'];

/** Stage of one handling unit's own cycle (states 7–17 of domain.md §2). */
export const UNIT_STAGES = [
  'ASSIGNED',
  'RECEIVED',
  'ADJUSTMENT_REQUESTED',
  'IN_PROGRESS',
  'REPLY_REVIEW',
  'FEEDBACK_PENDING',
  'REHANDLING',
  'TRACKING',
  'OPINION_SENT',
  'CLOSED',
  'REPLACED',
  'REMOVED',
] as const;
export type UnitStage = (typeof UNIT_STAGES)[number];

/**
 * What lists and the read model show for a unit: its stage, except that a draft the leader has
 * signed off (still REPLY_REVIEW in the lifecycle) reads SIGNED_OFF (已签发，待答复).
 */
export const UNIT_DISPLAY_STAGES = [...UNIT_STAGES, 'SIGNED_OFF'] as const;
export type UnitDisplayStage = (typeof UNIT_DISPLAY_STAGES)[number];

export const ASSIGNMENT_MODES = ['sole', 'separate', 'joint'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/** sole/separate/lead units reply to the proposer; co-handlers (会办) send opinions to the lead. */
export const UNIT_ROLES = ['lead', 'co', 'separate', 'sole'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/** Who acts in the lifecycle. */
export const ACTOR_ROLES = ['office', 'unit', 'unitLeader', 'supervisor', 'proposer', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Account roles (an account's role decides its actor role: unitStaff acts as 'unit', admin as none). */
export const USER_ROLES = ['admin', 'office', 'unitStaff', 'unitLeader', 'supervisor', 'proposer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const CONTACT_METHODS = ['faceToFace', 'phone', 'visit', 'letter', 'online'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const RATINGS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
/** A rating as recorded: the proposer's own, or noAnswer when the window closed without one. */
export type RecordedRating = Rating | 'noAnswer';

/** 公开属性 of a reply: 主动公开, 依申请公开, 不予公开 (with a reason). */
export const PUBLICITIES = ['active', 'onRequest', 'none'] as const;
export type Publicity = (typeof PUBLICITIES)[number];

export const CHANNELS = ['npc', 'cppcc'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Status of a deadline row in the read model (deadlineStatus): open (counting), held (its case is
 * on hold), closed (done, or its unit or case ended). Overdue is not stored: it is judged at read time.
 */
export const DEADLINE_ROW_STATUSES = ['open', 'held', 'closed'] as const;
export type DeadlineRowStatus = (typeof DEADLINE_ROW_STATUSES)[number];

/** Kinds of proposer (domain.md §1). */
export const PARTY_KINDS = ['deputy', 'member', 'group', 'organisation', 'committee', 'delegation'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** Why the lifecycle refuses a command. */
export const REFUSAL_CODES = [
  'INVALID_COMMAND',
  'FORBIDDEN_ROLE',
  'WRONG_STAGE',
  'ON_HOLD',
  'NOT_ON_HOLD',
  'UNKNOWN_UNIT',
  'NOT_ASSIGNED_UNIT',
  'NOT_UNIT_LEADER',
  'NOT_LEAD_UNIT',
  'NOT_CO_HANDLER',
  'INVALID_ASSIGNMENT',
  'UNIT_ALREADY_ASSIGNED',
  'ADJUSTMENT_WINDOW_CLOSED',
  'ADJUSTMENT_PENDING',
  'ADJUSTMENT_NOT_REQUESTED',
  'CONTACT_REQUIRED',
  'CO_OPINIONS_PENDING',
  'NOT_SIGNED_OFF',
  'DRAFT_MISMATCH',
  'INVALID_REPLY_CLASS',
  'EXTENSION_PENDING',
  'EXTENSION_NOT_REQUESTED',
  'EXTENSION_CAP_UNKNOWN',
  'EXTENSION_BEYOND_CAP',
  'EXTENSION_NOT_LATER',
  'NOT_A_PROPOSER',
  'ALREADY_RATED',
  'FEEDBACK_WINDOW_CLOSED',
  'FEEDBACK_WINDOW_OPEN',
  'INVALID_DATE',
  'NOT_JOINT_REPLY',
  'COUNTERSIGN_PENDING',
  'NOT_IN_COUNTERSIGN',
  'REVIEW_PENDING',
  'NOT_IN_REVIEW',
  'PUBLICATION_NOT_ALLOWED',
  'ALREADY_PUBLISHED',
  'NOT_REPLIED',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** Refusals the case workflow adds around the lifecycle (the action was not applied). */
export const WORKFLOW_REFUSAL_CODES = ['DEADLINE_PLANNING_FAILED'] as const;
export type WorkflowRefusalCode = (typeof WORKFLOW_REFUSAL_CODES)[number];

/** How the handling statistics group their figures: by unit, session (届/次), jurisdiction, month of assignment. */
export const REPORT_GROUPS = ['unit', 'session', 'jurisdiction', 'month'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];
