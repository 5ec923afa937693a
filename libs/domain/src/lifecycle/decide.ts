import {
  CASE_STAGE_LABELS,
  clockInfo,
  CONTACT_METHODS,
  PUBLICITIES,
  RATINGS,
  UNIT_STAGE_LABELS,
  type ClockId,
} from '../vocabulary';
import { leadWaitsForCoOpinionsOf } from '../policies/lifecycle-rules';
import { isIsoDate, shanghaiDateOf } from '../calendar/dates';
import { candidateClocks, isInstant, iso, liveUnits, ms, newDeadline, replyClockOf } from './clocks';
import type {
  ActorRole,
  CaseStage,
  CaseState,
  ClockRequest,
  Command,
  CommandOf,
  CommandType,
  DecideContext,
  LifecycleRules,
  Decision,
  DeadlineInput,
  DomainEvent,
  FeedbackRecord,
  LetterFields,
  RefusalCode,
  ReplyRecord,
  StartEvent,
  UnitRole,
  UnitStage,
  UnitState,
} from './types';

/** Thrown inside `decide` only; never escapes it. */
class Refusal {
  constructor(
    readonly code: RefusalCode,
    readonly message: string,
  ) {}
}

const refuse = (code: RefusalCode, zh: string, en: string): never => {
  throw new Refusal(code, `${zh} (${en})`);
};

const ENDED_UNIT: UnitStage[] = ['CLOSED', 'REPLACED', 'REMOVED'];
const OPEN_CASE: CaseStage[] = ['UNDER_REVIEW', 'RETURNED', 'FILED', 'ASSIGNED'];

const zhCaseStage = (s: CaseStage) => CASE_STAGE_LABELS[s].zh;
const zhUnitStage = (s: UnitStage) => UNIT_STAGE_LABELS[s].zh;

/** Working copy of one decision. */
class Tx {
  readonly state: CaseState;
  readonly events: DomainEvent[] = [];
  readonly clockRequests: ClockRequest[] = [];

  constructor(
    prev: CaseState,
    readonly ctx: DecideContext,
    private readonly deadlines: DeadlineInput[],
  ) {
    this.state = JSON.parse(JSON.stringify(prev));
  }

  get now() {
    return this.ctx.now;
  }

  emit(type: string, data: Record<string, unknown> = {}) {
    this.events.push({ type, at: this.now, actorId: this.ctx.actor.id, ...data });
  }

  // -- guards ---------------------------------------------------------------------------------

  role(...roles: ActorRole[]) {
    if (!roles.includes(this.ctx.actor.role)) {
      refuse(
        'FORBIDDEN_ROLE',
        `当前角色（${this.ctx.actor.role}）无权执行此操作`,
        `role ${this.ctx.actor.role} may not do this; allowed: ${roles.join(', ')}`,
      );
    }
  }

  caseStage(...stages: CaseStage[]) {
    if (!stages.includes(this.state.stage)) {
      refuse(
        'WRONG_STAGE',
        `案件${zhCaseStage(this.state.stage)}，不能执行此操作`,
        `case is ${this.state.stage}; needs ${stages.join(' or ')}`,
      );
    }
  }

  notOnHold() {
    if (this.state.onHold)
      refuse(
        'ON_HOLD',
        `案件已暂停办理（${this.state.onHold.reason}），请先恢复`,
        'case is on hold; resume it first',
      );
  }

  text(value: unknown, field: string): string {
    if (typeof value !== 'string' || value.trim() === '')
      refuse('INVALID_COMMAND', `缺少${field}`, `${field} is required`);
    return value as string;
  }

  instant(value: unknown, field: string): string {
    if (!isInstant(value))
      refuse('INVALID_COMMAND', `${field}不是有效时间`, `${field} is not an ISO instant`);
    return iso(ms(value as string));
  }

  /** A live (not replaced or removed) unit, for office actions. */
  unit(unitId: string): UnitState {
    const u = liveUnits(this.state).find((x) => x.unitId === unitId);
    if (!u) refuse('UNKNOWN_UNIT', `单位 ${unitId} 未承办本件`, `unit ${unitId} is not handling this case`);
    return u as UnitState;
  }

  /** The unit the actor belongs to, which must be the unit named in the command. */
  ownUnit(unitId: string, ...roles: ActorRole[]): UnitState {
    const a = this.ctx.actor;
    this.role(...(roles.length ? roles : (['unit', 'unitLeader'] as ActorRole[])));
    const u = liveUnits(this.state).find((x) => x.unitId === unitId);
    if (!u || a.unitId !== unitId) {
      refuse(
        'NOT_ASSIGNED_UNIT',
        `您所在单位不是本件的承办单位 ${unitId}`,
        `actor's unit ${a.unitId ?? '(none)'} is not assigned unit ${unitId}`,
      );
    }
    return u as UnitState;
  }

  replyingUnit(u: UnitState) {
    if (u.role === 'co') {
      refuse(
        'NOT_LEAD_UNIT',
        '会办单位不能直接答复代表委员，请将会办意见送主办单位',
        'a co-handling unit does not reply; it sends its opinion to the lead unit',
      );
    }
  }

  unitStage(u: UnitState, stages: UnitStage[], zh: string, en: string) {
    if (u.stage === 'ADJUSTMENT_REQUESTED' && !stages.includes('ADJUSTMENT_REQUESTED')) {
      refuse('ADJUSTMENT_PENDING', '调整申请尚待交办机关决定', 'an adjustment request is pending');
    }
    if (!stages.includes(u.stage))
      refuse('WRONG_STAGE', `${zh}（当前：${zhUnitStage(u.stage)}）`, `${en}; unit is ${u.stage}`);
  }

  isProposer(id: string) {
    return this.state.proposers.some((p) => p.id === id);
  }

  // -- clocks ---------------------------------------------------------------------------------

  /**
   * Asks for the clocks `event` may start for `unit` (or just `only`), and arms those the command
   * carries. `startAt` is the instant the policy counts from (default: now).
   */
  arm(unit: UnitState, event: StartEvent, startAt: string = this.now, only?: ClockId[]) {
    const clocks = only ?? candidateClocks(unit.role, event);
    const refs = this.refsFor(unit, clocks);
    this.clockRequests.push({
      unitId: unit.unitId,
      startEvent: event,
      startAt,
      clocks,
      ...(refs ? { refs } : {}),
    });
    for (const d of this.deadlines) {
      if (d.unitId !== unit.unitId || !clocks.includes(d.clock)) continue;
      if (clockInfo(d.clock).kind === 'limit') {
        unit.limits[d.clock] = iso(ms(d.dueAt));
        continue;
      }
      const existing = unit.deadlines[d.clock];
      if (existing?.open) continue;
      unit.deadlines[d.clock] = newDeadline(d, d.startEvent ?? event, d.startAt ?? startAt, this.now);
      if (this.ctx.enteredAt) unit.deadlines[d.clock].enteredAt = this.ctx.enteredAt;
      this.emit('DeadlineArmed', {
        unitId: unit.unitId,
        clock: d.clock,
        dueAt: unit.deadlines[d.clock].dueAt,
        summary: d.summary,
        startEvent: unit.deadlines[d.clock].startEvent,
      });
    }
  }

  /**
   * A co-handler's opinion may count back from the lead's main reply (offsetBefore): from the
   * lead's actual deadline when the lead already has one — a co-unit added later must not get a
   * date counted from its own assignment. Runs before STATUTORY_PATCH asked without it.
   */
  refsFor(unit: UnitState, clocks: ClockId[]): ClockRequest['refs'] {
    if (!this.receiptAtDelivery || unit.role !== 'co' || !clocks.includes('coOpinion')) return undefined;
    const lead = liveUnits(this.state).find((u) => u.unitId === this.state.leadUnitId);
    const main = lead?.deadlines.mainReply;
    return main ? { mainReply: main.dueAt } : undefined;
  }

  /** Under the statutory rules, "received" clocks start when the item reaches the unit. */
  get receiptAtDelivery(): boolean {
    return !this.ctx.legacy && !this.ctx.receiptAtSignFor;
  }

  close(unit: UnitState, clock: string) {
    const d = unit.deadlines[clock];
    if (d?.open) {
      d.open = false;
      d.closedAt = this.now;
    }
  }

  closeAll(unit: UnitState, keepPublication = false) {
    for (const clock of Object.keys(unit.deadlines))
      if (!(keepPublication && clock === 'publication')) this.close(unit, clock);
  }

  // -- letters (domain.md §4) -------------------------------------------------------------------

