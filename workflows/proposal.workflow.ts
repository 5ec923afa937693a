/**
 * proposalWorkflow — one proposal (人大代表建议 / 政协提案) from registration to closure (domain.md §2).
 * The lifecycle rules live in the pure reducer (libs/domain/src/lifecycle); this workflow owns the
 * process around it: it takes every action as an update, plans deadlines through an activity,
 * keeps durable timers for every open deadline, and projects each transition to MySQL.
 *
 * Updates (payload = the lifecycle command without `type`/`deadlines`, plus `actor`; result
 * ActionResult). The validator runs `decide` on the current state and throws
 * ApplicationFailure{ type: refusal code, message, nonRetryable } — a refused action never
 * reaches history. The handler re-decides under a lock, asks planDeadlines for the clocks the
 * command starts, applies, projects (projectTransition) and notifies (emitCaseEvent).
 *   review:      file, notFile, merge (+ parentWorkflowId: signals the parent), absorbMerged,
 *                returnForRevision, resubmit, withdraw
 *   assignment:  assign, addUnit, removeUnit, replaceUnit
 *   per unit:    signFor, requestAdjustment, decideAdjustment, sendOpinion, recordContact,
 *                draftReply, signOffReply, returnDraft, reply, requestExtension,
 *                decideExtension (capAt defaults to the unit's planned `<clock>Cap` limit),
 *                giveFeedback, reportTracking, closeUnit
 *   supervision: urge, markKeyCase, hold, resume
 *   recomputeDeadlines { actor, reason, policyVersion?, rules? } — re-plans open clocks from their
 *                start events (explicit, after a calendar or policy change).
 *   `unitId` may be omitted by unit actors: it defaults to actor.unitId.
 * Signals (fire-and-forget; a refusal is logged, not thrown):
 *   urgeSignal 'urgeSignal' { actor, unitId?, note }
 *   mergedInSignal 'mergedIn' { childCaseId, proposers } — sent by a child case merged into this one.
 * Queries: caseState 'caseState' → CaseState; caseSummary 'caseSummary' → CaseSummary.
 *
 * Timers: one main loop waits on `condition(() => dirty, untilNextTimer)`. For every open deadline
 * of every live unit it fires reminders at the offsets (days before due; default [3, 1]), then one
 * overdue escalation per clock per due instant (emitCaseEvent 'reminder' / 'overdue'); the objection
 * window closes by itself; an expired feedback window applies the policy's no-answer rule
 * (expireFeedbackWindow). Everything fired is marked in the state, so it never fires twice, and
 * timers follow due instants as they change (extension, hold/resume, reassignment, recompute).
 * A hold stops every timer. The loop also wakes at least every MAX_SLEEP.
 *
 * Search attributes (when input.searchAttributes !== false): BanliStage, BanliLeadUnit,
 * BanliNextDueAt, BanliOverdue, BanliKeyCase (+ BanliJurisdiction, BanliSession once).
 *
 * Long life: continue-as-new when the server suggests it or history passes HISTORY_LIMIT events
 * (input.historyLimit overrides), carrying the whole state, the event counter and the policy
 * version/rules in input.carried; recordProposal is not repeated.
 *
 * Versioning: cases live for months, so any change to what this code does on replay (commands
 * issued, their order, timers) must be guarded: `if (patched('banli-<change>')) { new } else { old }`,
 * later `deprecatePatch`, and a recorded history in test/workflow/histories for the old shape.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  patched,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import {
  awaitingPublication,
  decide,
  displayStage,
  fireDueTimers,
  initialState,
  isEscalatedLegacy,
  isOverdue,
  isTerminal,
  liveUnits,
  replanRequest,
  nextDue,
  nextTimerAt,
  summary,
  type Accepted,
  type Actor,
  type CaseState,
  type CaseSummary,
  type ClockRequest,
  type Command,
  type CommandOf,
  type CommandType,
  type DeadlineInput,
  type DomainEvent,
  type LifecycleRules,
  type TimerFiring,
} from '../libs/domain/src/lifecycle';
import type {
  EmitCaseEventInput,
  PlannedDeadline,
  ProposalActivities,
  ProposalWorkflowInput,
} from './activity-contracts';
import { clockInfo } from '../libs/domain/src/vocabulary';
import { caseEventsOf, deadlineFact, type CaseEventDraft } from './case-events';
import {
  BanliJurisdiction,
  BanliKeyCase,
  BanliLeadUnit,
  BanliNextDueAt,
  BanliOverdue,
  BanliSession,
  BanliStage,
} from './search-attributes';

// ---------------------------------------------------------------------------------------------
// Messages

/** What every action update returns. */
export interface ActionResult {
  seq: number;
  summary: CaseSummary;
  events: DomainEvent[];
}

