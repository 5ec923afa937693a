/**
 * Domain events → the case events people must hear about, each with its facts (activity-contracts
 * CaseEventFacts), so the mail activity never reads case state back to learn what happened.
 * Pure: deterministic code for the case workflow, tested on its own.
 */
import { liveUnits, type CaseState, type DomainEvent, type UnitState } from '../libs/domain/src/lifecycle';
import type { ClockId } from '../libs/domain/src/vocabulary';
import type { DeadlineFact, EmitCaseEventInput, UnitDeadlines } from './activity-contracts';

/** A case event before the workflow numbers it. */
export type CaseEventDraft = EmitCaseEventInput extends infer E
  ? E extends EmitCaseEventInput
    ? Omit<E, 'caseId' | 'seq'>
    : never
  : never;

/** A deadline of a unit as mail shows it (escalation targets from the policy's explanation). */
export function deadlineFact(u: UnitState | undefined, clock: ClockId): DeadlineFact | undefined {
  const d = u?.deadlines[clock];
  if (!d) return undefined;
  const escalateTo = (d.explanation as { escalateTo?: unknown } | undefined)?.escalateTo;
  return {
    clock,
    dueAt: d.dueAt,
    summary: d.summary,
    ...(Array.isArray(escalateTo) ? { escalateTo: escalateTo.map(String) } : {}),
  };
}

/** A unit's open deadlines, earliest first. */
export function openDeadlineFacts(u: UnitState): DeadlineFact[] {
  return Object.values(u.deadlines)
    .filter((d) => d.open)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((d) => deadlineFact(u, d.clock)!);
}