  /** An optional short text: trimmed, at most `max` characters; absent when empty. */
  optionalText(value: unknown, field: string, max: number): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') refuse('INVALID_COMMAND', `${field}须为文字`, `${field} must be text`);
    const v = (value as string).trim();
    if (v.length > max)
      refuse('INVALID_COMMAND', `${field}不能超过 ${max} 个字符`, `${field} exceeds ${max} characters`);
    return v === '' ? undefined : v;
  }

  /**
   * A date on a document (YYYY-MM-DD): not after today (China time) and not before `notBefore`
   * (an instant, e.g. the unit's assignment).
   */
  documentDate(value: unknown, field: string, notBefore: string, notBeforeZh: string): string {
    if (!isIsoDate(value))
      refuse('INVALID_DATE', `${field}须为日期（如 2026-03-31）`, `${field} must be a date YYYY-MM-DD`);
    const date = value as string;
    const today = shanghaiDateOf(this.now);
    if (date > today)
      refuse(
        'INVALID_DATE',
        `${field}（${date}）不能晚于今天（${today}）`,
        `${field} ${date} is in the future`,
      );
    const floor = shanghaiDateOf(notBefore);
    if (date < floor)
      refuse(
        'INVALID_DATE',
        `${field}（${date}）不能早于${notBeforeZh}（${floor}）`,
        `${field} ${date} is before ${floor}`,
      );
    return date;
  }

  /** The letter fields of a draft, checked (domain.md §4). */
  letterFields(c: LetterFields, u: UnitState): LetterFields {
    const out: LetterFields = {};
    const title = this.optionalText(c.title, '标题', 300);
    if (title) out.title = title;
    const docNumber = this.optionalText(c.docNumber, '文号', 100);
    if (docNumber) out.docNumber = docNumber;
    if (c.letterDate !== undefined && c.letterDate !== null)
      out.letterDate = this.documentDate(c.letterDate, '答复日期', u.assignedAt, '交办日期');
    const signerName = this.optionalText(c.signerName, '签发人', 64);
    if (signerName) out.signerName = signerName;
    const signerTitle = this.optionalText(c.signerTitle, '签发人职务', 64);
    if (signerTitle) out.signerTitle = signerTitle;
    if (c.copies !== undefined && c.copies !== null) {
      if (!Array.isArray(c.copies) || c.copies.length > 20)
        refuse('INVALID_COMMAND', '抄送须为至多 20 个单位名称', 'copies must be a list of at most 20 names');
      const copies = c.copies
        .map((x) => this.optionalText(x, '抄送单位', 100))
        .filter((x): x is string => !!x);
      if (copies.length) out.copies = copies;
    }
    if (c.publicity !== undefined && c.publicity !== null) {
      if (!PUBLICITIES.includes(c.publicity))
        refuse(
          'INVALID_COMMAND',
          '公开属性须为主动公开、依申请公开或不予公开',
          `publicity must be one of ${PUBLICITIES.join(', ')}`,
        );
      out.publicity = c.publicity;
    }
    const reason = this.optionalText(c.publicityReason, '不予公开理由', 500);
    if (out.publicity === 'none' && !reason)
      refuse('INVALID_COMMAND', '不予公开的须说明理由', 'a reply not to be disclosed needs a reason');
    if (reason) out.publicityReason = reason;
    if (c.proposerAgreesToPublish !== undefined && c.proposerAgreesToPublish !== null) {
      if (typeof c.proposerAgreesToPublish !== 'boolean')
        refuse('INVALID_COMMAND', '是否同意公开须为是或否', 'proposerAgreesToPublish must be a boolean');
      out.proposerAgreesToPublish = c.proposerAgreesToPublish;
      if (c.proposerAgreesToPublish === false && out.publicity === 'active')
        refuse(
          'PUBLICATION_NOT_ALLOWED',
          '代表委员不同意公开的答复，公开属性不能为主动公开',
          'the proposer did not agree to publication, so the reply cannot be published proactively',
        );
    }
    return out;
  }

  /** Joint reply (联合行文) for this case: the office's choice, else the policy's rule. */
  get jointReply(): boolean {
    return this.state.mode === 'joint' && (this.state.jointReply ?? this.ctx.rules.jointReply ?? false);
  }

  /** Co-handlers still on the case (they countersign a joint reply). */
  liveCoUnits(): UnitState[] {
    return liveUnits(this.state).filter((u) => u.role === 'co' && u.stage !== 'CLOSED');
  }

  // -- units ----------------------------------------------------------------------------------

  addUnit(unitId: string, role: UnitRole, reason: string, replaces?: string): UnitState {
    const u: UnitState = {
      unitId,
      role,
      stage: 'ASSIGNED',
      assignedAt: this.now,
      round: 1,
      deadlines: {},
      limits: {},
      adjustments: [],
      extensions: [],
      contacts: [],
      replies: [],
      feedback: [],
      trackingReports: [],
      ...(replaces ? { replaces } : {}),
    };
    this.state.units.push(u);
    this.emit('UnitAssigned', {
      unitId,
      role,
      mode: this.state.mode,
      reason,
      ...(replaces ? { replaces } : {}),
    });
    this.arm(u, 'assigned');
    if (this.receiptAtDelivery) {
      // delivered with the assignment (the office may record a later delivery)
      u.deliveredAt = this.now;
      this.arm(u, 'received');
    }
    return u;
  }

  notAlreadyLive(unitId: string) {
    if (liveUnits(this.state).some((u) => u.unitId === unitId)) {
      refuse(
        'UNIT_ALREADY_ASSIGNED',
        `单位 ${unitId} 已是本件的承办单位`,
        `unit ${unitId} already handles this case`,
      );
    }
  }

  replace(old: UnitState, newUnitId: string, reason: string, why: 'replacement' | 'adjustment') {
    this.text(newUnitId, '新承办单位');
    this.notAlreadyLive(newUnitId);
    this.closeAll(old);
    old.stage = 'REPLACED';
    old.replacedBy = newUnitId;
    old.endedAt = this.now;
    old.endReason = reason;
    if (this.state.leadUnitId === old.unitId) this.state.leadUnitId = newUnitId;
    this.emit('UnitReplaced', { unitId: old.unitId, newUnitId, reason });
    this.addUnit(newUnitId, old.role, why, old.unitId);
  }

  endUnit(u: UnitState, reason: string, forced = false) {
    // a reply to be published keeps its publication clock after the unit's handling ends
    this.closeAll(u, true);
    u.stage = 'CLOSED';
    u.endedAt = this.now;
    u.endReason = reason;
    this.emit('UnitClosed', { unitId: u.unitId, reason, ...(forced ? { forced } : {}) });
  }

  /** The case closes when every replying unit's cycle is done (joint: the lead; separate: each). */
  maybeCloseCase() {
    const live = liveUnits(this.state);
    const replying = live.filter((u) => u.role !== 'co');
    if (replying.length === 0 || replying.some((u) => u.stage !== 'CLOSED')) return;
    for (const u of live) {
      if (u.role === 'co' && u.stage !== 'CLOSED') {
        this.closeAll(u);
        u.stage = 'CLOSED';
        u.endedAt = this.now;
        u.endReason = '主办单位办结';
      }
    }
    this.state.stage = 'CLOSED';
    this.state.closedAt = this.now;
    this.emit('CaseClosed', {});
  }

  /** Feedback of the current round decides: re-handle, track, or close the unit. */
  evaluateFeedback(u: UnitState) {
    this.close(u, 'feedback');
    const ratings = u.feedback.filter((f) => f.round === u.round);
    const reopen = ratings.some(
      (f) =>
        f.rating === 'dissatisfied' ||
        (f.rating === 'basicallySatisfied' && this.ctx.rules.rehandlingOnBasicallySatisfied),
    );
    const last = u.replies[u.replies.length - 1];
    if (reopen) {
      u.round += 1;
      u.stage = 'REHANDLING';
      delete u.draft;
      this.emit('RehandlingStarted', {
        unitId: u.unitId,
        round: u.round,
        ratings: ratings.map((f) => ({ proposerId: f.proposerId, rating: f.rating })),
      });
      this.arm(u, 'rehandlingStarted');
    } else if (last && this.ctx.rules.trackingClasses.includes(last.class)) {
      u.stage = 'TRACKING';
      this.emit('TrackingStarted', { unitId: u.unitId, class: last.class });
      // the tracking report counts from the reply that made the commitment
      this.arm(u, 'replied', last.at, ['trackingReport']);
    } else {
      this.endUnit(u, '征询意见完毕');
      this.maybeCloseCase();
    }
  }

  finishCase(stage: CaseStage) {
    for (const u of liveUnits(this.state)) {
      this.closeAll(u);
      if (!ENDED_UNIT.includes(u.stage)) {
        u.stage = 'CLOSED';
        u.endedAt = this.now;
        u.endReason = zhCaseStage(stage);
      }
    }
    this.state.stage = stage;
  }
}

/** What a unit still needs before it may draft (and submit for sign-off) its reply. */
export interface DraftPrerequisites {
  /** The policy wants contact with the proposer first and none is recorded for this round. */
  contact: boolean;
  /** Joint handling: co-handlers whose opinion has not arrived while their deadline has not passed. */
  coOpinions: string[];
}

/** The policy wants contact with the proposer before the reply and none is recorded for this round. */
const contactMissing = (rules: LifecycleRules, unit: UnitState): boolean =>
  rules.contactRequiredBeforeReply && !unit.contacts.some((x) => x.round === unit.round);

/**
 * The checks `draftReply` makes, for the web to show before anyone types a reply (pure: `now` is
 * a parameter). The lead waits for the co-handlers only where the policy says so.
 */
export function draftPrerequisites(
  state: CaseState,
  unit: UnitState,
  rules: LifecycleRules,
  now: string,
): DraftPrerequisites {
  const contact = contactMissing(rules, unit);
  const coOpinions =
    unit.role === 'lead' && unit.round === 1 && leadWaitsForCoOpinionsOf(rules)
      ? liveUnits(state)
          .filter((co) => co.role === 'co' && co.stage !== 'OPINION_SENT' && co.stage !== 'CLOSED')
          .filter((co) => {
            const d = co.deadlines.coOpinion;
            return !d || (d.open && ms(d.dueAt) > ms(now));
          })
          .map((co) => co.unitId)
      : [];
  return { contact, coOpinions };
}

