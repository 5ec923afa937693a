import { Logger } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, In } from 'typeorm';
import {
  candidateClocks,
  clockInfo,
  clockKind,
  dueDateOf,
  outboxKind,
  reminderOffsetPart,
  resolveClockSpec,
  ruleTextEn,
  ruleTextZh,
  type CaseState,
  type UnitRole,
} from '@banli/domain';
import {
  MailInput,
  Outbox,
  outboxDedupeKey,
  PermanentMailError,
  renderMailInput,
  TemporaryMailError,
  type CaseRef,
} from '@banli/mail';
import {
  OutboxEntity,
  PartyEntity,
  JurisdictionStore,
  PolicyStore,
  ProposalEntity,
  UnitEntity,
  UserEntity,
} from '@banli/persistence';
import type { EmitCaseEventInput } from '@banli/workflows/activity-contracts';
import { isLegacyCaseEvent, upgradeLegacyCaseEvent, type LegacyCaseEventInput } from './legacy-case-event';
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
interface MailLog {
  warn(message: string): void;
  error(message: string): void;
}

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
/** The longest wait between two attempts of one message. */
const MAX_RETRY_DELAY_MS = 60 * 60_000;

/**
 * Case events become mail here. Sending is two steps: enqueue (idempotent, keyed by case, unit,
 * kind, due instant and recipient) and deliver. The activity only enqueues and starts a first
 * delivery in the background, so an SMTP outage never holds up a case action; the mail
 * dispatcher schedule retries what is still pending, with backoff.
 */
export function createNotificationActivities(deps: NotificationDeps) {
  const fallbackLog = new Logger('mail');
  const ds = deps.dataSource;
  const recipients = new Recipients(ds);

  /**
   * The running activity's logger (its lines carry the workflow and activity ids), captured at the
   * start of an activity so background deliveries keep it; Nest's logger outside an activity.
   */
  function activityLog(): MailLog {
    try {
      const l = Context.current().log;
      return { warn: (m) => l.warn(m), error: (m) => l.error(m) };
    } catch {
      return { warn: (m) => fallbackLog.warn(m), error: (m) => fallbackLog.error(m) };
    }
  }

  async function deliverQuietly(id: string, log: MailLog): Promise<'sent' | 'pending' | 'failed'> {
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

  /** A case event scheduled by workflow code from before events carried facts, with its facts. */
  async function upgradeLegacy(input: LegacyCaseEventInput): Promise<EmitCaseEventInput | null> {
    const row = await ds.getRepository(ProposalEntity).findOne({
      where: { id: input.caseId },
      select: { id: true, snapshot: true },
    });
    if (!row?.snapshot) return null;
    return upgradeLegacyCaseEvent(input, JSON.parse(row.snapshot) as CaseState, new Date().toISOString());
  }

  /** One pass of the dispatcher: every pending message whose backoff has elapsed. */
  async function deliverPass(log: ReturnType<typeof activityLog>) {
    // only rows whose backoff has elapsed (or that are to be given up): however many wait out their
    // backoff after a long relay outage, they never fill the batch and hold back the due ones
    const baseSeconds = (deps.retryBaseMs ?? 60_000) / 1000;
    const rows = await ds
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .where('o.status IN (:...open)', { open: ['pending', 'sending'] })
      .andWhere('o.attempts <= :max', { max: MAX_ATTEMPTS })
      .andWhere(
        new Brackets((w) =>
          w
            .where('o.attempts = 0')
            .orWhere('o.attempts >= :max', { max: MAX_ATTEMPTS })
            .orWhere(
              'o.updated_at <= UTC_TIMESTAMP(3) - INTERVAL LEAST(:cap, :base * POW(2, GREATEST(0, o.attempts - 1))) SECOND',
              { cap: MAX_RETRY_DELAY_MS / 1000, base: baseSeconds },
            ),
        ),
      )
      .orderBy('o.createdAt', 'ASC')
      .take(200)
      .getMany();
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
      tally[await deliverQuietly(r.id, log)]++;
    }
    return tally;
  }

  return {
    /** Turns one case event into its mails; returns how many were queued. */
    async emitCaseEvent(input: EmitCaseEventInput): Promise<{ queued: number }> {
      const log = activityLog();
      if (isLegacyCaseEvent(input)) {
        const upgraded = await upgradeLegacy(input);
        if (!upgraded) return { queued: 0 };
        input = upgraded;
      }
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
      for (const id of ids) void deliverQuietly(id, log);
      return { queued: ids.length };
    },

    /** Retries pending mail whose backoff has elapsed (run by the mail dispatcher schedule). */
    async deliverPendingMail(): Promise<{ sent: number; pending: number; failed: number }> {
      const log = activityLog();
      // alive while it works, however long one SMTP session takes (the dispatcher's heartbeat timeout)
      const beat = heartbeatEvery(HEARTBEAT_MS);
      try {
        return await deliverPass(log);
      } finally {
        clearInterval(beat);
      }
    },
  };
}

