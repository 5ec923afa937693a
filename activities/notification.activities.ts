import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import type { CaseState, UnitState } from '@banli/domain';
import {
  MailInput,
  Outbox,
  outboxDedupeKey,
  PermanentMailError,
  renderMailInput,
  TemporaryMailError,
  type CaseRef,
} from '@banli/mail';
import { OutboxEntity, PartyEntity, ProposalEntity, UnitEntity, UserEntity } from '@banli/persistence';
import type { EmitCaseEventInput } from '@banli/workflows/activity-contracts';
import { Recipient, Recipients } from './recipients';

export interface NotificationDeps {
  dataSource: DataSource;
  outbox: Outbox;
  /** One-click link for a unit's task (signed, expiring), or the case page for others. */
  taskLink(caseId: string, unitId: string): string;
  caseLink(caseId: string): string;
  office?: { name: string; phone?: string };
  /** First retry delay of pending mail (default one minute). */
  retryBaseMs?: number;
}

/** One message to send: whom, which template, and the dedupe parts. */
interface Planned {
  recipient: string | null;
  recipientName: string;
  unitId: string | null;
  /** Outbox kind; reminders carry their offset so 7/3/1-day reminders are distinct messages. */
  kind: string;
  dueAt: string | null;
  mail: MailInput;
}