/**
 * The instant a reply counts as sent: now, or — for a letter dated earlier (entered after it was
 * sent) — the start of its date in China, never before the unit's assignment.
 */
function letterInstant(letterDate: string | undefined, assignedAt: string, now: string): string {
  if (!letterDate || letterDate >= shanghaiDateOf(now)) return now;
  const start = Date.parse(`${letterDate}T00:00:00+08:00`);
  return iso(Math.max(start, ms(assignedAt)));
}

/**
 * Units that sign the letter, lead first: a joint reply carries every co-handler that agreed to
 * the draft. A reply entered afterwards (补录) may name them, from the case's units, in the order
 * the letter prints them.
 */
function signingUnitsOf(tx: Tx, u: UnitState, given: unknown): string[] {
  if (given !== undefined && given !== null) {
    if (!tx.ctx.enteredAt)
      refuse('INVALID_COMMAND', '会签单位由会签结果决定', 'signing units follow the countersignatures');
    const ids = Array.isArray(given) ? given : [];
    const units = liveUnits(tx.state).map((x) => x.unitId);
    if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || !units.includes(id)))
      refuse('UNKNOWN_UNIT', '署名单位须为本件的承办单位', 'signing units must handle this case');
    // as the letter prints them (a party organ may sign before the lead unit); the unit replying signs
    return (ids as string[]).includes(u.unitId)
      ? [...new Set(ids as string[])]
      : [u.unitId, ...(ids as string[])];
  }
  const agreed = (u.draft?.countersigns ?? []).filter((x) => x.answer === 'agree').map((x) => x.unitId);
  return [u.unitId, ...agreed];
}

/** The unit whose reply is published: the office, or the replying unit itself. */
function publicationUnit(tx: Tx, unitId: string): UnitState {
  const u = tx.ctx.actor.role === 'office' ? tx.unit(unitId) : tx.ownUnit(unitId);
  tx.replyingUnit(u);
  return u;
}

/** The reply a publication decision is about (default: the latest), not yet decided. */
function publicationTarget(tx: Tx, unitId: string, round: number | undefined): ReplyRecord {
  tx.role('office', 'unit', 'unitLeader');
  // the case may have closed: publication is decided after the handling ends
  tx.caseStage('ASSIGNED', 'CLOSED');
  const u = publicationUnit(tx, unitId);
  const r = round === undefined ? u.replies[u.replies.length - 1] : u.replies.find((x) => x.round === round);
  if (!r) refuse('NOT_REPLIED', '该单位尚无此轮答复', 'the unit has no such reply');
  if (r!.publication?.publishedAt || r!.publication?.declinedAt)
    refuse('ALREADY_PUBLISHED', '该答复已公开或已登记不公开', 'publication of this reply is already decided');
  return r!;
}

type Handler<T extends CommandType> = (tx: Tx, c: CommandOf<T>) => void;