/** Commands about the acting unit's own work: `unitId` defaults to `actor.unitId`. */
export const UNIT_SCOPED_COMMANDS = [
  'signFor',
  'requestAdjustment',
  'sendOpinion',
  'recordContact',
  'draftReply',
  'signOffReply',
  'returnDraft',
  'reply',
  'requestExtension',
  'reportTracking',
  'countersign',
  'publishReply',
  'declinePublication',
] as const satisfies readonly CommandType[];
export type UnitScopedCommand = (typeof UNIT_SCOPED_COMMANDS)[number];
const isUnitScoped = (t: CommandType): t is UnitScopedCommand =>
  (UNIT_SCOPED_COMMANDS as readonly string[]).includes(t);

/**
 * Unit codes (e.g. 市民政局 → mz) of the unit ids a payload names, so the workflow can show people
 * a readable BanliLeadUnit. Not part of the lifecycle command.
 */
export interface UnitCodes {
  unitCodes?: Record<string, string>;
}

/** Update payload: the command's fields (no `type`, no `deadlines`) plus who acts. */
export type ActionPayload<T extends CommandType> = (T extends UnitScopedCommand
  ? Omit<CommandOf<T>, 'type' | 'deadlines' | 'unitId'> & { unitId?: string; actor: Actor }
  : Omit<CommandOf<T>, 'type' | 'deadlines'> & { actor: Actor }) &
  UnitCodes;
export type MergePayload = ActionPayload<'merge'> & { parentWorkflowId?: string };
export interface RecomputePayload {
  actor: Actor;
  reason: string;
  /** Move the case to another version of its policy (explicit, never silent). */
  policyVersion?: number;
  rules?: LifecycleRules;
}
export interface UrgePayload {
  actor: Actor;
  unitId?: string;
  note: string;
}
/**
 * Actions entered afterwards (补录), e.g. last year's cases moved from spreadsheets: the office
 * records what happened and when. The actions are decided in order, each at its `occurredAt`
 * (not in the future, not before the case's last action), as the role that did them; all or none
 * are applied. Clocks count from those instants; what fell due before the entry is recorded, not
 * mailed; no notice goes out for the actions themselves; the audit trail says who entered them.
 */
export const PAST_ACTION_ROLES = {
  file: 'office',
  assign: 'office',
  addUnit: 'office',
  recordDelivery: 'office',
  signFor: 'unit',
  sendOpinion: 'unit',
  recordContact: 'unit',
  draftReply: 'unit',
  countersign: 'unit',
  signOffReply: 'unitLeader',
  reviewReply: 'office',
  reply: 'unit',
  requestExtension: 'unit',
  decideExtension: 'office',
  giveFeedback: 'office',
  reportTracking: 'unit',
  closeUnit: 'office',
  publishReply: 'office',
  declinePublication: 'office',
} as const satisfies Partial<Record<CommandType, Actor['role']>>;
export type PastActionType = keyof typeof PAST_ACTION_ROLES;
export type PastAction = {
  [T in PastActionType]: Omit<CommandOf<T>, 'deadlines'> & { occurredAt: string };
}[PastActionType];
export interface RecordPastPayload {
  actor: Actor;
  actions: PastAction[];
}
/** At most this many actions per entry. */
export const PAST_ACTIONS_MAX = 50;

export interface MergedInPayload {
  childCaseId: string;
  proposers: { id: string; name: string }[];
}

const action = <T extends CommandType>(name: T) => defineUpdate<ActionResult, [ActionPayload<T>]>(name);