/** Retry spacing for pending mail: base, 2×base, 4×base … at most an hour; given up after MAX_ATTEMPTS. */
export const MAX_ATTEMPTS = 20;
export function retryDelayMs(attempts: number, baseMs = 60_000): number {
  return Math.min(60 * 60_000, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Case events become mail here. Sending is two steps: enqueue (idempotent, keyed by case, unit,
 * kind, due instant and recipient) and deliver. The activity only enqueues and starts a first
 * delivery in the background, so an SMTP outage never holds up a case action; the mail
 * dispatcher schedule retries what is still pending, with backoff.
 */
export function createNotificationActivities(deps: NotificationDeps) {
  const log = new Logger('mail');
  const ds = deps.dataSource;
  const recipients = new Recipients(ds);

  async function deliverQuietly(id: string): Promise<'sent' | 'pending' | 'failed'> {
    try {
      const r = await deps.outbox.deliver(id);
      return r.outcome === 'alreadyFailed' ? 'failed' : 'sent';
    } catch (e) {
      if (e instanceof TemporaryMailError) return 'pending';
      if (e instanceof PermanentMailError) {
        log.warn(`mail ${id} rejected permanently: ${e.message}`);
        return 'failed';
      }
      log.error(`mail ${id}: ${(e as Error).message}`);
      return 'pending';
    }
  }

  async function recordUndeliverable(caseId: string, p: Planned, reason: string) {
    const dueAt = p.dueAt ? new Date(p.dueAt) : null;
    const recipient = `(无收件人) ${p.recipientName}`.slice(0, 254);
    const dedupeKey = outboxDedupeKey({
      proposalId: caseId,
      unitId: p.unitId,
      kind: p.kind,
      dueAt,
      recipient,
    });
    const { subject, text } = renderMailInput(p.mail);
    await ds
      .createQueryBuilder()
      .insert()
      .into(OutboxEntity)
      .values({
        id: randomUUID(),
        dedupeKey,
        proposalId: caseId,
        unitId: p.unitId,
        kind: p.kind,
        dueAt,
        recipient,
        subject: subject.slice(0, 500),
        bodyText: text,
        bodyHtml: null,
        status: 'failed',
        attempts: 0,
        lastError: reason,
      })
      .orIgnore()
      .execute();
  }

  return {
    /** Turns one case event into its mails; returns how many were queued. */
    async emitCaseEvent(input: EmitCaseEventInput): Promise<{ queued: number }> {
      const planned = await planMails(ds, deps, recipients, input);
      const ids: string[] = [];
      for (const p of planned) {
        if (!p.recipient) {
          // nothing lost: the office sees on the case that this unit or person has no address
          await recordUndeliverable(
            input.caseId,
            p,
            'NO_RECIPIENT: 未设置收件邮箱 (no e-mail address on file)',
          );
          continue;
        }
        const { subject, text, html } = renderMailInput(p.mail);
        const row = await deps.outbox.enqueue({
          proposalId: input.caseId,
          unitId: p.unitId,
          kind: p.kind,
          dueAt: p.dueAt ? new Date(p.dueAt) : null,
          recipient: p.recipient,
          subject,
          text,
          html,
        });
        if (row.status === 'pending') ids.push(row.id);
      }
      for (const id of ids) void deliverQuietly(id);
      return { queued: ids.length };
    },

    /** Retries pending mail whose backoff has elapsed (run by the mail dispatcher schedule). */
    async deliverPendingMail(): Promise<{ sent: number; pending: number; failed: number }> {
      const rows = await ds.getRepository(OutboxEntity).find({
        where: { status: In(['pending', 'sending']), attempts: LessThanOrEqual(MAX_ATTEMPTS) },
        order: { createdAt: 'ASC' },
        take: 200,
      });
      const now = Date.now();
      const tally = { sent: 0, pending: 0, failed: 0 };
      for (const r of rows) {
        if (r.attempts >= MAX_ATTEMPTS) {
          await ds.getRepository(OutboxEntity).update(
            { id: r.id, status: 'pending' },
            {
              status: 'failed',
              lastError: `GAVE_UP after ${r.attempts} attempts: ${r.lastError ?? ''}`.slice(0, 2000),
            },
          );
          tally.failed++;
          continue;
        }
        if (r.attempts > 0 && r.updatedAt.getTime() + retryDelayMs(r.attempts, deps.retryBaseMs) > now) {
          tally.pending++;
          continue;
        }
        tally[await deliverQuietly(r.id)]++;
      }
      return tally;
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** One planned message per recipient; a single undeliverable record (recipient null) when there is none. */
function fanOut(
  to: Recipient[],
  nameIfNone: string,
  m: Omit<Planned, 'recipient' | 'recipientName'>,
): Planned[] {
  if (to.length === 0) return [{ ...m, recipient: null, recipientName: nameIfNone }];
  return to.map((r) => ({ ...m, recipient: r.email, recipientName: r.name }));
}

function caseRef(p: ProposalEntity): CaseRef {
  return {
    channel: p.channel,
    term: p.term,
    session: p.session,
    number: p.number,
    duringSession: p.duringSession,
    title: p.title,
  };
}

/** A unit's open deadlines as mail lines, earliest first. */
function openDeadlines(u: UnitState) {
  return Object.values(u.deadlines)
    .filter((d) => d.open)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((d) => ({ clock: d.clock, dueAt: d.dueAt, summary: d.summary }));
}

function roleOf(u: UnitState): 'lead' | 'co' | 'separate' | 'sole' {
  return u.role;
}

async function planMails(
  ds: DataSource,
  deps: NotificationDeps,
  people: Recipients,
  ev: EmitCaseEventInput,
): Promise<Planned[]> {
  const proposal = await ds.getRepository(ProposalEntity).findOne({ where: { id: ev.caseId } });
  if (!proposal?.snapshot) return [];
  const state = JSON.parse(proposal.snapshot) as CaseState;
  const unitIds = [...new Set(state.units.map((u) => u.unitId))];
  const units = new Map(
    (await ds.getRepository(UnitEntity).find({ where: { id: In(unitIds.length ? unitIds : ['-']) } })).map(
      (u) => [u.id, u],
    ),
  );
  const unitName = (id?: string) => (id ? (units.get(id)?.name ?? id) : '');
  const unitState = ev.unitId ? state.units.find((u) => u.unitId === ev.unitId) : undefined;
  const unitRow = ev.unitId ? units.get(ev.unitId) : undefined;
  const ref = caseRef(proposal);
  const at = String(ev.payload.at ?? ev.dueAt ?? new Date().toISOString());
  const office = deps.office;
  const taskRecipients = ev.unitId ? await people.unitTasks(ev.unitId) : [];
  /** One message per task recipient of the unit; one undeliverable record when it has none. */
  const toUnit = (kind: string, mail: MailInput, dueAt: string | null = ev.dueAt ?? at): Planned[] =>
    fanOut(taskRecipients, unitRow?.contactName ?? unitName(ev.unitId), {
      unitId: ev.unitId ?? null,
      kind,
      dueAt,
      mail,
    });
  const unitLink = ev.unitId ? deps.taskLink(ev.caseId, ev.unitId) : deps.caseLink(ev.caseId);
  const deadlineLine = (clock: string) => {
    const d = unitState?.deadlines[clock];
    return {
      clock,
      dueAt: d?.dueAt ?? ev.dueAt ?? at,
      summary: d?.summary ?? (ev.payload.summary as string | undefined),
    };
  };

  switch (ev.kind) {
    case 'assigned': {
      if (!unitState) return [];
      const deadlines = openDeadlines(unitState);
      const lead = state.units.find((u) => u.role === 'lead');
      return toUnit(
        'assigned',
        {
          kind: 'assigned',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: unitLink,
            role: roleOf(unitState),
            assignedAt: unitState.assignedAt,
            summary: (proposal.content ?? proposal.title).slice(0, 300),
            proposers: state.proposers.map((p) => p.name),
            leadUnitName: lead && lead.unitId !== ev.unitId ? unitName(lead.unitId) : undefined,
            otherUnits: state.units
              .filter((u) => u.unitId !== ev.unitId && u.stage !== 'REPLACED' && u.stage !== 'REMOVED')
              .map((u) => ({ name: unitName(u.unitId), role: roleOf(u) })),
            deadlines,
            keyCase: state.keyCase,
          },
        },
        unitState.assignedAt,
      );
    }
    case 'reminder': {
      const clock = ev.clock ?? 'mainReply';
      const kind = `${clock === 'signFor' ? 'signForReminder' : 'deadlineReminder'}.${ev.payload.daysBefore ?? 0}d`;
      const mail: MailInput =
        clock === 'signFor'
          ? {
              kind: 'signForReminder',
              data: {
                recipientName: unitName(ev.unitId),
                office,
                case: ref,
                link: unitLink,
                assignedAt: unitState?.assignedAt ?? at,
                deadline: deadlineLine(clock),
                now: at,
              },
            }
          : {
              kind: 'deadlineReminder',
              data: {
                recipientName: unitName(ev.unitId),
                office,
                case: ref,
                link: unitLink,
                deadline: deadlineLine(clock),
                now: at,
              },
            };
      return toUnit(`${kind}.${clock}`, mail);
    }
    case 'overdue': {
      const clock = ev.clock ?? 'mainReply';
      const base = {
        office,
        case: ref,
        unitName: unitName(ev.unitId),
        deadline: deadlineLine(clock),
        now: at,
      };
      // the policy names who is escalated to for this clock; leader and supervisors when it does not say
      const expl = unitState?.deadlines[clock]?.explanation as { escalateTo?: string[] } | undefined;
      const targets = new Set(expl?.escalateTo ?? ['unitLeader', 'supervisor']);
      const out: Planned[] = [];
      if (targets.has('unitLeader') && ev.unitId) {
        out.push(
          ...fanOut(await people.unitLeaders(ev.unitId), `${unitName(ev.unitId)}负责人`, {
            unitId: ev.unitId,
            kind: `overdue.${clock}`,
            dueAt: ev.dueAt ?? null,
            mail: {
              kind: 'overdue',
              data: {
                ...base,
                recipientName: unitRow?.leaderName ?? unitName(ev.unitId),
                link: unitLink,
                audience: 'unitLeader',
              },
            },
          }),
        );
      }
      const roles = (['supervisor', 'office'] as const).filter((r) => targets.has(r));
      for (const r of roles.length ? await people.byRole([...roles]) : []) {
        out.push({
          recipient: r.email,
          recipientName: r.name,
          unitId: ev.unitId ?? null,
          kind: `overdue.${clock}`,
          dueAt: ev.dueAt ?? null,
          mail: {
            kind: 'overdue',
            data: { ...base, recipientName: r.name, link: deps.caseLink(ev.caseId), audience: 'supervisor' },
          },
        });
      }
      return out;
    }
    case 'adjustmentDecided': {
      const a = unitState?.adjustments[unitState.adjustments.length - 1];
      return toUnit(
        'adjustmentDecided',
        {
          kind: 'adjustmentDecided',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: deps.caseLink(ev.caseId),
            decision: ev.payload.approved ? 'approved' : 'rejected',
            decidedAt: a?.decidedAt ?? at,
            reason: a?.decisionReason,
            requestReason: a?.reason,
            newUnitName: a?.newUnitId ? unitName(a.newUnitId) : undefined,
          },
        },
        at,
      );
    }
    case 'extensionDecided': {
      const x = unitState?.extensions[unitState.extensions.length - 1];
      return toUnit(
        'extensionDecided',
        {
          kind: 'extensionDecided',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: unitLink,
            decision: ev.payload.approved ? 'approved' : 'rejected',
            decidedAt: x?.decidedAt ?? at,
            clock: x?.clock ?? ev.clock,
            reason: x?.decisionReason,
            oldDueAt: x?.oldDueAt ?? ev.dueAt ?? at,
            newDueAt: x?.newDueAt,
          },
        },
        at,
      );
    }
    case 'opinionReceived': {
      const from = String(ev.payload.fromUnitId ?? '');
      const op = [...state.opinions].reverse().find((o) => o.fromUnitId === from);
      return toUnit(
        'opinionReceived',
        {
          kind: 'opinionReceived',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: unitLink,
            fromUnitName: unitName(from),
            opinion: op?.text ?? '',
            receivedAt: op?.at ?? at,
          },
        },
        at,
      );
    }
    case 'replied':
    case 'feedbackRequested': {
      if (!unitState) return [];
      const reply = unitState.replies[unitState.replies.length - 1];
      const parties = await ds
        .getRepository(PartyEntity)
        .find({ where: { id: In(state.proposers.map((p) => p.id).concat('-')) } });
      const byId = new Map(parties.map((p) => [p.id, p]));
      const out: Planned[] = [];
      for (const p of state.proposers) {
        const party = byId.get(p.id);
        const proposer = {
          name: p.name,
          type:
            party?.kind === 'deputy' || party?.kind === 'member' || party?.kind === 'group'
              ? party.kind
              : undefined,
        };
        const common = {
          recipientName: p.name,
          office,
          case: ref,
          link: deps.caseLink(ev.caseId),
          proposer,
          unitName: unitName(ev.unitId),
          repliedAt: reply?.at ?? at,
        };
        const mail: MailInput =
          ev.kind === 'replied'
            ? {
                kind: 'replied',
                data: { ...common, replyClass: reply?.class, excerpt: reply?.text.slice(0, 200) },
              }
            : {
                kind: 'feedbackRequested',
                data: { ...common, feedbackDueAt: unitState.deadlines.feedback?.dueAt },
              };
        out.push(
          ...fanOut(await people.proposer(p.id), p.name, {
            unitId: ev.unitId ?? null,
            kind: `${ev.kind}.r${reply?.round ?? 1}`,
            dueAt: reply?.at ?? at,
            mail,
          }),
        );
      }
      return out;
    }
    case 'rehandling': {
      if (!unitState) return [];
      const prev = unitState.feedback.filter(
        (f) => f.round === unitState.round - 1 && f.rating !== 'satisfied' && f.rating !== 'noAnswer',
      );
      const worst = prev.find((f) => f.rating === 'dissatisfied') ?? prev[0];
      const who = state.proposers.find((p) => p.id === worst?.proposerId);
      return toUnit(`rehandling.r${unitState.round}`, {
        kind: 'rehandling',
        data: {
          recipientName: unitName(ev.unitId),
          office,
          case: ref,
          link: unitLink,
          proposerName: who?.name ?? state.proposers[0]?.name ?? '',
          rating: worst?.rating === 'basicallySatisfied' ? 'basicallySatisfied' : 'dissatisfied',
          comment: worst?.comment,
          round: unitState.round,
          deadline: unitState.deadlines.rehandling ? deadlineLine('rehandling') : undefined,
        },
      });
    }
    case 'urged':
    case 'keyCase': {
      // 催办 / 重点督办: to the unit concerned (or every unit still handling the case), with a copy
      // to its leaders; un-marking a key case sends nothing
      if (ev.kind === 'keyCase' && ev.payload.keyCase !== true) return [];
      const actor = ev.payload.actorId
        ? await ds.getRepository(UserEntity).findOneBy({ id: String(ev.payload.actorId) })
        : null;
      const by = actor?.displayName ?? office?.name ?? '交办机关';
      const note =
        typeof ev.payload.note === 'string' && ev.payload.note.trim() ? ev.payload.note : undefined;
      const targets = state.units.filter(
        (u) =>
          (ev.unitId ? u.unitId === ev.unitId : true) && !['REPLACED', 'REMOVED', 'CLOSED'].includes(u.stage),
      );
      const out: Planned[] = [];
      for (const u of targets) {
        const deadlines = openDeadlines(u);
        const mail = (audience: 'unit' | 'unitLeader', recipientName: string): MailInput => ({
          kind: ev.kind as 'urged' | 'keyCase',
          data: {
            recipientName,
            office,
            case: ref,
            link: deps.taskLink(ev.caseId, u.unitId),
            audience,
            unitName: unitName(u.unitId),
            by,
            at,
            note,
            deadlines,
            keyCase: state.keyCase,
          },
        });
        // each urge (or marking) is its own message: keyed by its instant
        const base = { unitId: u.unitId, kind: ev.kind, dueAt: at };
        const staff = u.unitId === ev.unitId ? taskRecipients : await people.unitTasks(u.unitId);
        out.push(
          ...fanOut(staff, units.get(u.unitId)?.contactName ?? unitName(u.unitId), {
            ...base,
            mail: mail('unit', unitName(u.unitId)),
          }),
        );
        for (const l of await people.unitLeaders(u.unitId))
          out.push({ ...base, recipient: l.email, recipientName: l.name, mail: mail('unitLeader', l.name) });
      }
      return out;
    }
    default:
      // held, resumed … are recorded in the audit trail; they have no mail of their own yet
      return [];
  }
}