const handlers: { [T in CommandType]: Handler<T> } = {
  // -- review (审查) ---------------------------------------------------------------------------
  file(tx, c) {
    tx.role('office');
    tx.caseStage('UNDER_REVIEW');
    const number = tx.text(c.number, '提案/建议编号');
    const category = tx.text(c.category, '类别');
    tx.state.stage = 'FILED';
    tx.state.filing = {
      number,
      category,
      filedAt: tx.now,
      ...(c.fastTrack ? { fastTrack: true } : {}),
      ...(c.complex ? { complex: true } : {}),
    };
    if (c.keyCase) tx.state.keyCase = true;
    tx.emit('Filed', { number, category, keyCase: tx.state.keyCase, complex: !!c.complex });
  },

  notFile(tx, c) {
    tx.role('office');
    tx.caseStage('UNDER_REVIEW');
    const reason = tx.text(c.reason, '不予立案理由');
    const convertedTo = tx.text(c.convertedTo, '转化方式（如社情民意、来信）');
    tx.state.stage = 'NOT_FILED';
    tx.state.notFiled = { reason, convertedTo, at: tx.now };
    tx.emit('NotFiled', { reason, convertedTo });
  },

  merge(tx, c) {
    tx.role('office');
    tx.caseStage('UNDER_REVIEW', 'FILED', 'ASSIGNED');
    const parentCaseId = tx.text(c.parentCaseId, '并入案件');
    if (parentCaseId === tx.state.caseId)
      refuse('INVALID_COMMAND', '不能并入本件自身', 'a case cannot be merged into itself');
    if (tx.state.units.some((u) => u.replies.length > 0)) {
      refuse('WRONG_STAGE', '已有单位答复，不能并案', 'a unit has already replied; too late to merge');
    }
    tx.finishCase('MERGED');
    tx.state.mergedInto = { parentCaseId, at: tx.now, ...(c.reason ? { reason: c.reason } : {}) };
    tx.emit('Merged', { parentCaseId, proposers: tx.state.proposers });
  },

  absorbMerged(tx, c) {
    tx.role('office', 'system');
    tx.caseStage('UNDER_REVIEW', 'FILED', 'ASSIGNED');
    const childCaseId = tx.text(c.childCaseId, '被并案件');
    if (tx.state.merged.some((m) => m.caseId === childCaseId)) {
      refuse(
        'INVALID_COMMAND',
        `案件 ${childCaseId} 已并入本件`,
        `case ${childCaseId} is already merged into this one`,
      );
    }
    if (!Array.isArray(c.proposers) || c.proposers.length === 0)
      refuse('INVALID_COMMAND', '缺少被并案件的提出人', 'proposers of the merged case are required');
    const added = c.proposers.filter((p) => !tx.isProposer(p.id));
    for (const p of added) tx.state.proposers.push({ id: p.id, name: p.name, viaCaseId: childCaseId });
    tx.state.merged.push({ caseId: childCaseId, proposerIds: c.proposers.map((p) => p.id), at: tx.now });
    tx.emit('ProposersAbsorbed', { childCaseId, added: added.map((p) => p.id) });
  },

  returnForRevision(tx, c) {
    tx.role('office');
    tx.caseStage('UNDER_REVIEW');
    const reason = tx.text(c.reason, '退回理由');
    tx.state.stage = 'RETURNED';
    (tx.state.returned ??= []).push({ reason, at: tx.now });
    tx.emit('ReturnedForRevision', { reason });
  },

  resubmit(tx) {
    tx.role('proposer', 'office');
    if (tx.ctx.actor.role === 'proposer' && !tx.isProposer(tx.ctx.actor.id))
      refuse('NOT_A_PROPOSER', '您不是本件的提出人', 'actor is not a proposer of this case');
    tx.caseStage('RETURNED');
    tx.state.stage = 'UNDER_REVIEW';
    tx.emit('Resubmitted');
  },

  withdraw(tx, c) {
    tx.role('proposer', 'office');
    if (tx.ctx.actor.role === 'proposer' && !tx.isProposer(tx.ctx.actor.id))
      refuse('NOT_A_PROPOSER', '您不是本件的提出人', 'actor is not a proposer of this case');
    tx.caseStage('UNDER_REVIEW', 'RETURNED', 'FILED', 'ASSIGNED');
    if (tx.state.units.some((u) => u.replies.length > 0))
      refuse('WRONG_STAGE', '已答复的案件不能撤回', 'a case with a reply cannot be withdrawn');
    const reason = tx.text(c.reason, '撤回理由');
    tx.finishCase('WITHDRAWN');
    tx.state.withdrawn = { reason, at: tx.now, by: tx.ctx.actor.id };
    tx.emit('Withdrawn', { reason });
  },

  // -- assignment (交办) ------------------------------------------------------------------------
  assign(tx, c) {
    tx.role('office');
    tx.caseStage('FILED');
    tx.notOnHold();
    const units = Array.isArray(c.units) ? c.units : [];
    const ids = units.map((u) => u.unitId);
    if (ids.some((id) => typeof id !== 'string' || id === '') || new Set(ids).size !== ids.length) {
      refuse('INVALID_ASSIGNMENT', '承办单位不能为空或重复', 'unit ids must be non-empty and distinct');
    }
    const roles: UnitRole[] = [];
    if (c.mode === 'sole') {
      if (units.length !== 1)
        refuse('INVALID_ASSIGNMENT', '单独办理须且仅须一个承办单位', 'sole handling needs exactly one unit');
      roles.push('sole');
    } else if (c.mode === 'separate') {
      if (units.length < 2)
        refuse(
          'INVALID_ASSIGNMENT',
          '分别办理须至少两个承办单位',
          'separate handling needs at least two units',
        );
      units.forEach(() => roles.push('separate'));
    } else if (c.mode === 'joint') {
      const leads = units.filter((u) => u.role === 'lead');
      if (leads.length !== 1)
        refuse(
          'INVALID_ASSIGNMENT',
          '会同办理须指定一个主办单位',
          'joint handling needs exactly one lead unit',
        );
      if (units.length < 2)
        refuse(
          'INVALID_ASSIGNMENT',
          '会同办理须至少一个会办单位',
          'joint handling needs at least one co-handling unit',
        );
      units.forEach((u) => roles.push(u.role === 'lead' ? 'lead' : 'co'));
    } else {
      refuse(
        'INVALID_ASSIGNMENT',
        '办理方式须为单独、分别或会同办理',
        'mode must be sole, separate or joint',
      );
    }
    tx.state.stage = 'ASSIGNED';
    tx.state.mode = c.mode;
    const leadIdx = roles.findIndex((r) => r === 'lead' || r === 'sole');
    if (leadIdx >= 0) tx.state.leadUnitId = ids[leadIdx];
    tx.emit('CaseAssigned', { mode: c.mode, units: ids.map((unitId, i) => ({ unitId, role: roles[i] })) });
    ids.forEach((id, i) => tx.addUnit(id, roles[i], 'assignment'));
  },

  addUnit(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    tx.notOnHold();
    const unitId = tx.text(c.unitId, '承办单位');
    tx.notAlreadyLive(unitId);
    const modeBefore = tx.state.mode;
    if (c.role === 'co') {
      if (modeBefore === 'separate')
        refuse(
          'INVALID_ASSIGNMENT',
          '分别办理的案件不能增加会办单位',
          'separate handling has no lead unit to co-handle with',
        );
      if (modeBefore === 'sole') {
        const sole = liveUnits(tx.state).find((u) => u.role === 'sole');
        if (sole) sole.role = 'lead';
        tx.state.mode = 'joint';
      }
    } else if (c.role === 'separate') {
      if (modeBefore === 'joint')
        refuse(
          'INVALID_ASSIGNMENT',
          '会同办理的案件只能增加会办单位',
          'joint handling can only gain co-handling units',
        );
      if (modeBefore === 'sole') {
        const sole = liveUnits(tx.state).find((u) => u.role === 'sole');
        if (sole) sole.role = 'separate';
        tx.state.mode = 'separate';
        delete tx.state.leadUnitId;
      }
    } else {
      refuse('INVALID_ASSIGNMENT', '增加的单位须为会办或分办单位', "role must be 'co' or 'separate'");
    }
    tx.emit('UnitAdded', { unitId, role: c.role, modeBefore, modeAfter: tx.state.mode });
    tx.addUnit(unitId, c.role, 'added');
  },

  removeUnit(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    const u = tx.unit(c.unitId);
    const reason = tx.text(c.reason, '撤销理由');
    if (u.role === 'lead' || u.role === 'sole') {
      refuse(
        'INVALID_ASSIGNMENT',
        '主办单位不能撤销，只能更换',
        'the lead or sole unit cannot be removed, only replaced',
      );
    }
    if (u.role === 'separate' && liveUnits(tx.state).filter((x) => x.role === 'separate').length < 2) {
      refuse('INVALID_ASSIGNMENT', '不能撤销最后一个承办单位', 'cannot remove the last handling unit');
    }
    if (u.replies.length > 0) refuse('WRONG_STAGE', '该单位已答复，不能撤销', 'the unit has already replied');
    tx.closeAll(u);
    u.stage = 'REMOVED';
    u.endedAt = tx.now;
    u.endReason = reason;
    tx.emit('UnitRemoved', { unitId: u.unitId, role: u.role, reason });
    tx.maybeCloseCase();
  },

  replaceUnit(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    tx.notOnHold();
    const u = tx.unit(c.unitId);
    const reason = tx.text(c.reason, '更换理由');
    if (u.replies.length > 0 || u.stage === 'CLOSED')
      refuse('WRONG_STAGE', '该单位已答复，不能更换', 'the unit has already replied');
    tx.replace(u, c.newUnitId, reason, 'replacement');
  },

  // -- per unit (签收 → 办理 → 答复) ------------------------------------------------------------
  /**
   * 登记送达: the item reached the unit later than its assignment (paper delivery, a unit without an
   * account): its "received" clocks count again from that instant. Only before the unit replies
   * and before any of them was extended.
   */
  recordDelivery(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    const u = tx.unit(c.unitId);
    if (!tx.receiptAtDelivery)
      refuse(
        'WRONG_STAGE',
        '本件按旧规则自签收起算，不能登记送达时间',
        'this case counts from sign-for (started before delivery was recorded)',
      );
    if (u.replies.length > 0 || u.stage === 'CLOSED' || u.opinionSentAt)
      refuse('WRONG_STAGE', '该单位已答复或已送会办意见，不能再改送达时间', 'the unit has already answered');
    const deliveredAt = tx.instant(c.deliveredAt, '送达时间');
    if (ms(deliveredAt) < ms(u.assignedAt))
      refuse('INVALID_COMMAND', '送达时间不能早于交办时间', 'delivery cannot precede the assignment');
    if (ms(deliveredAt) > ms(tx.now))
      refuse('INVALID_COMMAND', '送达时间不能晚于现在', 'delivery cannot be in the future');
    const received = Object.values(u.deadlines).filter((d) => d.open && d.startEvent === 'received');
    if (received.some((d) => d.extended))
      refuse('WRONG_STAGE', '已批准延期，不能再改送达时间', 'a deadline from delivery was already extended');
    for (const d of received) tx.close(u, d.clock);
    u.deliveredAt = deliveredAt;
    const note = typeof c.note === 'string' && c.note.trim() ? c.note.trim() : undefined;
    tx.emit('DeliveryRecorded', { unitId: u.unitId, deliveredAt, ...(note ? { note } : {}) });
    const clocks = candidateClocks(u.role, 'received').filter(
      (clock) => clockInfo(clock).kind === 'limit' || received.some((d) => d.clock === clock),
    );
    tx.arm(u, 'received', deliveredAt, clocks);
  },

  signFor(tx, c) {
    const u = tx.ownUnit(c.unitId);
    tx.notOnHold();
    tx.unitStage(u, ['ASSIGNED'], '已签收，无需重复签收', 'already signed for');
    const d = u.deadlines.signFor;
    const late = !!d && ms(tx.now) >= ms(d.dueAt);
    tx.close(u, 'signFor');
    u.stage = 'RECEIVED';
    u.receivedAt = tx.now;
    tx.emit('SignedFor', { unitId: u.unitId, late });
    // units assigned before the statutory rules count their "received" clocks from sign-for
    if (!u.deliveredAt) tx.arm(u, 'received');
  },

  requestAdjustment(tx, c) {
    const u = tx.ownUnit(c.unitId);
    tx.notOnHold();
    if (u.stage === 'ADJUSTMENT_REQUESTED')
      refuse('ADJUSTMENT_PENDING', '已提出调整申请，尚待决定', 'an adjustment request is already pending');
    if (u.stage === 'ASSIGNED')
      refuse(
        'WRONG_STAGE',
        '尚未签收，请先签收再申请调整',
        'sign for the case before requesting an adjustment',
      );
    tx.unitStage(
      u,
      ['RECEIVED', 'IN_PROGRESS'],
      '此阶段不能申请调整',
      'adjustment can only be requested after signing for and before replying',
    );
    const w = u.deadlines.adjustmentWindow;
    if (w && (!w.open || ms(tx.now) >= ms(w.dueAt))) {
      refuse(
        'ADJUSTMENT_WINDOW_CLOSED',
        `申请调整期限已过（截至 ${w.dueAt}），不予受理`,
        `the adjustment window closed at ${w.dueAt}`,
      );
    }
    const reason = tx.text(c.reason, '申请调整理由');
    u.adjustments.push({
      requestedAt: tx.now,
      requestedBy: tx.ctx.actor.id,
      reason,
      ...(c.proposedUnitId ? { proposedUnitId: c.proposedUnitId } : {}),
      stageBefore: u.stage,
    });
    u.stage = 'ADJUSTMENT_REQUESTED';
    tx.emit('AdjustmentRequested', { unitId: u.unitId, reason, proposedUnitId: c.proposedUnitId });
    // the office's own duty: decide within the policy's time (Guangzhou: 7 days)
    if (!tx.ctx.legacy) tx.arm(u, 'adjustmentRequested');
  },

  decideAdjustment(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    tx.notOnHold();
    const u = tx.unit(c.unitId);
    const req = u.adjustments[u.adjustments.length - 1];
    if (u.stage !== 'ADJUSTMENT_REQUESTED' || !req || req.decision) {
      refuse(
        'ADJUSTMENT_NOT_REQUESTED',
        '该单位没有待决定的调整申请',
        'the unit has no pending adjustment request',
      );
    }
    req.decidedAt = tx.now;
    req.decidedBy = tx.ctx.actor.id;
    if (c.reason) req.decisionReason = c.reason;
    tx.close(u, 'adjustmentDecision');
    if (c.approve) {
      const newUnitId = c.newUnitId ?? req.proposedUnitId;
      if (!newUnitId) refuse('INVALID_COMMAND', '同意调整须指定新的承办单位', 'approving needs the new unit');
      req.decision = 'approved';
      req.newUnitId = newUnitId;
      tx.emit('AdjustmentApproved', {
        unitId: u.unitId,
        newUnitId,
        reason: c.reason,
        requestReason: req.reason,
      });
      tx.replace(u, newUnitId as string, c.reason ?? req.reason, 'adjustment');
    } else {
      req.decision = 'rejected';
      u.stage = req.stageBefore;
      tx.emit('AdjustmentRejected', { unitId: u.unitId, reason: c.reason, requestReason: req.reason });
    }
  },

  sendOpinion(tx, c) {
    // the office records the opinion of a unit without an account (e.g. consulted by phone)
    const byOffice = tx.ctx.actor.role === 'office';
    const u = byOffice ? tx.unit(c.unitId) : tx.ownUnit(c.unitId);
    if (byOffice) tx.caseStage('ASSIGNED');
    if (u.role !== 'co')
      refuse(
        'NOT_CO_HANDLER',
        '只有会办单位向主办单位提交会办意见',
        'only a co-handling unit sends opinions to the lead',
      );
    if (u.stage === 'ASSIGNED' && !byOffice)
      refuse('WRONG_STAGE', '尚未签收，不能提交会办意见', 'not signed for yet');
    tx.unitStage(
      u,
      ['ASSIGNED', 'RECEIVED', 'IN_PROGRESS', 'OPINION_SENT'],
      '此阶段不能提交会办意见',
      'cannot send an opinion now',
    );
    const lead = liveUnits(tx.state).find((x) => x.role === 'lead');
    if (!lead || lead.stage === 'CLOSED')
      refuse('WRONG_STAGE', '主办单位已办结', 'the lead unit has finished');
    const text = tx.text(c.text, '会办意见');
    const doc: Record<string, string> = {};
    for (const [k, zh, max] of [
      ['title', '标题', 300],
      ['docNumber', '文号', 100],
      ['signerName', '签发人', 64],
      ['contactPerson', '联系人', 64],
      ['contactPhone', '联系电话', 64],
    ] as const) {
      const v = tx.optionalText(c[k], zh, max);
      if (v) doc[k] = v;
    }
    if (c.letterDate !== undefined && c.letterDate !== null)
      doc.letterDate = tx.documentDate(c.letterDate, '会办意见日期', u.assignedAt, '交办日期');
    tx.state.opinions.push({
      fromUnitId: u.unitId,
      toUnitId: lead!.unitId,
      text,
      at: tx.now,
      by: tx.ctx.actor.id,
      ...doc,
      ...(byOffice ? { byOffice: true } : {}),
    });
    tx.close(u, 'coOpinion');
    u.stage = 'OPINION_SENT';
    u.opinionSentAt = tx.now;
    tx.emit('OpinionSent', {
      unitId: u.unitId,
      toUnitId: lead!.unitId,
      text,
      ...(doc.docNumber ? { docNumber: doc.docNumber } : {}),
      ...(byOffice ? { byOffice: true } : {}),
    });
  },

  recordContact(tx, c) {
    const u = tx.ownUnit(c.unitId);
    tx.replyingUnit(u);
    if (u.stage === 'ASSIGNED') refuse('WRONG_STAGE', '尚未签收，不能登记沟通情况', 'not signed for yet');
    tx.unitStage(
      u,
      ['RECEIVED', 'IN_PROGRESS', 'REPLY_REVIEW', 'REHANDLING', 'TRACKING'],
      '此阶段不能登记沟通情况',
      'cannot record contact now',
    );
    if (!CONTACT_METHODS.includes(c.method))
      refuse('INVALID_COMMAND', '沟通方式无效', `method must be one of ${CONTACT_METHODS.join(', ')}`);
    const date = tx.instant(c.date, '沟通日期');
    const by = tx.text(c.by, '沟通人');
    u.contacts.push({
      method: c.method,
      date,
      by,
      ...(c.note ? { note: c.note } : {}),
      round: u.round,
      recordedAt: tx.now,
    });
    tx.close(u, 'contact');
    if (u.stage === 'RECEIVED') u.stage = 'IN_PROGRESS';
    tx.emit('ContactRecorded', { unitId: u.unitId, method: c.method, date, round: u.round });
  },

  draftReply(tx, c) {
    const u = tx.ownUnit(c.unitId);
    tx.replyingUnit(u);
    if (u.stage === 'ASSIGNED') refuse('WRONG_STAGE', '尚未签收，不能起草答复', 'not signed for yet');
    tx.unitStage(
      u,
      ['RECEIVED', 'IN_PROGRESS', 'REHANDLING', 'REPLY_REVIEW'],
      '此阶段不能起草答复',
      'cannot draft a reply now',
    );
    if (!tx.ctx.rules.replyClasses.includes(c.class)) {
      refuse(
        'INVALID_REPLY_CLASS',
        `答复类别须为 ${tx.ctx.rules.replyClasses.join('/')}`,
        `class must be one of ${tx.ctx.rules.replyClasses.join(', ')}`,
      );
    }
    if (!tx.ctx.legacy) {
      const missing = draftPrerequisites(tx.state, u, tx.ctx.rules, tx.now);
      if (missing.contact)
        refuse(
          'CONTACT_REQUIRED',
          '起草答复前须与代表委员沟通联系并登记',
          'contact with the proposer must be recorded before the reply is drafted',
        );
      if (missing.coOpinions.length)
        refuse(
          'CO_OPINIONS_PENDING',
          `会办单位 ${missing.coOpinions.join('、')} 的会办意见尚未送达，且会办期限未到，暂不能提交答复稿`,
          `co-handling opinions outstanding from ${missing.coOpinions.join(', ')} and their deadline has not passed`,
        );
    }
    const letter = tx.letterFields(c, u);
    u.draft = {
      class: c.class,
      text: tx.text(c.text, '答复正文'),
      // a letter entered afterwards (补录) may have printed no contact line
      contactPerson: tx.ctx.enteredAt
        ? (tx.optionalText(c.contactPerson, '联系人', 64) ?? '')
        : tx.text(c.contactPerson, '联系人'),
      contactPhone: tx.ctx.enteredAt
        ? (tx.optionalText(c.contactPhone, '联系电话', 64) ?? '')
        : tx.text(c.contactPhone, '联系电话'),
      draftedAt: tx.now,
      draftedBy: tx.ctx.actor.id,
      ...letter,
    };
    u.stage = 'REPLY_REVIEW';
    tx.emit('ReplyDrafted', { unitId: u.unitId, class: c.class, round: u.round });
    // joint reply (联合行文): the draft goes to every co-handler for countersignature first
    const co = u.role === 'lead' && u.round === 1 && tx.jointReply ? tx.liveCoUnits() : [];
    if (co.length) {
      u.draft.countersigns = co.map((x) => ({ unitId: x.unitId, requestedAt: tx.now }));
      tx.emit('CountersignRequested', { unitId: u.unitId, coUnits: co.map((x) => x.unitId) });
      for (const x of co) {
        tx.close(x, 'countersign');
        tx.arm(x, 'draftSubmitted', tx.now, ['countersign']);
      }
    }
  },

  setJointReply(tx, c) {
    tx.role('office');
    tx.caseStage('FILED', 'ASSIGNED');
    if (tx.state.mode !== undefined && tx.state.mode !== 'joint')
      refuse('NOT_JOINT_REPLY', '只有会同办理的案件可以联合行文', 'only jointly handled cases reply jointly');
    if (typeof c.jointReply !== 'boolean')
      refuse('INVALID_COMMAND', '须选择是否联合行文', 'jointReply must be true or false');
    const lead = liveUnits(tx.state).find((u) => u.unitId === tx.state.leadUnitId);
    if (lead?.draft || (lead && lead.replies.length > 0))
      refuse(
        'WRONG_STAGE',
        '主办单位已提交答复稿，不能再改变答复方式',
        'the lead unit has already drafted its reply',
      );
    tx.state.jointReply = c.jointReply;
    tx.emit('JointReplyChosen', { jointReply: c.jointReply, reason: c.reason });
  },

  countersign(tx, c) {
    // the office enters the countersignature of a unit without an account
    const byOffice = tx.ctx.actor.role === 'office';
    const co = byOffice ? tx.unit(c.unitId) : tx.ownUnit(c.unitId);
    tx.notOnHold();
    if (co.role !== 'co')
      refuse('NOT_CO_HANDLER', '只有会办单位会签主办单位的答复稿', 'only a co-handling unit countersigns');
    const lead = liveUnits(tx.state).find((u) => u.unitId === tx.state.leadUnitId);
    const draft = lead?.draft;
    const entry = draft?.countersigns?.find((x) => x.unitId === co.unitId);
    if (!lead || !draft || !entry || entry.answer || draft.signedOffAt)
      refuse(
        'NOT_IN_COUNTERSIGN',
        '没有待本单位会签的答复稿',
        "no draft awaits this unit's countersignature",
      );
    if (typeof c.agree !== 'boolean')
      refuse('INVALID_COMMAND', '须选择同意或提出修改意见', 'agree must be true or false');
    const comment = tx.optionalText(c.comment, '会签意见', 5000);
    if (!c.agree && !comment)
      refuse('INVALID_COMMAND', '提出修改的须写明修改意见', 'a request for changes needs a comment');
    entry!.answer = c.agree ? 'agree' : 'changes';
    entry!.at = tx.now;
    entry!.by = tx.ctx.actor.id;
    if (comment) entry!.comment = comment;
    if (byOffice) entry!.byOffice = true;
    tx.close(co, 'countersign');
    if (c.agree) {
      tx.emit('Countersigned', { unitId: co.unitId, leadUnitId: lead!.unitId, comment });
      if (draft!.countersigns!.every((x) => x.answer === 'agree'))
        tx.emit('CountersignCompleted', { unitId: lead!.unitId });
      return;
    }
    // changes asked: the draft goes back to the lead; the others' countersignatures lapse with it
    for (const other of draft!.countersigns!) {
      const x = liveUnits(tx.state).find((u) => u.unitId === other.unitId);
      if (x) tx.close(x, 'countersign');
    }
    draft!.changesRequested = { unitId: co.unitId, comment: comment!, at: tx.now };
    lead!.stage = 'IN_PROGRESS';
    tx.emit('CountersignChangesRequested', { unitId: co.unitId, leadUnitId: lead!.unitId, comment });
  },

  signOffReply(tx, c) {
    if (tx.ctx.actor.role === 'unit')
      refuse('NOT_UNIT_LEADER', '答复须由单位负责人签发', 'a reply must be signed off by the unit leader');
    const u = tx.ownUnit(c.unitId, 'unitLeader');
    tx.unitStage(u, ['REPLY_REVIEW'], '没有待签发的答复稿', 'no draft awaiting sign-off');
    if (!u.draft || u.draft.signedOffAt)
      refuse('WRONG_STAGE', '答复稿已签发', 'the draft is already signed off');
    const pending = (u.draft!.countersigns ?? []).filter((x) => !x.answer);
    const waiting = pending.filter((x) => {
      const d = liveUnits(tx.state).find((co) => co.unitId === x.unitId)?.deadlines.countersign;
      return !d || (d.open && ms(d.dueAt) > ms(tx.now));
    });
    if (waiting.length)
      refuse(
        'COUNTERSIGN_PENDING',
        `会办单位 ${waiting.map((x) => x.unitId).join('、')} 尚未会签，且会签期限未到`,
        `countersignatures outstanding from ${waiting.map((x) => x.unitId).join(', ')}`,
      );
    // a co-handler that let its countersign deadline pass does not sign the letter
    for (const x of pending) {
      x.answer = 'lapsed';
      x.at = tx.now;
      const co = liveUnits(tx.state).find((y) => y.unitId === x.unitId);
      if (co) tx.close(co, 'countersign');
    }
    if (pending.length)
      tx.emit('CountersignLapsed', { unitId: u.unitId, coUnits: pending.map((x) => x.unitId) });
    u.draft!.signedOffAt = tx.now;
    u.draft!.signedOffBy = tx.ctx.actor.id;
    tx.emit('ReplySignedOff', {
      unitId: u.unitId,
      class: u.draft!.class,
      ...(tx.ctx.rules.officeReview ? { toReview: true } : {}),
    });
  },

  reviewReply(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    tx.notOnHold();
    const u = tx.unit(c.unitId);
    tx.replyingUnit(u);
    const draft = u.draft;
    if (!tx.ctx.rules.officeReview || !draft || !draft.signedOffAt || draft.reviewedAt)
      refuse('NOT_IN_REVIEW', '该单位没有待审核的答复', 'the unit has no signed-off reply awaiting review');
    if (typeof c.accept !== 'boolean')
      refuse('INVALID_COMMAND', '须选择审核通过或退回', 'accept must be true or false');
    if (!c.accept) {
      const reason = tx.text(c.reason, '退回理由');
      for (const x of draft!.countersigns ?? []) {
        const co = liveUnits(tx.state).find((y) => y.unitId === x.unitId);
        if (co) tx.close(co, 'countersign');
      }
      const draftedBy = draft!.draftedBy;
      delete u.draft;
      u.stage = u.round > 1 ? 'REHANDLING' : 'IN_PROGRESS';
      tx.emit('ReplyReturnedByOffice', { unitId: u.unitId, reason, round: u.round, draftedBy });
      return;
    }
    let classFrom: string | undefined;
    if (c.class !== undefined && c.class !== draft!.class) {
      if (!tx.ctx.rules.replyClasses.includes(c.class))
        refuse(
          'INVALID_REPLY_CLASS',
          `答复类别须为 ${tx.ctx.rules.replyClasses.join('/')}`,
          `class must be one of ${tx.ctx.rules.replyClasses.join(', ')}`,
        );
      classFrom = draft!.class;
      draft!.classCorrectedFrom = classFrom;
      draft!.class = c.class;
    }
    draft!.reviewedAt = tx.now;
    draft!.reviewedBy = tx.ctx.actor.id;
    tx.emit('ReplyReviewed', {
      unitId: u.unitId,
      round: u.round,
      class: draft!.class,
      ...(classFrom ? { classFrom, classTo: draft!.class } : {}),
      ...(c.reason ? { note: c.reason } : {}),
    });
  },

  returnDraft(tx, c) {
    if (tx.ctx.actor.role === 'unit')
      refuse('NOT_UNIT_LEADER', '答复稿须由单位负责人退回', 'only the unit leader returns a draft');
    const u = tx.ownUnit(c.unitId, 'unitLeader');
    tx.unitStage(u, ['REPLY_REVIEW'], '没有待签发的答复稿', 'no draft awaiting sign-off');
    const reason = tx.text(c.reason, '退回理由');
    const draftedBy = u.draft?.draftedBy;
    for (const x of u.draft?.countersigns ?? []) {
      const co = liveUnits(tx.state).find((y) => y.unitId === x.unitId);
      if (co) tx.close(co, 'countersign');
    }
    delete u.draft;
    u.stage = u.round > 1 ? 'REHANDLING' : 'IN_PROGRESS';
    tx.emit('DraftReturned', { unitId: u.unitId, reason, round: u.round, draftedBy });
  },

  reply(tx, c) {
    const u = tx.ownUnit(c.unitId);
    tx.replyingUnit(u);
    tx.notOnHold();
    if (u.stage === 'ASSIGNED') refuse('WRONG_STAGE', '尚未签收，不能答复', 'not signed for yet');
    if (['FEEDBACK_PENDING', 'TRACKING', 'CLOSED'].includes(u.stage))
      refuse('WRONG_STAGE', '本轮已答复', 'already replied in this round');
    tx.unitStage(
      u,
      ['RECEIVED', 'IN_PROGRESS', 'REHANDLING', 'REPLY_REVIEW'],
      '此阶段不能答复',
      'cannot reply now',
    );
    const draft = u.draft;
    if (!draft || !draft.signedOffAt)
      refuse(
        'NOT_SIGNED_OFF',
        '答复须经单位负责人签发后方可发出',
        'the reply has not been signed off by the unit leader',
      );
    const mismatch = (['class', 'text', 'contactPerson', 'contactPhone'] as const).filter(
      (k) => c[k] !== undefined && c[k] !== draft![k],
    );
    if (mismatch.length)
      refuse(
        'DRAFT_MISMATCH',
        `答复内容与签发稿不一致（${mismatch.join('、')}）`,
        `reply differs from the signed-off draft in ${mismatch.join(', ')}`,
      );
    if (contactMissing(tx.ctx.rules, u)) {
      refuse(
        'CONTACT_REQUIRED',
        '答复前须与代表委员沟通联系并登记',
        'contact with the proposer must be recorded before replying',
      );
    }
    if (!tx.ctx.rules.replyClasses.includes(draft!.class)) {
      refuse(
        'INVALID_REPLY_CLASS',
        `答复类别须为 ${tx.ctx.rules.replyClasses.join('/')}`,
        `class must be one of ${tx.ctx.rules.replyClasses.join(', ')}`,
      );
    }
    if (tx.ctx.rules.officeReview && !draft!.reviewedAt && !tx.ctx.enteredAt)
      refuse('REVIEW_PENDING', '答复须经交办机关审核后方可发出', 'the office has not reviewed the reply yet');
    const signingUnits = signingUnitsOf(tx, u, c.signingUnits);
    const clock = replyClockOf(u);
    const due = u.deadlines[clock];
    // a letter entered after it was sent counts from its own date
    const sentAt = letterInstant(draft!.letterDate, u.assignedAt, tx.now);
    const late = !!due && ms(sentAt) >= ms(due.dueAt);
    const {
      countersigns: _cs,
      changesRequested: _cr,
      draftedAt: _da,
      draftedBy: _db,
      signedOffAt: _sa,
      reviewedAt: _ra,
      ...letter
    } = draft!;
    const record: ReplyRecord = {
      ...letter,
      round: u.round,
      class: draft!.class,
      text: draft!.text,
      contactPerson: draft!.contactPerson,
      contactPhone: draft!.contactPhone,
      at: tx.now,
      by: tx.ctx.actor.id,
      signedOffBy: draft!.signedOffBy!,
      letterDate: draft!.letterDate ?? shanghaiDateOf(tx.now),
      signingUnits,
      ...(due ? { dueAt: due.dueAt } : {}),
      late,
    };
    u.replies.push(record);
    delete u.draft;
    tx.close(u, clock);
    tx.close(u, 'contact');
    for (const x of u.extensions) {
      if (!x.decision) {
        x.decision = 'lapsed';
        x.decidedAt = tx.now;
      }
    }
    // In joint handling the lead's reply makes outstanding co-handler duties moot.
    if (u.role === 'lead')
      for (const co of liveUnits(tx.state).filter((x) => x.role === 'co')) tx.closeAll(co);
    u.stage = 'FEEDBACK_PENDING';
    tx.emit('Replied', {
      unitId: u.unitId,
      round: u.round,
      class: draft!.class,
      late,
      dueAt: due?.dueAt,
      proposers: tx.state.proposers.map((p) => p.id),
      ...(record.docNumber ? { docNumber: record.docNumber } : {}),
      ...(signingUnits.length > 1 ? { signingUnits } : {}),
      ...(sentAt !== tx.now ? { letterDate: record.letterDate } : {}),
    });
    tx.arm(u, 'replied', sentAt);
    // a reply to be published proactively starts the policy's publication clock
    if (tx.ctx.documents && record.publicity === 'active') tx.arm(u, 'replied', sentAt, ['publication']);
  },

  publishReply(tx, c) {
    const r = publicationTarget(tx, c.unitId, c.round);
    if (r.publicity && r.publicity !== 'active')
      refuse(
        'PUBLICATION_NOT_ALLOWED',
        `该答复的公开属性为${r.publicity === 'none' ? '不予公开' : '依申请公开'}，不主动公开`,
        `the reply is marked ${r.publicity}`,
      );
    if (r.proposerAgreesToPublish === false)
      refuse(
        'PUBLICATION_NOT_ALLOWED',
        '代表委员不同意公开该答复',
        'the proposer did not agree to publication',
      );
    const indexNo = tx.optionalText(c.indexNo, '索引号', 100);
    const publisher = tx.optionalText(c.publisher, '发布机构', 200);
    if (!indexNo) refuse('INVALID_COMMAND', '缺少索引号', 'indexNo is required');
    if (!publisher) refuse('INVALID_COMMAND', '缺少发布机构', 'publisher is required');
    const method = tx.optionalText(c.method, '公开方式', 32) ?? '主动公开';
    const validity = tx.optionalText(c.validity, '时效性', 32) ?? '有效';
    const letterDay = r.letterDate ?? shanghaiDateOf(r.at);
    const publishedAt =
      c.publishedAt !== undefined && c.publishedAt !== null ? tx.instant(c.publishedAt, '发布日期') : tx.now;
    if (ms(publishedAt) > ms(tx.now))
      refuse('INVALID_DATE', '发布日期不能晚于现在', 'publishedAt is in the future');
    if (shanghaiDateOf(publishedAt) < letterDay)
      refuse(
        'INVALID_DATE',
        `发布日期不能早于答复日期（${letterDay}）`,
        `publishedAt is before the letter ${letterDay}`,
      );
    r.publicity = 'active';
    r.publication = {
      publishedAt,
      publishedBy: tx.ctx.actor.id,
      indexNo: indexNo!,
      publisher: publisher!,
      method,
      validity,
    };
    tx.close(publicationUnit(tx, c.unitId), 'publication');
    tx.emit('ReplyPublished', {
      unitId: c.unitId,
      round: r.round,
      indexNo,
      publisher,
      publishedAt,
      method,
      validity,
    });
  },

  declinePublication(tx, c) {
    const r = publicationTarget(tx, c.unitId, c.round);
    const reason = tx.text(c.reason, '不公开理由');
    r.publication = { declinedAt: tx.now, declinedBy: tx.ctx.actor.id, declinedReason: reason };
    tx.close(publicationUnit(tx, c.unitId), 'publication');
    tx.emit('PublicationDeclined', { unitId: c.unitId, round: r.round, reason });
  },

  // -- extension (延期) -------------------------------------------------------------------------
  requestExtension(tx, c) {
    const u = tx.ownUnit(c.unitId);
    tx.replyingUnit(u);
    tx.notOnHold();
    if (u.stage === 'ASSIGNED') refuse('WRONG_STAGE', '尚未签收，不能申请延期', 'not signed for yet');
    tx.unitStage(
      u,
      ['RECEIVED', 'IN_PROGRESS', 'REPLY_REVIEW', 'REHANDLING'],
      '此阶段不能申请延期',
      'cannot request an extension now',
    );
    const clock = replyClockOf(u);
    const d = u.deadlines[clock];
    if (!d || !d.open) refuse('WRONG_STAGE', '没有可延期的答复期限', 'no open reply deadline to extend');
    if (u.extensions.some((x) => !x.decision))
      refuse('EXTENSION_PENDING', '已有延期申请待决定', 'an extension request is already pending');
    const reason = tx.text(c.reason, '延期理由');
    const requestedDueAt =
      c.requestedDueAt !== undefined ? tx.instant(c.requestedDueAt, '申请延至') : undefined;
    u.extensions.push({
      clock,
      requestedAt: tx.now,
      requestedBy: tx.ctx.actor.id,
      reason,
      ...(requestedDueAt ? { requestedDueAt } : {}),
    });
    tx.emit('ExtensionRequested', {
      unitId: u.unitId,
      clock,
      currentDueAt: d!.dueAt,
      requestedDueAt,
      reason,
    });
  },

  decideExtension(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    tx.notOnHold();
    const u = tx.unit(c.unitId);
    const req = u.extensions.find((x) => !x.decision);
    if (!req)
      refuse(
        'EXTENSION_NOT_REQUESTED',
        '该单位没有待决定的延期申请',
        'the unit has no pending extension request',
      );
    const d = u.deadlines[req!.clock];
    if (!d || !d.open)
      refuse('WRONG_STAGE', '答复期限已结束，无需延期', 'the reply deadline is no longer open');
    req!.decidedAt = tx.now;
    req!.decidedBy = tx.ctx.actor.id;
    if (c.reason) req!.decisionReason = c.reason;
    if (!c.approve) {
      req!.decision = 'rejected';
      tx.emit('ExtensionRejected', {
        unitId: u.unitId,
        clock: req!.clock,
        reason: c.reason,
        dueAt: d!.dueAt,
      });
      return;
    }
    const newDueAt = tx.instant(c.newDueAt ?? req!.requestedDueAt, '延期后的期限');
    if (c.capAt === undefined)
      refuse(
        'EXTENSION_CAP_UNKNOWN',
        '未提供政策允许的最长期限，无法审批延期',
        'the policy cap for this deadline was not supplied',
      );
    const capAt = tx.instant(c.capAt, '最长期限');
    if (ms(newDueAt) <= ms(d!.dueAt))
      refuse(
        'EXTENSION_NOT_LATER',
        `延期后的期限须晚于原期限 ${d!.dueAt}`,
        `the new due instant must be after ${d!.dueAt}`,
      );
    if (ms(newDueAt) > ms(capAt))
      refuse(
        'EXTENSION_BEYOND_CAP',
        `延期后的期限超过政策允许的最长期限 ${capAt}`,
        `the new due instant is after the cap ${capAt}`,
      );
    req!.decision = 'approved';
    req!.oldDueAt = d!.dueAt;
    req!.newDueAt = newDueAt;
    d!.dueAt = newDueAt;
    d!.armedAt = tx.now;
    d!.firedReminders = [];
    d!.extended = true;
    d!.summary = `${d!.summary}；经批准延期至 ${newDueAt}`;
    tx.emit('ExtensionApproved', {
      unitId: u.unitId,
      clock: req!.clock,
      oldDueAt: req!.oldDueAt,
      newDueAt,
      capAt,
      reason: c.reason,
      // the proposer is told in writing where the policy says so (Fujian)
      ...(tx.receiptAtDelivery && tx.ctx.rules.notifyProposerOfExtension ? { noticeToProposer: true } : {}),
    });
  },

  // -- feedback (征询意见) ----------------------------------------------------------------------
  giveFeedback(tx, c) {
    tx.role('proposer', 'office');
    if (tx.ctx.actor.role === 'proposer' && tx.ctx.actor.id !== c.proposerId) {
      refuse('NOT_A_PROPOSER', '只能提交本人的评价', 'a proposer rates only for themselves');
    }
    if (!tx.isProposer(c.proposerId))
      refuse(
        'NOT_A_PROPOSER',
        `${c.proposerId} 不是本件的提出人`,
        `${c.proposerId} is not a proposer of this case`,
      );
    tx.notOnHold();
    const u = tx.unit(c.unitId);
    tx.replyingUnit(u);
    tx.unitStage(
      u,
      ['FEEDBACK_PENDING'],
      '该单位的答复尚不在征询意见阶段',
      'the unit is not awaiting feedback',
    );
    if (!RATINGS.includes(c.rating))
      refuse(
        'INVALID_COMMAND',
        '评价须为满意、基本满意或不满意',
        `rating must be one of ${RATINGS.join(', ')}`,
      );
    const w = u.deadlines.feedback;
    if (w && ms(tx.now) >= ms(w.dueAt))
      refuse(
        'FEEDBACK_WINDOW_CLOSED',
        `征询意见期限已过（截至 ${w.dueAt}）`,
        `the feedback window closed at ${w.dueAt}`,
      );
    if (u.feedback.some((f) => f.round === u.round && f.proposerId === c.proposerId)) {
      refuse('ALREADY_RATED', '本轮答复已评价', 'already rated this reply');
    }
    u.feedback.push({
      proposerId: c.proposerId,
      rating: c.rating,
      ...(c.comment ? { comment: c.comment } : {}),
      at: tx.now,
      round: u.round,
      enteredBy: tx.ctx.actor.id,
    });
    tx.emit('FeedbackGiven', {
      unitId: u.unitId,
      proposerId: c.proposerId,
      rating: c.rating,
      round: u.round,
    });
    const rated = new Set(u.feedback.filter((f) => f.round === u.round).map((f) => f.proposerId));
    if (tx.state.proposers.every((p) => rated.has(p.id))) tx.evaluateFeedback(u);
  },

  expireFeedbackWindow(tx, c) {
    tx.role('system', 'office');
    tx.notOnHold();
    const u = tx.unit(c.unitId);
    tx.unitStage(u, ['FEEDBACK_PENDING'], '该单位不在征询意见阶段', 'the unit is not awaiting feedback');
    const w = u.deadlines.feedback;
    if (!w || ms(tx.now) < ms(w.dueAt))
      refuse('FEEDBACK_WINDOW_OPEN', '征询意见期限未到', 'the feedback window is still open');
    const rated = new Set(u.feedback.filter((f) => f.round === u.round).map((f) => f.proposerId));
    const missing = tx.state.proposers.filter((p) => !rated.has(p.id)).map((p) => p.id);
    const deemed = tx.ctx.rules.feedbackNoAnswer === 'deemedSatisfied';
    for (const proposerId of missing) {
      const f: FeedbackRecord = deemed
        ? {
            proposerId,
            rating: 'satisfied',
            deemed: true,
            at: tx.now,
            round: u.round,
            enteredBy: tx.ctx.actor.id,
          }
        : { proposerId, rating: 'noAnswer', at: tx.now, round: u.round, enteredBy: tx.ctx.actor.id };
      u.feedback.push(f);
    }
    tx.emit('FeedbackWindowExpired', {
      unitId: u.unitId,
      missing,
      treatedAs: deemed ? 'satisfied' : 'noAnswer',
    });
    tx.evaluateFeedback(u);
  },

  reportTracking(tx, c) {
    const u = tx.ownUnit(c.unitId);
    tx.replyingUnit(u);
    tx.notOnHold();
    tx.unitStage(u, ['TRACKING'], '该单位不在跟踪办理阶段', 'the unit is not tracking a commitment');
    const text = tx.text(c.text, '跟踪办理情况');
    u.trackingReports.push({ text, resolved: !!c.resolved, at: tx.now, by: tx.ctx.actor.id });
    tx.close(u, 'trackingReport');
    if (!tx.receiptAtDelivery) {
      tx.emit('TrackingReported', { unitId: u.unitId, resolved: !!c.resolved });
      tx.endUnit(u, c.resolved ? '跟踪办理：已解决' : '跟踪办理：已说明');
      tx.maybeCloseCase();
      return;
    }
    // the follow-up reaches the proposer; where the policy repeats it (回头看), a report that is not
    // "done" keeps the unit tracking until the next one
    const again = !c.resolved && tx.ctx.rules.trackingRepeats === true;
    tx.emit('TrackingReported', {
      unitId: u.unitId,
      resolved: !!c.resolved,
      reportNo: u.trackingReports.length,
      toProposer: true,
      ...(again ? { continues: true } : {}),
    });
    if (again) {
      tx.arm(u, 'trackingReported');
      return;
    }
    tx.endUnit(u, c.resolved ? '跟踪办理：已解决' : '跟踪办理：已说明');
    tx.maybeCloseCase();
  },

  closeUnit(tx, c) {
    tx.role('office');
    tx.caseStage('ASSIGNED');
    tx.notOnHold();
    const u = tx.unit(c.unitId);
    tx.replyingUnit(u);
    if (u.replies.length === 0)
      refuse('WRONG_STAGE', '该单位尚未答复，不能办结', 'the unit has not replied yet');
    if (u.stage === 'CLOSED') refuse('WRONG_STAGE', '该单位已办结', 'the unit is already closed');
    const reason = tx.text(c.reason, '办结理由');
    tx.endUnit(u, reason, true);
    tx.maybeCloseCase();
  },

  // -- supervision (督办) -----------------------------------------------------------------------
  urge(tx, c) {
    tx.role('supervisor', 'office');
    tx.caseStage('ASSIGNED');
    if (c.unitId !== undefined) tx.unit(c.unitId);
    const note = typeof c.note === 'string' ? c.note : '';
    tx.state.urges.push({ ...(c.unitId ? { unitId: c.unitId } : {}), note, at: tx.now, by: tx.ctx.actor.id });
    tx.emit('Urged', { ...(c.unitId ? { unitId: c.unitId } : {}), note });
  },

  markKeyCase(tx, c) {
    tx.role('supervisor', 'office');
    tx.caseStage(...OPEN_CASE);
    tx.state.keyCase = !!c.keyCase;
    tx.emit('KeyCaseMarked', { keyCase: !!c.keyCase, note: c.note });
  },

  hold(tx, c) {
    tx.role('office');
    tx.caseStage('FILED', 'ASSIGNED');
    tx.notOnHold();
    const reason = tx.text(c.reason, '暂停理由');
    tx.state.onHold = { reason, since: tx.now, by: tx.ctx.actor.id };
    tx.emit('Held', { reason });
  },

  resume(tx) {
    tx.role('office');
    tx.caseStage('FILED', 'ASSIGNED');
    const hold = tx.state.onHold;
    if (!hold) refuse('NOT_ON_HOLD', '案件未暂停', 'the case is not on hold');
    const heldMs = Math.max(0, ms(tx.now) - ms(hold!.since));
    const shifted: { unitId: string; clock: string; from: string; to: string }[] = [];
    for (const u of liveUnits(tx.state)) {
      for (const d of Object.values(u.deadlines)) {
        if (!d.open) continue;
        const from = d.dueAt;
        d.dueAt = iso(ms(d.dueAt) + heldMs);
        d.heldMs += heldMs;
        if (d.expiredFor === from) d.expiredFor = d.dueAt;
        shifted.push({ unitId: u.unitId, clock: d.clock, from, to: d.dueAt });
      }
      for (const k of Object.keys(u.limits)) u.limits[k] = iso(ms(u.limits[k]) + heldMs);
    }
    tx.state.holds.push({ ...hold!, resumedAt: tx.now, heldMs });
    delete tx.state.onHold;
    tx.emit('Resumed', { heldMs, shifted });
  },

  recomputeDeadlines(tx, c) {
    tx.role('office', 'system');
    tx.caseStage('FILED', 'ASSIGNED');
    const reason = tx.text(c.reason, '重新计算理由');
    const changes: { unitId: string; clock: string; from: string; to: string }[] = [];
    for (const p of Array.isArray(c.deadlines) ? c.deadlines : []) {
      if (!p.unitId)
        refuse('INVALID_COMMAND', '重新计算的期限须注明单位', 'each recomputed deadline needs its unitId');
      const u = tx.unit(p.unitId!);
      const dueAt = tx.instant(p.dueAt, '期限');
      if (clockInfo(p.clock).kind === 'limit') {
        u.limits[p.clock] = dueAt;
        continue;
      }
      const d = u.deadlines[p.clock];
      if (!d || !d.open || d.extended) continue;
      const to = iso(ms(dueAt) + d.heldMs);
      if (to === d.dueAt) continue;
      changes.push({ unitId: u.unitId, clock: p.clock, from: d.dueAt, to });
      d.dueAt = to;
      d.summary = p.summary;
      if (p.explanation !== undefined) d.explanation = p.explanation;
      d.armedAt = tx.now;
      d.firedReminders = [];
    }
    tx.emit('DeadlinesRecomputed', { reason, changes });
  },
};