export const fileUpdate = action('file');
export const notFileUpdate = action('notFile');
export const mergeUpdate = defineUpdate<ActionResult, [MergePayload]>('merge');
export const absorbMergedUpdate = action('absorbMerged');
export const returnForRevisionUpdate = action('returnForRevision');
export const resubmitUpdate = action('resubmit');
export const withdrawUpdate = action('withdraw');
export const assignUpdate = action('assign');
export const addUnitUpdate = action('addUnit');
export const removeUnitUpdate = action('removeUnit');
export const replaceUnitUpdate = action('replaceUnit');
export const signForUpdate = action('signFor');
export const recordDeliveryUpdate = action('recordDelivery');
export const requestAdjustmentUpdate = action('requestAdjustment');
export const decideAdjustmentUpdate = action('decideAdjustment');
export const sendOpinionUpdate = action('sendOpinion');
export const recordContactUpdate = action('recordContact');
export const draftReplyUpdate = action('draftReply');
export const signOffReplyUpdate = action('signOffReply');
export const returnDraftUpdate = action('returnDraft');
export const replyUpdate = action('reply');
export const requestExtensionUpdate = action('requestExtension');
export const decideExtensionUpdate = action('decideExtension');
export const giveFeedbackUpdate = action('giveFeedback');
export const reportTrackingUpdate = action('reportTracking');
export const closeUnitUpdate = action('closeUnit');
export const urgeUpdate = action('urge');
export const markKeyCaseUpdate = action('markKeyCase');
export const holdUpdate = action('hold');
export const resumeUpdate = action('resume');
export const recomputeDeadlinesUpdate = defineUpdate<ActionResult, [RecomputePayload]>('recomputeDeadlines');
export const setJointReplyUpdate = action('setJointReply');
export const countersignUpdate = action('countersign');
export const reviewReplyUpdate = action('reviewReply');
export const publishReplyUpdate = action('publishReply');
export const declinePublicationUpdate = action('declinePublication');
export const recordPastUpdate = defineUpdate<ActionResult, [RecordPastPayload & UnitCodes]>('recordPast');

export const urgeSignal = defineSignal<[UrgePayload]>('urgeSignal');
export const mergedInSignal = defineSignal<[MergedInPayload]>('mergedIn');

export const caseStateQuery = defineQuery<CaseState>('caseState');
export const caseSummaryQuery = defineQuery<CaseSummary>('caseSummary');

/** Commands that arrive as an update of their own name, one-to-one. */
export type ActionType = Exclude<CommandType, 'merge' | 'recomputeDeadlines' | 'expireFeedbackWindow'>;

/**
 * The update of each action, typed by its payload: callers (the API's gateway) pick the update by
 * command type and get the payload type of that command (CommandOf<T>) checked.
 */
export const ACTION_UPDATES = {
  file: fileUpdate,
  notFile: notFileUpdate,
  absorbMerged: absorbMergedUpdate,
  returnForRevision: returnForRevisionUpdate,
  resubmit: resubmitUpdate,
  withdraw: withdrawUpdate,
  assign: assignUpdate,
  addUnit: addUnitUpdate,
  removeUnit: removeUnitUpdate,
  replaceUnit: replaceUnitUpdate,
  signFor: signForUpdate,
  recordDelivery: recordDeliveryUpdate,
  requestAdjustment: requestAdjustmentUpdate,
  decideAdjustment: decideAdjustmentUpdate,
  sendOpinion: sendOpinionUpdate,
  recordContact: recordContactUpdate,
  draftReply: draftReplyUpdate,
  signOffReply: signOffReplyUpdate,
  returnDraft: returnDraftUpdate,
  reply: replyUpdate,
  requestExtension: requestExtensionUpdate,
  decideExtension: decideExtensionUpdate,
  giveFeedback: giveFeedbackUpdate,
  reportTracking: reportTrackingUpdate,
  closeUnit: closeUnitUpdate,
  urge: urgeUpdate,
  markKeyCase: markKeyCaseUpdate,
  hold: holdUpdate,
  resume: resumeUpdate,
  setJointReply: setJointReplyUpdate,
  countersign: countersignUpdate,
  reviewReply: reviewReplyUpdate,
  publishReply: publishReplyUpdate,
  declinePublication: declinePublicationUpdate,
} satisfies { [T in ActionType]: ReturnType<typeof action<T>> };

// ---------------------------------------------------------------------------------------------
// Activities

/** Deadline planning: a few retries, then the action is refused (DEADLINE_PLANNING_FAILED). */
const PLANNING = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
  },
} as const;
/** Persistence must eventually succeed: retry without limit (a database outage pauses the case). */
const PERSISTENCE = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
} as const;

const remotePlanning = proxyActivities<Pick<ProposalActivities, 'planDeadlines'>>(PLANNING);
const remotePersistence = proxyActivities<Omit<ProposalActivities, 'planDeadlines'>>(PERSISTENCE);

/**
 * The same activities run by the worker inside the workflow task that needs them (runs started
 * with LOCAL_ACTIVITIES_PATCH): a transition — plan its clocks, project it, queue its mails — is one
 * workflow task instead of a server round trip per activity. Their results are recorded in the
 * history as markers; a retry past a minute waits on a timer, so a long database outage still only
 * pauses the case.
 */
const localPlanning = proxyLocalActivities<Pick<ProposalActivities, 'planDeadlines'>>(PLANNING);
const localPersistence = proxyLocalActivities<Omit<ProposalActivities, 'planDeadlines'>>(PERSISTENCE);

// ---------------------------------------------------------------------------------------------
// Constants