const HEARTBEAT_MS = 5_000;

/** Heartbeats the running activity every `ms` (outside an activity, as in unit tests: nothing). */
function heartbeatEvery(ms: number): ReturnType<typeof setInterval> {
  const beat = () => {
    try {
      Context.current().heartbeat();
    } catch {
      /* not in an activity */
    }
  };
  beat();
  const t = setInterval(beat, ms);
  t.unref();
  return t;
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

/** Deadlines of the unit's role that start at a later event, worded by the case's policy. */
async function laterDeadlines(
  ds: DataSource,
  p: ProposalEntity,
  role: UnitRole,
  armed: string[],
): Promise<{ clock: string; rule: string; ruleEn: string }[]> {
  const policy = await PolicyStore.for(ds).find(p.policyId, p.policyVersion);
  if (!policy) return [];
  return candidateClocks(role, 'received')
    .filter((c) => !armed.includes(c) && clockKind(c) !== 'limit')
    .flatMap((clock) => {
      const spec = policy.clocks[clock];
      if (!spec) return [];
      const { spec: v } = resolveClockSpec(spec, p.channel, p.duringSession);
      if (v.startsAt === 'assigned') return [];
      return [{ clock, rule: ruleTextZh(v.rule, v.startsAt), ruleEn: ruleTextEn(v.rule, v.startsAt) }];
    });
}

async function planMails(
  ds: DataSource,
  deps: NotificationDeps,
  people: Recipients,
  ev: EmitCaseEventInput,
): Promise<Planned[]> {
  if (ev.kind === 'silent') return [];
  const proposal = await ds.getRepository(ProposalEntity).findOne({ where: { id: ev.caseId } });
  if (!proposal) return [];
  const namedUnits = new Set<string>([ev.unitId ?? '']);
  if (ev.kind === 'assigned') ev.facts.otherUnits.forEach((u) => namedUnits.add(u.unitId));
  if (ev.kind === 'adjustmentDecided' && ev.facts.newUnitId) namedUnits.add(ev.facts.newUnitId);
  if (ev.kind === 'adjustmentRequested' && ev.facts.proposedUnitId) namedUnits.add(ev.facts.proposedUnitId);
  if (ev.kind === 'opinionReceived') namedUnits.add(ev.facts.fromUnitId);
  if (ev.kind === 'countersignRequested') namedUnits.add(ev.facts.leadUnitId);
  if (ev.kind === 'countersignChanges') namedUnits.add(ev.facts.fromUnitId);
  if (ev.kind === 'reviewRequested') ev.facts.countersignedBy?.forEach((u) => namedUnits.add(u));
  if (ev.kind === 'urged' || ev.kind === 'keyCase') ev.facts.units.forEach((u) => namedUnits.add(u.unitId));
  const units = new Map(
    (await ds.getRepository(UnitEntity).find({ where: { id: In([...namedUnits]) } })).map((u) => [u.id, u]),
  );
  const unitName = (id?: string) => (id ? (units.get(id)?.name ?? id) : '');
  const unitRow = ev.unitId ? units.get(ev.unitId) : undefined;
  const ref = caseRef(proposal);
  const at = ev.at;
  const office = deps.office;
  const caseLink = deps.caseLink(ev.caseId);
  const unitLink = ev.unitId ? deps.taskLink(ev.caseId, ev.unitId) : caseLink;
  const userName = async (id?: string) =>
    id ? ((await ds.getRepository(UserEntity).findOneBy({ id }))?.displayName ?? undefined) : undefined;
  /** One message per task recipient of the unit; one undeliverable record when it has none. */
  const toUnit = async (
    kind: string,
    mail: MailInput,
    dueAt: string | null = ev.dueAt ?? at,
  ): Promise<Planned[]> =>
    fanOut(ev.unitId ? await people.unitTasks(ev.unitId) : [], unitRow?.contactName ?? unitName(ev.unitId), {
      unitId: ev.unitId ?? null,
      kind,
      dueAt,
      mail,
    });
  /** The same message to every active account in a role (no undeliverable record: roles are optional). */
  const toRole = async (
    roles: ('office' | 'supervisor')[],
    kind: string,
    mail: (name: string) => MailInput,
  ) =>
    (await people.byRole(roles)).map((r): Planned => ({
      recipient: r.email,
      recipientName: r.name,
      unitId: ev.unitId ?? null,
      kind,
      dueAt: ev.dueAt ?? at,
      mail: mail(r.name),
    }));

  switch (ev.kind) {
    case 'assigned': {
      const f = ev.facts;
      return toUnit(
        outboxKind('assigned'),
        {
          kind: 'assigned',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: unitLink,
            role: f.role,
            assignedAt: f.assignedAt,
            summary: (proposal.content ?? proposal.title).slice(0, 300),
            proposers: f.proposers,
            leadUnitName: f.leadUnitId ? unitName(f.leadUnitId) : undefined,
            otherUnits: f.otherUnits.map((u) => ({ name: unitName(u.unitId), role: u.role })),
            deadlines: f.deadlines,
            laterDeadlines: await laterDeadlines(
              ds,
              proposal,
              f.role,
              f.deadlines.map((d) => d.clock),
            ),
            keyCase: f.keyCase,
          },
        },
        f.assignedAt,
      );
    }
    case 'reminder': {
      const f = ev.facts;
      const clock = f.deadline.clock;
      const kind = clock === 'signFor' ? 'signForReminder' : 'deadlineReminder';
      const outbox = outboxKind(kind, reminderOffsetPart(f.daysBefore), clock);
      if (clockInfo(clock).owner === 'office') {
        // the office's own duty (deciding an adjustment request): remind the office
        return toRole(['office'], outbox, (name) => ({
          kind: 'deadlineReminder',
          data: { recipientName: name, office, case: ref, link: caseLink, deadline: f.deadline, now: at },
        }));
      }
      return toUnit(
        outbox,
        kind === 'signForReminder'
          ? {
              kind,
              data: {
                recipientName: unitName(ev.unitId),
                office,
                case: ref,
                link: unitLink,
                assignedAt: f.assignedAt ?? at,
                deadline: f.deadline,
                now: at,
              },
            }
          : {
              kind,
              data: {
                recipientName: unitName(ev.unitId),
                office,
                case: ref,
                link: unitLink,
                deadline: f.deadline,
                now: at,
              },
            },
      );
    }
    case 'overdue': {
      const f = ev.facts;
      const clock = f.deadline.clock;
      const base = { office, case: ref, unitName: unitName(ev.unitId), deadline: f.deadline, now: at };
      // the policy names who is escalated to for this clock; leader and supervisors when it does not say
      const targets = new Set(f.deadline.escalateTo ?? ['unitLeader', 'supervisor']);
      const out: Planned[] = [];
      if (targets.has('unitLeader') && ev.unitId && clockInfo(clock).owner === 'unit') {
        out.push(
          ...fanOut(await people.unitLeaders(ev.unitId), `${unitName(ev.unitId)}负责人`, {
            unitId: ev.unitId,
            kind: outboxKind('overdue', clock),
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
      if (roles.length)
        out.push(
          ...(await toRole([...roles], outboxKind('overdue', clock), (name) => ({
            kind: 'overdue',
            data: { ...base, recipientName: name, link: caseLink, audience: 'supervisor' },
          }))),
        );
      // the jurisdiction's own escalation contacts for those targets (e.g. the 督查室 of a city
      // without accounts for it), once each and never twice to an address already mailed
      const jurisdiction = await JurisdictionStore.for(ds).find(proposal.jurisdiction);
      const mailed = new Set(out.flatMap((p) => (p.recipient ? [p.recipient.toLowerCase()] : [])));
      for (const c of jurisdiction?.escalationContacts ?? []) {
        if (!targets.has(c.target) || !c.email || mailed.has(c.email.toLowerCase())) continue;
        mailed.add(c.email.toLowerCase());
        out.push({
          recipient: c.email,
          recipientName: c.name,
          unitId: ev.unitId ?? null,
          kind: outboxKind('overdue', clock),
          dueAt: ev.dueAt ?? at,
          mail: {
            kind: 'overdue',
            data: {
              ...base,
              recipientName: c.name,
              link: caseLink,
              audience: c.target === 'unitLeader' ? 'unitLeader' : 'supervisor',
            },
          },
        });
      }
      return out;
    }
    case 'adjustmentRequested':
    case 'extensionRequested': {
      const f = ev.facts;
      const data = {
        office,
        case: ref,
        link: caseLink,
        unitName: unitName(ev.unitId),
        requestedAt: at,
        reason: f.reason,
        ...(ev.kind === 'adjustmentRequested'
          ? {
              ...(ev.facts.proposedUnitId ? { proposedUnitName: unitName(ev.facts.proposedUnitId) } : {}),
              ...(ev.facts.decisionDue ? { decisionDue: ev.facts.decisionDue } : {}),
            }
          : {
              clock: ev.facts.clock,
              currentDueAt: ev.facts.currentDueAt,
              ...(ev.facts.requestedDueAt ? { requestedDueAt: ev.facts.requestedDueAt } : {}),
            }),
      };
      return toRole(['office'], outboxKind(ev.kind), (name) => ({
        kind: ev.kind,
        data: { ...data, recipientName: name },
      }));
    }
    case 'adjustmentDecided': {
      const f = ev.facts;
      return toUnit(
        outboxKind('adjustmentDecided'),
        {
          kind: 'adjustmentDecided',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: caseLink,
            decision: f.approved ? 'approved' : 'rejected',
            decidedAt: at,
            reason: f.reason,
            requestReason: f.requestReason,
            newUnitName: f.newUnitId ? unitName(f.newUnitId) : undefined,
          },
        },
        at,
      );
    }
    case 'extensionDecided': {
      const f = ev.facts;
      return toUnit(
        outboxKind('extensionDecided'),
        {
          kind: 'extensionDecided',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: unitLink,
            decision: f.approved ? 'approved' : 'rejected',
            decidedAt: at,
            clock: f.clock,
            reason: f.reason,
            oldDueAt: f.oldDueAt,
            newDueAt: f.newDueAt,
          },
        },
        at,
      );
    }
    case 'opinionReceived':
      return toUnit(
        outboxKind('opinionReceived'),
        {
          kind: 'opinionReceived',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: unitLink,
            fromUnitName: unitName(ev.facts.fromUnitId),
            opinion: ev.facts.text,
            receivedAt: at,
          },
        },
        at,
      );
    case 'draftSubmitted':
    case 'draftSignedOff':
    case 'draftReturned': {
      const f = ev.facts;
      const draftedBy = await userName(f.draftedBy);
      const decidedBy = ev.kind === 'draftSubmitted' ? undefined : await userName(ev.actorId);
      const data = (recipientName: string) => ({
        recipientName,
        office,
        case: ref,
        link: unitLink,
        unitName: unitName(ev.unitId),
        at,
        round: f.round,
        ...('replyClass' in f ? { replyClass: f.replyClass } : {}),
        ...(draftedBy ? { draftedBy } : {}),
        ...(decidedBy ? { decidedBy } : {}),
        ...('reason' in f ? { reason: f.reason } : {}),
        ...('toReview' in f && f.toReview ? { toReview: true } : {}),
      });
      const kind = outboxKind(ev.kind, `r${f.round}`);
      if (ev.kind === 'draftSubmitted') {
        // to the unit's leaders, who sign off
        return fanOut(ev.unitId ? await people.unitLeaders(ev.unitId) : [], `${unitName(ev.unitId)}负责人`, {
          unitId: ev.unitId ?? null,
          kind,
          dueAt: at,
          mail: { kind: ev.kind, data: data(`${unitName(ev.unitId)}负责人`) },
        }).map((p) => ({ ...p, mail: { kind: 'draftSubmitted', data: data(p.recipientName) } }));
      }
      // to the staff member who drafted it; the unit's task recipients when that is not an account
      const drafter = await people.user(f.draftedBy);
      if (drafter.length)
        return drafter.map((r) => ({
          recipient: r.email,
          recipientName: r.name,
          unitId: ev.unitId ?? null,
          kind,
          dueAt: at,
          mail: { kind: ev.kind, data: data(r.name) } as MailInput,
        }));
      return toUnit(kind, { kind: ev.kind, data: data(unitName(ev.unitId)) } as MailInput, at);
    }
    case 'countersignRequested': {
      // 会签: to the co-handler's task recipients and its leaders. Every draft sent for
      // countersignature is its own message (keyed by when it was made); a retried activity is not.
      const f = ev.facts;
      const recipientName = unitName(ev.unitId);
      return fanOut(
        ev.unitId ? await people.unitTasksAndLeaders(ev.unitId) : [],
        unitRow?.contactName ?? recipientName,
        {
          unitId: ev.unitId ?? null,
          kind: outboxKind('countersignRequested'),
          dueAt: ev.dueAt ?? f.draftedAt,
          mail: {
            kind: 'countersignRequested',
            data: {
              recipientName,
              office,
              case: ref,
              link: unitLink,
              leadUnitName: unitName(f.leadUnitId),
              draftedAt: f.draftedAt,
              round: f.round,
              replyClass: f.replyClass,
              ...(f.excerpt ? { excerpt: f.excerpt } : {}),
              ...(f.deadline ? { deadline: f.deadline } : {}),
            },
          },
        },
      );
    }
    case 'countersignChanges': {
      // to the lead unit, whose draft goes back to it; each request is keyed by its instant
      const f = ev.facts;
      const by = await userName(f.by);
      return toUnit(
        outboxKind('countersignChanges'),
        {
          kind: 'countersignChanges',
          data: {
            recipientName: unitName(ev.unitId),
            office,
            case: ref,
            link: unitLink,
            fromUnitName: unitName(f.fromUnitId),
            ...(by ? { by } : {}),
            at,
            comment: f.comment,
          },
        },
        at,
      );
    }
    case 'reviewRequested': {
      // 答复待审核: to the office, as the office's other requests
      const f = ev.facts;
      const signedOffBy = await userName(f.signedOffBy);
      return toRole(['office'], outboxKind('reviewRequested', `r${f.round}`), (name) => ({
        kind: 'reviewRequested',
        data: {
          recipientName: name,
          office,
          case: ref,
          link: caseLink,
          unitName: unitName(ev.unitId),
          signedOffAt: at,
          round: f.round,
          replyClass: f.replyClass,
          ...(signedOffBy ? { signedOffBy } : {}),
          ...(f.countersignedBy?.length
            ? { countersignedBy: f.countersignedBy.map((u) => unitName(u)) }
            : {}),
          ...(f.excerpt ? { excerpt: f.excerpt } : {}),
        },
      }));
    }
    case 'replyReviewed':
    case 'replyReturned': {
      // the office's review, to the replying unit; a returned reply also to its leaders, who
      // signed it off and sign the redraft
      const f = ev.facts;
      const data = (recipientName: string) => ({
        recipientName,
        office,
        case: ref,
        link: unitLink,
        unitName: unitName(ev.unitId),
        at,
        round: f.round,
        ...(ev.kind === 'replyReviewed'
          ? {
              replyClass: ev.facts.replyClass,
              ...(ev.facts.classFrom && ev.facts.classTo
                ? { classFrom: ev.facts.classFrom, classTo: ev.facts.classTo }
                : {}),
              ...(ev.facts.note ? { note: ev.facts.note } : {}),
            }
          : { reason: ev.facts.reason }),
      });
      const kind = outboxKind(ev.kind, `r${f.round}`);
      if (ev.kind === 'replyReviewed')
        return toUnit(kind, { kind: 'replyReviewed', data: data(unitName(ev.unitId)) }, at);
      return fanOut(
        ev.unitId ? await people.unitTasksAndLeaders(ev.unitId) : [],
        unitRow?.contactName ?? unitName(ev.unitId),
        {
          unitId: ev.unitId ?? null,
          kind,
          dueAt: at,
          mail: { kind: 'replyReturned', data: data(unitName(ev.unitId)) },
        },
      );
    }
    case 'replied':
    case 'feedbackRequested': {
      const f = ev.facts;
      const parties = await ds
        .getRepository(PartyEntity)
        .find({ where: { id: In(f.proposers.map((p) => p.id).concat('-')) } });
      const byId = new Map(parties.map((p) => [p.id, p]));
      const out: Planned[] = [];
      for (const p of f.proposers) {
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
          link: caseLink,
          proposer,
          unitName: unitName(ev.unitId),
          repliedAt: f.repliedAt,
        };
        const mail: MailInput =
          ev.kind === 'replied'
            ? {
                kind: 'replied',
                data: { ...common, replyClass: ev.facts.replyClass, excerpt: ev.facts.excerpt },
              }
            : { kind: 'feedbackRequested', data: { ...common, feedbackDueAt: ev.facts.feedbackDueAt } };
        out.push(
          ...fanOut(await people.proposer(p.id), p.name, {
            unitId: ev.unitId ?? null,
            kind: outboxKind(ev.kind, `r${f.round}`),
            dueAt: f.repliedAt,
            mail,
          }),
        );
      }
      return out;
    }
    case 'extensionNotice':
    case 'trackingUpdate': {
      // 延期告知 / 跟踪落实情况: one message to each proposer, addressed as 代表 / 委员 / by name
      const f = ev.facts;
      const parties = await ds
        .getRepository(PartyEntity)
        .find({ where: { id: In(f.proposers.map((p) => p.id).concat('-')) } });
      const byId = new Map(parties.map((p) => [p.id, p]));
      // Each extension is its own notice (keyed by its new due day, the clock last so the kind reads
      // as the clock's); each tracking report by its number. A retried activity gives the same kind
      // and due instant, so the outbox keeps one row.
      const kind =
        ev.kind === 'extensionNotice'
          ? outboxKind('extensionNotice', dueDateOf(ev.facts.newDueAt).replace(/-/g, ''), ev.facts.clock)
          : outboxKind('trackingUpdate', `n${ev.facts.reportNo}`);
      const dueAt = ev.dueAt ?? (ev.kind === 'extensionNotice' ? ev.facts.newDueAt : ev.facts.reportedAt);
      const out: Planned[] = [];
      for (const p of f.proposers) {
        const party = byId.get(p.id);
        const common = {
          recipientName: p.name,
          office,
          case: ref,
          link: caseLink,
          proposer: {
            name: p.name,
            type:
              party?.kind === 'deputy' || party?.kind === 'member' || party?.kind === 'group'
                ? party.kind
                : undefined,
          },
          unitName: unitName(ev.unitId),
        };
        const mail: MailInput =
          ev.kind === 'extensionNotice'
            ? {
                kind: 'extensionNotice',
                data: {
                  ...common,
                  clock: ev.facts.clock,
                  oldDueAt: ev.facts.oldDueAt,
                  newDueAt: ev.facts.newDueAt,
                  ...(ev.facts.reason ? { reason: ev.facts.reason } : {}),
                  decidedAt: at,
                },
              }
            : {
                kind: 'trackingUpdate',
                data: {
                  ...common,
                  reportNo: ev.facts.reportNo,
                  reportedAt: ev.facts.reportedAt,
                  resolved: ev.facts.resolved,
                  ...(ev.facts.excerpt ? { excerpt: ev.facts.excerpt } : {}),
                  ...(ev.facts.replyClass ? { replyClass: ev.facts.replyClass } : {}),
                  ...(ev.facts.nextDueAt ? { nextDueAt: ev.facts.nextDueAt } : {}),
                },
              };
        out.push(
          ...fanOut(await people.proposer(p.id), p.name, { unitId: ev.unitId ?? null, kind, dueAt, mail }),
        );
      }
      return out;
    }
    case 'rehandling': {
      const f = ev.facts;
      const unhappy = f.ratings.filter((r) => r.rating !== 'satisfied' && r.rating !== 'noAnswer');
      const worst = unhappy.find((r) => r.rating === 'dissatisfied') ?? unhappy[0];
      return toUnit(outboxKind('rehandling', `r${f.round}`), {
        kind: 'rehandling',
        data: {
          recipientName: unitName(ev.unitId),
          office,
          case: ref,
          link: unitLink,
          proposerName: worst?.name ?? f.ratings[0]?.name ?? '',
          rating: worst?.rating === 'basicallySatisfied' ? 'basicallySatisfied' : 'dissatisfied',
          comment: worst?.comment,
          round: f.round,
          deadline: f.deadline,
        },
      });
    }
    case 'urged':
    case 'keyCase': {
      // 催办 / 重点督办: to the unit concerned (or every unit still handling the case), with a copy
      // to its leaders
      if (ev.kind === 'keyCase' && !ev.facts.keyCase) return [];
      const by = (await userName(ev.actorId)) ?? office?.name ?? '交办机关';
      const out: Planned[] = [];
      for (const u of ev.facts.units) {
        const mail = (audience: 'unit' | 'unitLeader', recipientName: string): MailInput => ({
          kind: ev.kind,
          data: {
            recipientName,
            office,
            case: ref,
            link: deps.taskLink(ev.caseId, u.unitId),
            audience,
            unitName: unitName(u.unitId),
            by,
            at,
            note: ev.facts.note,
            deadlines: u.deadlines,
            keyCase: ev.facts.keyCase,
          },
        });
        // each urge (or marking) is its own message: keyed by its instant
        const base = { unitId: u.unitId, kind: outboxKind(ev.kind), dueAt: at };
        out.push(
          ...fanOut(
            await people.unitTasks(u.unitId),
            units.get(u.unitId)?.contactName ?? unitName(u.unitId),
            {
              ...base,
              mail: mail('unit', unitName(u.unitId)),
            },
          ),
        );
        for (const l of await people.unitLeaders(u.unitId))
          out.push({ ...base, recipient: l.email, recipientName: l.name, mail: mail('unitLeader', l.name) });
      }
      return out;
    }
  }
}