function deadlinesOf(c: Command): DeadlineInput[] {
  const list = (c as { deadlines?: DeadlineInput[] }).deadlines;
  if (!Array.isArray(list)) return [];
  // A deadline without unitId belongs to the unit the command is about.
  const fallback =
    c.type === 'replaceUnit'
      ? c.newUnitId
      : c.type === 'assign' && c.units?.length === 1
        ? c.units[0].unitId
        : (c as { unitId?: string }).unitId;
  return list.map((d) => ({ ...d, unitId: d.unitId ?? fallback }));
}

/**
 * Decides one command against the case state. Pure: no I/O, no clock (`ctx.now` is the time).
 * Accepted commands return the new state (seq + 1), the events, and the clock requests for the
 * policy engine; refusals return a machine-readable code and a Chinese-first message.
 *
 * Clocks: a command that starts clocks is decided twice by its caller — first without
 * `deadlines` (validation; `clockRequests` says what to plan), then with the planned deadlines.
 */
export function decide(state: CaseState, command: Command, ctx: DecideContext): Decision {
  const handler = handlers[command?.type as CommandType] as Handler<CommandType> | undefined;
  if (!handler)
    return {
      ok: false,
      code: 'INVALID_COMMAND',
      message: `未知操作 ${String(command?.type)} (unknown command)`,
    };
  if (!isInstant(ctx.now))
    return { ok: false, code: 'INVALID_COMMAND', message: '当前时间无效 (ctx.now is not an ISO instant)' };
  for (const d of deadlinesOf(command)) {
    if (!isInstant(d.dueAt))
      return {
        ok: false,
        code: 'INVALID_COMMAND',
        message: `期限 ${d.clock} 的时间无效 (dueAt of ${d.clock} is not an ISO instant)`,
      };
  }
  const tx = new Tx(state, ctx, deadlinesOf(command));
  try {
    handler(tx, command as never);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
  tx.state.seq = state.seq + 1;
  tx.state.lastActionAt = ctx.now;
  return { ok: true, state: tx.state, events: tx.events, clockRequests: tx.clockRequests };
}

/** Every command type the lifecycle accepts. */
export const COMMAND_TYPES = Object.keys(handlers) as CommandType[];