/** Longest single wait of the main loop. */
const MAX_SLEEP_MS = 30 * 86_400_000;
/** Continue-as-new beyond this many history events (the server suggests it too). */
const HISTORY_LIMIT = 8_000;
/** Retry delay for a system action (e.g. feedback window expiry) that failed. */
const SYSTEM_RETRY_MS = 3_600_000;
const SYSTEM: Actor = { id: 'system', role: 'system' };

/**
 * Runs started before this patch keep the old code's behaviour until they continue as new
 * (DecideContext.legacy): no adjustment-decision clock, contact checked at the reply only, the lead
 * does not wait for co-handlers, the old overdue meaning in search attributes, a mail activity for
 * every event. Checked once at the start of each run.
 */
export const SEAMS_PATCH = 'banli-seams-2026-12';

/**
 * The statutory rules (issue of 2026-12): "received" clocks start when the item reaches the unit
 * (delivery, by default the assignment) rather than at sign-for; a co-unit added later counts its
 * opinion deadline back from the lead's actual main reply; approved extensions and tracking reports
 * reach the proposer, and tracking repeats at the policy's interval. Runs started before keep the
 * old behaviour (DecideContext.receiptAtSignFor). Checked once at the start of each run.
 */
export const STATUTORY_PATCH = 'banli-statutory-2026-12';

/**
 * Reply letters as documents (issue of 2026-12): a reply marked 主动公开 starts the policy's
 * publication clock, which counts on after the case closes until the reply is published or
 * declined. Runs started before never arm it. Checked once at the start of each run.
 */
export const DOCUMENTS_PATCH = 'banli-documents-2026-12';

/**
 * Local activities (issue of 2026-12, intake and timer speed): the case's own activities run inside
 * its workflow tasks. Runs started before keep scheduling them on the task queue. Checked once at
 * the start of each run.
 */
export const LOCAL_ACTIVITIES_PATCH = 'banli-local-activities-2026-12';

const nowIso = () => new Date(Date.now()).toISOString();

function refusal(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true, details: [{ code, message }] });
}

// ---------------------------------------------------------------------------------------------
// Workflow