/** Live units still at work (not closed) with their open deadlines; one unit when `unitId` is given. */
function unitsAtWork(state: CaseState, unitId?: string): UnitDeadlines[] {
  return liveUnits(state)
    .filter((u) => (unitId ? u.unitId === unitId : true) && u.stage !== 'CLOSED')
    .map((u) => ({ unitId: u.unitId, role: u.role, deadlines: openDeadlineFacts(u) }));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The case events of one domain event, given the state after the transition.
 *
 * `legacy` (runs started before SEAMS_PATCH) keeps the list those runs scheduled activities for,
 * in the same order — events without mail included as `silent`, none of the newer kinds — so
 * their histories replay; otherwise only events that send something are returned.
 */
export function caseEventsOf(e: DomainEvent, state: CaseState, legacy: boolean): CaseEventDraft[] {
  const unitId = str(e.unitId);
  const unit = unitId ? state.units.find((u) => u.unitId === unitId) : undefined;
  const base = { at: e.at, actorId: e.actorId, ...(unitId ? { unitId } : {}) };
  const silent = (): CaseEventDraft[] =>
    legacy ? [{ ...base, kind: 'silent', facts: { event: e.type } }] : [];
  switch (e.type) {
    case 'UnitAssigned': {
      if (!unit) return [];
      const signFor = unit.deadlines.signFor;
      return [
        {
          ...base,
          kind: 'assigned',
          ...(signFor ? { clock: 'signFor' as const, dueAt: signFor.dueAt } : {}),
          facts: {
            role: unit.role,
            assignedAt: unit.assignedAt,
            deadlines: openDeadlineFacts(unit),
            proposers: state.proposers.map((p) => p.name),
            ...(state.leadUnitId && state.leadUnitId !== unitId ? { leadUnitId: state.leadUnitId } : {}),
            otherUnits: liveUnits(state)
              .filter((u) => u.unitId !== unitId)
              .map((u) => ({ unitId: u.unitId, role: u.role })),
            keyCase: state.keyCase,
          },
        },
      ];
    }
    case 'Replied': {
      if (!unit) return [];
      const reply = unit.replies[unit.replies.length - 1];
      const proposers = state.proposers.map((p) => ({ id: p.id, name: p.name }));
      const feedback = unit.deadlines.feedback;
      return [
        {
          ...base,
          kind: 'replied',
          dueAt: reply.at,
          facts: {
            round: reply.round,
            replyClass: reply.class,
            excerpt: reply.text.slice(0, 200),
            repliedAt: reply.at,
            proposers,
          },
        },
        {
          ...base,
          kind: 'feedbackRequested',
          clock: 'feedback',
          dueAt: reply.at,
          facts: {
            round: reply.round,
            repliedAt: reply.at,
            ...(feedback ? { feedbackDueAt: feedback.dueAt } : {}),
            proposers,
          },
        },
      ];
    }
    case 'RehandlingStarted': {
      if (!unit) return [];
      const names = new Map(state.proposers.map((p) => [p.id, p.name]));
      const deadline = deadlineFact(unit, 'rehandling');
      return [
        {
          ...base,
          kind: 'rehandling',
          ...(deadline ? { clock: 'rehandling' as const, dueAt: deadline.dueAt } : {}),
          facts: {
            round: unit.round,
            ratings: unit.feedback
              .filter((f) => f.round === unit.round - 1)
              .map((f) => ({
                proposerId: f.proposerId,
                name: names.get(f.proposerId) ?? f.proposerId,
                rating: f.rating,
                ...(f.comment ? { comment: f.comment } : {}),
              })),
            ...(deadline ? { deadline } : {}),
          },
        },
      ];
    }
    case 'AdjustmentRequested': {
      const decisionDue = deadlineFact(unit, 'adjustmentDecision');
      return [
        {
          ...base,
          kind: 'adjustmentRequested',
          dueAt: e.at,
          facts: {
            reason: str(e.reason) ?? '',
            ...(str(e.proposedUnitId) ? { proposedUnitId: str(e.proposedUnitId) } : {}),
            ...(decisionDue && !legacy ? { decisionDue } : {}),
          },
        },
      ];
    }
    case 'AdjustmentApproved':
    case 'AdjustmentRejected':
      return [
        {
          ...base,
          kind: 'adjustmentDecided',
          dueAt: e.at,
          facts: {
            approved: e.type === 'AdjustmentApproved',
            ...(str(e.reason) ? { reason: str(e.reason) } : {}),
            ...(str(e.requestReason) ? { requestReason: str(e.requestReason) } : {}),
            ...(str(e.newUnitId) ? { newUnitId: str(e.newUnitId) } : {}),
          },
        },
      ];
    case 'ExtensionRequested':
      return [
        {
          ...base,
          kind: 'extensionRequested',
          dueAt: e.at,
          facts: {
            clock: e.clock as ClockId,
            currentDueAt: String(e.currentDueAt),
            ...(str(e.requestedDueAt) ? { requestedDueAt: str(e.requestedDueAt) } : {}),
            reason: str(e.reason) ?? '',
          },
        },
      ];
    case 'ExtensionApproved':
    case 'ExtensionRejected': {
      const approved = e.type === 'ExtensionApproved';
      const oldDueAt = String(approved ? e.oldDueAt : e.dueAt);
      const notice: CaseEventDraft[] =
        approved && e.noticeToProposer === true && str(e.newDueAt)
          ? [
              {
                ...base,
                kind: 'extensionNotice',
                clock: e.clock as ClockId,
                dueAt: str(e.newDueAt)!,
                facts: {
                  clock: e.clock as ClockId,
                  oldDueAt,
                  newDueAt: str(e.newDueAt)!,
                  ...(str(e.reason) ? { reason: str(e.reason) } : {}),
                  proposers: state.proposers.map((p) => ({ id: p.id, name: p.name })),
                },
              },
            ]
          : [];
      return [
        {
          ...base,
          kind: 'extensionDecided',
          clock: e.clock as ClockId,
          dueAt: str(e.newDueAt) ?? oldDueAt,
          facts: {
            approved,
            clock: e.clock as ClockId,
            ...(str(e.reason) ? { reason: str(e.reason) } : {}),
            oldDueAt,
            ...(str(e.newDueAt) ? { newDueAt: str(e.newDueAt) } : {}),
          },
        },
        ...notice,
      ];
    }
    case 'OpinionSent': {
      // the lead unit receives the co-handler's opinion
      const lead = str(e.toUnitId);
      const op = [...state.opinions].reverse().find((o) => o.fromUnitId === unitId);
      return [
        {
          ...base,
          kind: 'opinionReceived',
          ...(lead ? { unitId: lead } : {}),
          dueAt: e.at,
          facts: { fromUnitId: unitId ?? '', text: str(e.text) ?? op?.text ?? '' },
        },
      ];
    }
    case 'ReplyDrafted':
      if (legacy || !unit?.draft) return [];
      return [
        {
          ...base,
          kind: 'draftSubmitted',
          dueAt: e.at,
          facts: { round: unit.round, replyClass: unit.draft.class, draftedBy: unit.draft.draftedBy },
        },
      ];
    case 'ReplySignedOff': {
      if (legacy || !unit?.draft) return [];
      const draft = unit.draft;
      // newer runs: the office reviews (审核) the reply before it is sent
      const toReview = e.toReview === true;
      const signedOff: CaseEventDraft = {
        ...base,
        kind: 'draftSignedOff',
        dueAt: e.at,
        facts: {
          round: unit.round,
          replyClass: draft.class,
          draftedBy: draft.draftedBy,
          signedOffBy: e.actorId,
          ...(toReview ? { toReview: true } : {}),
        },
      };
      if (!toReview) return [signedOff];
      const countersignedBy = (draft.countersigns ?? [])
        .filter((x) => x.answer === 'agree')
        .map((x) => x.unitId);
      return [
        signedOff,
        {
          ...base,
          kind: 'reviewRequested',
          dueAt: e.at,
          facts: {
            round: unit.round,
            replyClass: draft.class,
            excerpt: draft.text.slice(0, 200),
            draftedBy: draft.draftedBy,
            signedOffBy: e.actorId,
            ...(countersignedBy.length ? { countersignedBy } : {}),
          },
        },
      ];
    }
    case 'CountersignRequested': {
      // 会签 (newer runs only): one event per co-handler, each with its own countersign deadline;
      // keyed by the draft's instant, so a redraft sent again is a new mail
      if (legacy || !unit?.draft) return [];
      const draft = unit.draft;
      const coUnits = Array.isArray(e.coUnits) ? e.coUnits.map(String) : [];
      return coUnits.map((coId): CaseEventDraft => {
        const deadline = deadlineFact(
          state.units.find((u) => u.unitId === coId),
          'countersign',
        );
        return {
          ...base,
          unitId: coId,
          kind: 'countersignRequested',
          dueAt: draft.draftedAt,
          facts: {
            leadUnitId: unit.unitId,
            round: unit.round,
            replyClass: draft.class,
            excerpt: draft.text.slice(0, 200),
            draftedAt: draft.draftedAt,
            draftedBy: draft.draftedBy,
            ...(deadline ? { deadline } : {}),
          },
        };
      });
    }
    case 'CountersignChangesRequested': {
      // the lead unit hears that a co-handler asked for changes
      const leadId = str(e.leadUnitId);
      const lead = leadId ? state.units.find((u) => u.unitId === leadId) : undefined;
      if (legacy || !lead) return [];
      return [
        {
          ...base,
          unitId: lead.unitId,
          kind: 'countersignChanges',
          dueAt: e.at,
          facts: {
            fromUnitId: unitId ?? '',
            round: lead.round,
            comment: str(e.comment) ?? lead.draft?.changesRequested?.comment ?? '',
            by: e.actorId,
          },
        },
      ];
    }
    case 'ReplyReviewed': {
      if (legacy || !unit) return [];
      const classFrom = str(e.classFrom);
      const classTo = str(e.classTo);
      const note = str(e.note);
      return [
        {
          ...base,
          kind: 'replyReviewed',
          dueAt: e.at,
          facts: {
            round: typeof e.round === 'number' ? e.round : unit.round,
            replyClass: str(e.class) ?? unit.draft?.class ?? '',
            ...(classFrom && classTo ? { classFrom, classTo } : {}),
            ...(note?.trim() ? { note } : {}),
            reviewedBy: e.actorId,
          },
        },
      ];
    }
    case 'ReplyReturnedByOffice':
      if (legacy || !unit) return [];
      return [
        {
          ...base,
          kind: 'replyReturned',
          dueAt: e.at,
          facts: {
            round: typeof e.round === 'number' ? e.round : unit.round,
            reason: str(e.reason) ?? '',
            ...(str(e.draftedBy) ? { draftedBy: str(e.draftedBy) } : {}),
            returnedBy: e.actorId,
          },
        },
      ];
    case 'DraftReturned':
      if (legacy || !unit) return [];
      return [
        {
          ...base,
          kind: 'draftReturned',
          dueAt: e.at,
          facts: {
            round: unit.round,
            reason: str(e.reason) ?? '',
            ...(str(e.draftedBy) ? { draftedBy: str(e.draftedBy) } : {}),
            returnedBy: e.actorId,
          },
        },
      ];
    case 'TrackingReported': {
      // runs before the statutory rules told nobody (and scheduled nothing)
      if (e.toProposer !== true || !unit) return [];
      const report = unit.trackingReports[unit.trackingReports.length - 1];
      const next = e.continues === true ? unit.deadlines.trackingReport : undefined;
      const last = unit.replies[unit.replies.length - 1];
      return [
        {
          ...base,
          kind: 'trackingUpdate',
          dueAt: e.at,
          facts: {
            reportNo: typeof e.reportNo === 'number' ? e.reportNo : unit.trackingReports.length,
            resolved: e.resolved === true,
            excerpt: (report?.text ?? '').slice(0, 500),
            reportedAt: e.at,
            ...(last ? { replyClass: last.class } : {}),
            ...(next?.open ? { nextDueAt: next.dueAt } : {}),
            proposers: state.proposers.map((p) => ({ id: p.id, name: p.name })),
          },
        },
      ];
    }
    case 'Urged':
      return [
        {
          ...base,
          kind: 'urged',
          dueAt: e.at,
          facts: {
            ...(str(e.note)?.trim() ? { note: str(e.note) } : {}),
            keyCase: state.keyCase,
            units: unitsAtWork(state, unitId),
          },
        },
      ];
    case 'KeyCaseMarked':
      // un-marking a key case tells nobody
      if (e.keyCase !== true && !legacy) return [];
      return [
        {
          ...base,
          kind: 'keyCase',
          dueAt: e.at,
          facts: {
            ...(str(e.note)?.trim() ? { note: str(e.note) } : {}),
            keyCase: e.keyCase === true,
            units: unitsAtWork(state),
          },
        },
      ];
    case 'TrackingStarted':
    case 'Held':
    case 'Resumed':
    case 'UnitClosed':
    case 'CaseClosed':
    case 'NotFiled':
    case 'Merged':
    case 'Withdrawn':
      return silent();
    default:
      return [];
  }
}
