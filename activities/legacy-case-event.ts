/**
 * Case events scheduled by workflow code from before events carried their facts (deploy window:
 * an activity queued or still retrying from an old worker). Such an input names the event in
 * `payload`; its facts are rebuilt here from the case's projected state, as the old activity read
 * them, so the mail is still sent — nothing is dropped because the worker was upgraded.
 */
import type { CaseState, DomainEvent } from '@banli/domain';
import type { ClockId } from '@banli/domain/vocabulary';
import type { EmitCaseEventInput } from '@banli/workflows/activity-contracts';
import { caseEventsOf, deadlineFact } from '@banli/workflows/case-events';

/** The input shape of emitCaseEvent before events carried facts. */
export interface LegacyCaseEventInput {
  caseId: string;
  seq: number;
  kind: string;
  unitId?: string;
  clock?: string;
  dueAt?: string;
  payload: Record<string, unknown>;
}

export const isLegacyCaseEvent = (input: unknown): input is LegacyCaseEventInput =>
  typeof input === 'object' && input !== null && !('facts' in input) && 'payload' in input;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The event with its facts, or null when it sends nothing (the old code mailed nothing for held,
 * resumed, closed … either) or the case state no longer has what it needs.
 */
export function upgradeLegacyCaseEvent(
  input: LegacyCaseEventInput,
  state: CaseState,
  now: string,
): EmitCaseEventInput | null {
  const { caseId, seq, payload } = input;
  if (input.kind === 'reminder' || input.kind === 'overdue') {
    const unit = state.units.find((u) => u.unitId === input.unitId);
    const clock = (input.clock ?? 'mainReply') as ClockId;
    const deadline = deadlineFact(unit, clock) ?? {
      clock,
      dueAt: input.dueAt ?? now,
      summary: str(payload.summary) ?? '',
    };
    const common = {
      caseId,
      seq,
      ...(input.unitId ? { unitId: input.unitId } : {}),
      clock,
      ...(input.dueAt ? { dueAt: input.dueAt } : {}),
      at: now,
      actorId: 'system',
    };
    const keyCase = typeof payload.keyCase === 'boolean' ? payload.keyCase : state.keyCase;
    const unitStage = unit?.stage;
    return input.kind === 'reminder'
      ? {
          ...common,
          kind: 'reminder',
          facts: {
            daysBefore: typeof payload.daysBefore === 'number' ? payload.daysBefore : 0,
            deadline,
            ...(unit ? { assignedAt: unit.assignedAt } : {}),
            keyCase,
            ...(unitStage ? { unitStage } : {}),
          },
        }
      : { ...common, kind: 'overdue', facts: { deadline, keyCase, ...(unitStage ? { unitStage } : {}) } };
  }
  // a transition's event: payload = { event, at, actorId, ...the domain event's other fields };
  // for opinionReceived the input's unit is the receiving lead, the event's the co-handler
  const { event, at, actorId, fromUnitId, approved: _approved, ...rest } = payload;
  if (typeof event !== 'string') return null;
  const unitId = input.kind === 'opinionReceived' ? str(fromUnitId) : input.unitId;
  const domainEvent = {
    ...rest,
    type: event,
    at: str(at) ?? now,
    actorId: str(actorId) ?? 'system',
    ...(unitId ? { unitId } : {}),
  } as DomainEvent;
  const draft = caseEventsOf(domainEvent, state, true).find((d) => d.kind === input.kind);
  return draft ? ({ ...draft, caseId, seq } as EmitCaseEventInput) : null;
}