/** The case workflow. Returns the final summary once the case has ended. */
export async function proposalWorkflow(input: ProposalWorkflowInput): Promise<CaseSummary> {
  const carried = input.carried;
  let state: CaseState =
    carried?.state ??
    initialState({ caseId: input.caseId, proposers: input.proposers, registeredAt: input.registeredAt });
  let rules: LifecycleRules = carried?.rules ?? input.policy.rules;
  let policyVersion = carried?.policyVersion ?? input.policy.version;
  let eventSeq = carried?.eventSeq ?? 1;
  const runs = (carried?.runs ?? 0) + 1;
  const useSearchAttributes = input.searchAttributes !== false;
  const historyLimit = input.historyLimit ?? HISTORY_LIMIT;
  const legacy = !patched(SEAMS_PATCH);
  const receiptAtSignFor = legacy || !patched(STATUTORY_PATCH);
  const documents = !receiptAtSignFor && patched(DOCUMENTS_PATCH);
  const local = patched(LOCAL_ACTIVITIES_PATCH);
  const planning = local ? localPlanning : remotePlanning;
  const persistence = local ? localPersistence : remotePersistence;
  /** A closed case whose reply awaits publication keeps its process until that is decided. */
  const running = () => !isTerminal(state) || awaitingPublication(state);
  /** Unit id → unit code, for BanliLeadUnit (codes arrive with the payloads that name units). */
  const unitCodes: Record<string, string> = { ...carried?.unitCodes };

  /** Set on every state change; wakes the main loop to re-arm timers. */
  let dirty = false;
  let busy = false;
  let systemRetryAt: number | null = null;

  /** One transition at a time: handlers await activities, the state must not move meanwhile. */
  async function locked<T>(fn: () => Promise<T>): Promise<T> {
    while (busy) await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  }

  // -- commands ---------------------------------------------------------------------------------

  /** Payload → lifecycle command (never trusts caller-supplied deadlines). */
  function toCommand(type: CommandType, payload: Record<string, unknown>): Command {
    const { actor, deadlines: _d, parentWorkflowId: _p, unitCodes: _c, ...fields } = payload;
    const cmd = { ...fields, type } as Record<string, unknown>;
    const a = actor as Actor | undefined;
    if (isUnitScoped(type) && cmd.unitId === undefined && a?.unitId) cmd.unitId = a.unitId;
    if (type === 'decideExtension' && cmd.capAt === undefined) {
      const unit = liveUnits(state).find((u) => u.unitId === cmd.unitId);
      const pending = unit?.extensions.find((x) => !x.decision);
      const capClock = pending && clockInfo(pending.clock).cap;
      const cap = capClock && unit?.limits[capClock];
      if (cap) cmd.capAt = cap;
    }
    return cmd as unknown as Command;
  }

  /** Keeps the unit codes a payload brings (plain strings only). */
  function learnUnitCodes(payload: unknown) {
    const codes = (payload as UnitCodes | null)?.unitCodes;
    if (!codes || typeof codes !== 'object') return;
    for (const [id, code] of Object.entries(codes))
      if (typeof code === 'string' && code.length <= 64) unitCodes[id] = code;
  }

  function check(type: CommandType, payload: unknown): { command: Command; actor: Actor } {
    const p = payload as Record<string, unknown> | null;
    const actor = p?.actor as Actor | undefined;
    if (
      !p ||
      typeof p !== 'object' ||
      !actor ||
      typeof actor.id !== 'string' ||
      typeof actor.role !== 'string'
    ) {
      throw refusal('INVALID_COMMAND', '缺少操作人 (payload.actor is required)');
    }
    const command = toCommand(type, p);
    const r = decide(state, command, { now: nowIso(), actor, rules, legacy, receiptAtSignFor, documents });
    if (!r.ok) throw refusal(r.code, r.message);
    return { command, actor };
  }

  /** Asks the policy engine for the requested clocks: one call per start event and instant. */
  async function plan(
    requests: ClockRequest[],
    version = policyVersion,
    s: CaseState = state,
  ): Promise<DeadlineInput[]> {
    const groups = new Map<string, ClockRequest[]>();
    for (const r of requests) {
      const k = `${r.startEvent}@${r.startAt}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    const out: DeadlineInput[] = [];
    for (const group of groups.values()) {
      const { startEvent, startAt } = group[0];
      let planned: PlannedDeadline[];
      try {
        planned = await planning.planDeadlines({
          caseId: s.caseId,
          policyId: input.policy.id,
          policyVersion: version,
          channel: input.channel,
          jurisdiction: input.jurisdiction,
          startEvent,
          startAt,
          clocks: [...new Set(group.flatMap((r) => r.clocks))],
          ...(s.filing?.complex ? { complex: true } : {}),
          ...(input.duringSession !== undefined ? { duringSession: input.duringSession } : {}),
          refs: { unitIds: group.map((r) => r.unitId).join(',') },
          requests: group,
        });
      } catch (err) {
        const cause =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        throw refusal('DEADLINE_PLANNING_FAILED', `期限计算失败：${cause} (deadline planning failed)`);
      }
      for (const d of planned) {
        const targets = d.unitId
          ? [d.unitId]
          : group.filter((r) => r.clocks.includes(d.clock)).map((r) => r.unitId);
        for (const unitId of targets) out.push({ ...d, unitId });
      }
    }
    return out;
  }

  /** Projects and announces an applied transition. */
  async function publish(
    actionName: string,
    actor: Actor,
    from: string,
    at: string,
    events: DomainEvent[],
    entered?: { at: string; by: string },
  ) {
    const snapshot = state;
    await persistence.projectTransition({
      caseId: snapshot.caseId,
      seq: snapshot.seq,
      actor,
      action: actionName,
      from,
      to: displayStage(snapshot),
      at,
      state: snapshot,
      // activity input only: adding it changes no workflow command, so running cases replay unchanged
      policyVersion,
      detail: { events },
      ...(entered ? { entered } : {}),
    });
    // actions entered afterwards (补录) are history: nobody is told of them now
    if (!entered) await announce(events.flatMap((e) => caseEventsOf(e, snapshot, legacy)));
  }

  /** Numbers case events and hands them to the mail activity. */
  async function announce(drafts: CaseEventDraft[]) {
    const caseId = state.caseId;
    await Promise.all(
      drafts.map((d) => persistence.emitCaseEvent({ ...d, caseId, seq: eventSeq++ } as EmitCaseEventInput)),
    );
  }

  function apply(next: CaseState) {
    state = next;
    dirty = true;
    upsertVisibility();
  }

  /** Decides, plans, applies and publishes one command. Caller holds the lock. */
  async function execute(command: Command, actor: Actor): Promise<Accepted> {
    const now = nowIso();
    const ctx = { now, actor, rules, legacy, receiptAtSignFor, documents };
    let r = decide(state, command, ctx);
    if (!r.ok) throw refusal(r.code, r.message);
    if (r.clockRequests.length > 0) {
      const deadlines = await plan(r.clockRequests);
      r = decide(state, { ...command, deadlines } as Command, ctx);
      if (!r.ok) throw refusal(r.code, r.message);
    }
    const from = displayStage(state);
    apply(r.state);
    await publish(command.type, actor, from, now, r.events);
    return r;
  }

  /** The past actions of a recordPast payload as lifecycle commands, each with its actor and instant. */
  function pastSteps(payload: RecordPastPayload): { command: Command; actor: Actor; at: string }[] {
    const office = payload?.actor;
    if (!office || typeof office.id !== 'string' || office.role !== 'office')
      throw refusal('FORBIDDEN_ROLE', '补录须由交办机关操作 (only the office enters past actions)');
    const actions = payload.actions;
    if (!Array.isArray(actions) || actions.length === 0 || actions.length > PAST_ACTIONS_MAX)
      throw refusal(
        'INVALID_COMMAND',
        `补录须含 1 至 ${PAST_ACTIONS_MAX} 项办理 (between 1 and ${PAST_ACTIONS_MAX} actions)`,
      );
    const now = Date.parse(nowIso());
    let last = Date.parse(state.lastActionAt ?? state.registeredAt);
    return actions.map((a, i) => {
      const n = `第 ${i + 1} 项`;
      const role = PAST_ACTION_ROLES[a?.type as PastActionType];
      if (!role)
        throw refusal(
          'INVALID_COMMAND',
          `${n}：不能补录的操作 ${String(a?.type)} (cannot be entered afterwards)`,
        );
      const t = typeof a.occurredAt === 'string' ? Date.parse(a.occurredAt) : NaN;
      if (Number.isNaN(t) || a.occurredAt.length < 10)
        throw refusal('INVALID_DATE', `${n}：缺少有效的发生时间 occurredAt (occurredAt is not an instant)`);
      if (t > now) throw refusal('INVALID_DATE', `${n}：发生时间不能晚于现在 (occurredAt is in the future)`);
      if (t < last)
        throw refusal(
          'INVALID_DATE',
          `${n}：发生时间不能早于上一项办理（${new Date(last).toISOString()}）(occurredAt goes back in time)`,
        );
      last = t;
      const { occurredAt: _o, ...fields } = a as PastAction & Record<string, unknown>;
      const unitId = typeof fields.unitId === 'string' ? fields.unitId : undefined;
      const actor: Actor = {
        id: office.id,
        role,
        ...(role !== 'office' && unitId ? { unitId } : {}),
        ...(office.name ? { name: office.name } : {}),
      };
      return { command: fields as unknown as Command, actor, at: new Date(t).toISOString() };
    });
  }

  /**
   * Decides every past action in order on a working copy (planning the clocks each starts), then
   * applies and projects them: a refusal anywhere applies none. Caller holds the lock.
   */
  async function executePast(payload: RecordPastPayload): Promise<Accepted> {
    const steps = pastSteps(payload);
    const entered = { at: nowIso(), by: payload.actor.id };
    let working = state;
    const decided: { r: Accepted; type: string; at: string; from: string }[] = [];
    for (const [i, s] of steps.entries()) {
      const ctx = {
        now: s.at,
        actor: s.actor,
        rules,
        legacy,
        receiptAtSignFor,
        documents,
        enteredAt: entered.at,
      };
      let r = decide(working, s.command, ctx);
      if (r.ok && r.clockRequests.length > 0) {
        const deadlines = await plan(r.clockRequests, policyVersion, working);
        r = decide(working, { ...s.command, deadlines } as Command, ctx);
      }
      if (!r.ok) throw refusal(r.code, `第 ${i + 1} 项（${s.command.type}）：${r.message}`);
      decided.push({ r, type: s.command.type, at: s.at, from: displayStage(working) });
      working = r.state;
    }
    const actor = { ...payload.actor, role: 'office' as const };
    for (const d of decided) {
      apply(d.r.state);
      await publish(d.type, actor, d.from, d.at, d.r.events, entered);
    }
    return decided[decided.length - 1].r;
  }

  const result = (r: Accepted): ActionResult => ({
    seq: r.state.seq,
    summary: summary(r.state, nowIso()),
    events: r.events,
  });

  // -- visibility -------------------------------------------------------------------------------

  let lastVisibility = '';
  function upsertVisibility(first = false) {
    if (!useSearchAttributes) return;
    // the one definition of overdue and next due (windows are nobody's duty; a hold stops clocks);
    // legacy runs keep the meanings their histories recorded
    const due = nextDue(state);
    const lead = state.leadUnitId;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: BanliStage, value: displayStage(state, legacy ? { signedOff: false } : {}) },
      { key: BanliLeadUnit, value: lead ? (legacy ? lead : (unitCodes[lead] ?? lead)) : null },
      { key: BanliNextDueAt, value: due ? new Date(due.dueAt) : null },
      { key: BanliOverdue, value: legacy ? isEscalatedLegacy(state) : isOverdue(state, nowIso(), due) },
      { key: BanliKeyCase, value: state.keyCase },
    ];
    if (first) {
      pairs.push({ key: BanliJurisdiction, value: input.jurisdiction });
      pairs.push({ key: BanliSession, value: `${input.term ?? ''}-${input.session}` });
    }
    const fingerprint = JSON.stringify(pairs.map((p) => [p.key.name, p.value]));
    if (fingerprint === lastVisibility && !first) return;
    lastVisibility = fingerprint;
    upsertSearchAttributes(pairs);
  }

  // Updates that arrived with the start are dispatched as soon as their handler is set: hold the
  // lock until the proposal is recorded, so no transition is projected before it.
  if (!carried) busy = true;

  // -- handlers ---------------------------------------------------------------------------------

  for (const [type, def] of Object.entries(ACTION_UPDATES) as [
    ActionType,
    UpdateDefinition<ActionResult, [unknown]>,
  ][]) {
    setHandler(
      def as ReturnType<typeof action>,
      (payload: unknown) =>
        locked(async () => {
          const { command, actor } = check(type, payload);
          learnUnitCodes(payload);
          return result(await execute(command, actor));
        }),
      { validator: (payload: unknown) => void check(type, payload) },
    );
  }

  setHandler(
    mergeUpdate,
    (payload) =>
      locked(async () => {
        const { command, actor } = check('merge', payload);
        learnUnitCodes(payload);
        const r = await execute(command, actor);
        if (payload.parentWorkflowId) {
          try {
            await getExternalWorkflowHandle(payload.parentWorkflowId).signal(mergedInSignal, {
              childCaseId: state.caseId,
              proposers: state.proposers.map((p) => ({ id: p.id, name: p.name })),
            });
          } catch (err) {
            log.warn('could not tell the parent case about the merge', {
              parentWorkflowId: payload.parentWorkflowId,
              err: String(err),
            });
          }
        }
        return result(r);
      }),
    { validator: (payload) => void check('merge', payload) },
  );

  setHandler(
    recomputeDeadlinesUpdate,
    (payload) =>
      locked(async () => {
        check('recomputeDeadlines', { ...payload, deadlines: [] });
        const version = payload.policyVersion ?? policyVersion;
        const requests: ClockRequest[] = [];
        for (const u of liveUnits(state)) {
          for (const d of Object.values(u.deadlines)) {
            if (d.open && !d.extended) requests.push(replanRequest(u, d, legacy));
          }
        }
        const deadlines = await plan(requests, version);
        const previous = { rules, policyVersion };
        rules = payload.rules ?? rules;
        policyVersion = version;
        try {
          return result(
            await execute({ type: 'recomputeDeadlines', reason: payload.reason, deadlines }, payload.actor),
          );
        } catch (err) {
          ({ rules, policyVersion } = previous);
          throw err;
        }
      }),
    {
      validator: (payload) => {
        if (payload?.rules !== undefined && !Array.isArray(payload.rules.replyClasses)) {
          throw refusal('INVALID_COMMAND', '规则无效 (rules are malformed)');
        }
        check('recomputeDeadlines', { ...payload, deadlines: [] });
      },
    },
  );

  setHandler(
    recordPastUpdate,
    (payload) =>
      locked(async () => {
        learnUnitCodes(payload);
        return result(await executePast(payload));
      }),
    {
      validator: (payload) => {
        if (!running()) throw refusal('WRONG_STAGE', '案件已结束，不能补录 (the case has ended)');
        pastSteps(payload);
      },
    },
  );

  /** Signals cannot answer: a refusal is logged and dropped. */
  const fireAndForget = (command: Command, actor: Actor) =>
    locked(async () => {
      try {
        await execute(command, actor);
      } catch (err) {
        log.warn('signal refused', {
          type: command.type,
          err: err instanceof Error ? err.message : String(err),
        });
      }
    });

  setHandler(urgeSignal, (p) =>
    fireAndForget(
      { type: 'urge', note: p?.note ?? '', ...(p?.unitId ? { unitId: p.unitId } : {}) },
      p?.actor ?? SYSTEM,
    ),
  );
  setHandler(mergedInSignal, (p) =>
    fireAndForget({ type: 'absorbMerged', childCaseId: p?.childCaseId, proposers: p?.proposers }, SYSTEM),
  );

  setHandler(caseStateQuery, () => state);
  setHandler(caseSummaryQuery, () => summary(state, nowIso()));

  // -- timers -----------------------------------------------------------------------------------

  /** Fires what is due, then lets the policy rule close expired feedback windows. */
  async function tick() {
    const now = nowIso();
    const fired = fireDueTimers(state, now);
    if (fired.state !== state) {
      const from = displayStage(state);
      apply(fired.state);
      await persistence.projectTransition({
        caseId: state.caseId,
        seq: state.seq,
        actor: SYSTEM,
        action: 'timers',
        from,
        to: displayStage(state),
        at: now,
        state,
        // what fell due before it was entered afterwards (补录) is recorded here, not mailed
        detail: {
          events: fired.firings
            .filter((f) => f.recordedOnly)
            .map((f) => ({
              type: f.kind === 'reminder' ? 'PastReminderRecorded' : 'PastDueRecorded',
              at: f.kind === 'reminder' ? now : f.dueAt,
              actorId: SYSTEM.id,
              unitId: f.unitId,
              clock: f.clock,
              dueAt: f.dueAt,
              ...(f.daysBefore !== undefined ? { daysBefore: f.daysBefore } : {}),
            })),
        },
      });
      await announce(
        fired.firings
          .filter((f) => f.kind !== 'windowExpired' && !f.recordedOnly)
          .map((f) => timerEvent(f, now)),
      );
    }
    // State-derived, so a failed attempt is simply tried again on a later wake-up.
    if (systemRetryAt !== null && Date.now() < systemRetryAt) return;
    systemRetryAt = null;
    for (const u of liveUnits(state)) {
      const w = u.deadlines.feedback;
      if (
        state.onHold ||
        isTerminal(state) ||
        u.stage !== 'FEEDBACK_PENDING' ||
        !w ||
        Date.parse(w.dueAt) > Date.now()
      )
        continue;
      try {
        await execute({ type: 'expireFeedbackWindow', unitId: u.unitId }, SYSTEM);
      } catch (err) {
        log.warn('feedback window expiry failed; will retry', {
          unitId: u.unitId,
          err: err instanceof Error ? err.message : String(err),
        });
        systemRetryAt = Date.now() + SYSTEM_RETRY_MS;
      }
    }
  }

  /** A reminder or an overdue escalation as a case event, with the deadline it is about. */
  function timerEvent(f: TimerFiring, now: string): CaseEventDraft {
    const unit = state.units.find((u) => u.unitId === f.unitId);
    const deadline = deadlineFact(unit, f.clock) ?? { clock: f.clock, dueAt: f.dueAt };
    const common = {
      unitId: f.unitId,
      clock: f.clock,
      dueAt: f.dueAt,
      at: now,
      actorId: SYSTEM.id,
    };
    return f.kind === 'reminder'
      ? {
          ...common,
          kind: 'reminder',
          facts: {
            daysBefore: f.daysBefore ?? 0,
            deadline,
            ...(unit ? { assignedAt: unit.assignedAt, unitStage: unit.stage } : {}),
            keyCase: state.keyCase,
          },
        }
      : {
          ...common,
          kind: 'overdue',
          facts: { deadline, keyCase: state.keyCase, ...(unit ? { unitStage: unit.stage } : {}) },
        };
  }

  // -- main -------------------------------------------------------------------------------------

  if (!carried) {
    try {
      const { carried: _c, searchAttributes: _s, historyLimit: _h, ...record } = input;
      await persistence.recordProposal({ ...record, workflowId: workflowInfo().workflowId });
      await persistence.projectTransition({
        caseId: state.caseId,
        seq: state.seq,
        actor: SYSTEM,
        action: 'register',
        from: 'NEW',
        to: displayStage(state),
        at: input.registeredAt,
        state,
        detail: { events: [] },
      });
    } finally {
      busy = false;
    }
  }
  upsertVisibility(true);

  while (running()) {
    await locked(tick);
    if (!running()) break;

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > historyLimit) {
      await condition(() => !busy && allHandlersFinished());
      if (running()) {
        await continueAsNew<typeof proposalWorkflow>({
          ...input,
          carried: { state, eventSeq, rules, policyVersion, runs, unitCodes },
        });
      }
      break;
    }

    // Clear the flag and read the next instant together: a change after this line wakes us.
    dirty = false;
    const next = nextTimerAt(state);
    let wait = next === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Date.parse(next) - Date.now());
    if (systemRetryAt !== null) wait = Math.min(wait, systemRetryAt - Date.now());
    if (wait > 0) await condition(() => dirty, wait);
  }

  await condition(() => !busy && allHandlersFinished());
  return summary(state, nowIso());
}
