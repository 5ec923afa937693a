import { DataSource, EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  assignmentFacts,
  clockKind,
  deadlineStatus,
  isFinalFeedback,
  nextDue,
  reportFactsOf,
  shanghaiDateOf,
  unitDisplayStage,
  type CaseState,
  type LetterFields,
} from '@banli/domain';
import {
  AssignmentEntity,
  AuditEventEntity,
  CalendarStore,
  DeadlineEntity,
  FeedbackEntity,
  PartyEntity,
  ProposalEntity,
  ProposalPartyEntity,
  ReplyEntity,
  replaceReportFacts,
} from '@banli/persistence';
import type { ProjectTransitionInput, ProposalWorkflowInput } from '@banli/workflows/activity-contracts';
import { stableId } from './stable-id';

/** A proposer in the input of runs registered before contact details left the workflow input. */
type LegacyProposerInput = ProposalWorkflowInput['proposers'][number] & { email?: unknown; phone?: unknown };

const d = (iso?: string | null) => (iso ? new Date(iso) : null);

/** The document columns a reply or an opinion shares (title, 文号, letter date, signer, copies). */
function letterColumns(x: LetterFields & { at: string }) {
  return {
    title: x.title ?? null,
    docNumber: x.docNumber ?? null,
    letterDate: x.letterDate ?? shanghaiDateOf(x.at),
    signerName: x.signerName ?? null,
    signerTitle: x.signerTitle ?? null,
    copies: x.copies ?? null,
  };
}

/**
 * Projection of case workflows into MySQL: the read model and the audit trail.
 * Every write is keyed by a natural key (case + seq, case + unit + clock, …) so a retried
 * activity or a replayed workflow rewrites the same rows and never adds a second one.
 */
export function createProjectionActivities({ dataSource }: { dataSource: DataSource }) {
  const calendar = new CalendarStore(dataSource);
  return {
    /** Writes the registered proposal and its proposers (first step of every case workflow). */
    async recordProposal(input: ProposalWorkflowInput): Promise<void> {
      await dataSource.transaction(async (m) => {
        await m.getRepository(ProposalEntity).upsert(
          {
            id: input.caseId,
            workflowId: input.workflowId ?? input.caseId,
            jurisdiction: input.jurisdiction,
            channel: input.channel as 'npc' | 'cppcc',
            term: input.term ?? 0,
            session: input.session,
            number: input.number,
            duringSession: input.duringSession ?? true,
            title: input.title,
            content: input.content ?? null,
            category: input.category ?? null,
            stage: 'UNDER_REVIEW',
            policyId: input.policy.id,
            policyVersion: input.policy.version,
            registeredAt: new Date(input.registeredAt),
          },
          { conflictPaths: ['id'], skipUpdateIfNoValuesChanged: true },
        );
        for (const [position, p] of input.proposers.entries()) {
          // cases registered before contact details left the workflow input still carry them
          const legacy = p as LegacyProposerInput;
          await m
            .createQueryBuilder()
            .insert()
            .into(PartyEntity)
            .values({
              id: p.id,
              kind: (p.kind ?? 'deputy') as PartyEntity['kind'],
              name: p.name,
              ...(typeof legacy.email === 'string' ? { email: legacy.email } : {}),
              ...(typeof legacy.phone === 'string' ? { phone: legacy.phone } : {}),
            })
            .orIgnore()
            .execute();
          await m
            .createQueryBuilder()
            .insert()
            .into(ProposalPartyEntity)
            .values({ proposalId: input.caseId, partyId: p.id, position })
            .orIgnore()
            .execute();
        }
      });
    },

    /** Projects one accepted transition: audit event + read model as of `seq`. */
    async projectTransition(input: ProjectTransitionInput): Promise<void> {
      // the statistics count working days on the calendar in force; read before the transaction
      // takes its connection (a read inside it would wait for a second one from the same pool)
      const cal = await calendar.calendar();
      await dataSource.transaction(async (m) => {
        await m
          .createQueryBuilder()
          .insert()
          .into(AuditEventEntity)
          .values({
            id: stableId(input.caseId, 'audit', String(input.seq)),
            proposalId: input.caseId,
            seq: input.seq,
            actorId: input.actor.id,
            actorRole: input.actor.role,
            actorName: input.actor.name?.slice(0, 100) ?? null,
            actorUnitId: input.actor.unitId ?? null,
            action: input.action,
            fromStage: input.from ?? null,
            toStage: input.to ?? null,
            at: new Date(input.at),
            detail: (input.detail ?? null) as any,
            enteredAt: d(input.entered?.at),
            enteredBy: input.entered?.by?.slice(0, 64) ?? null,
          })
          .orIgnore()
          .updateEntity(false)
          .execute();
        // A late retry of an older transition must not overwrite a newer read model.
        const row = await m
          .getRepository(ProposalEntity)
          .createQueryBuilder('p')
          .select(['p.id', 'p.lastSeq', 'p.jurisdiction', 'p.channel', 'p.term', 'p.session'])
          .setLock('pessimistic_write')
          .where('p.id = :id', { id: input.caseId })
          .getOne();
        if (!row) throw new Error(`proposal ${input.caseId} not recorded yet`);
        if (row.lastSeq > input.seq) return;
        await writeReadModel(m, input.state, input.policyVersion);
        await replaceReportFacts(m, row, reportFactsOf(input.state, cal));
      });
    },
  };
}

async function writeReadModel(m: EntityManager, s: CaseState, policyVersion?: number): Promise<void> {
  // the one definition: the earliest counting duty; overdue is judged at read time against it
  const next = nextDue(s);
  await m.getRepository(ProposalEntity).update(
    { id: s.caseId },
    {
      stage: s.stage,
      keyCase: s.keyCase,
      category: s.filing?.category ?? undefined,
      closedAt: d(s.closedAt),
      nextDueAt: next ? new Date(next.dueAt) : null,
      lastSeq: s.seq,
      ...(policyVersion ? { policyVersion } : {}),
      snapshot: JSON.stringify(s),
    },
  );
  const assignments: Partial<AssignmentEntity>[] = [];
  const deadlines: Partial<DeadlineEntity>[] = [];
  const replies: Partial<ReplyEntity>[] = [];
  const feedback: Partial<FeedbackEntity>[] = [];
  for (const u of s.units) {
    const facts = assignmentFacts(s, u);
    const stage = unitDisplayStage(u);
    assignments.push({
      id: stableId(s.caseId, 'unit', u.unitId),
      proposalId: s.caseId,
      unitId: u.unitId,
      mode: s.mode ?? 'sole',
      role: u.role,
      stage,
      active: u.stage !== 'REPLACED' && u.stage !== 'REMOVED',
      assignedAt: new Date(u.assignedAt),
      receivedAt: d(u.receivedAt),
      round: facts.round,
      firstRepliedAt: d(facts.firstRepliedAt),
      lastRepliedAt: d(facts.lastRepliedAt),
      firstReplyLate: facts.firstReplyLate,
      contactMethods: facts.contactMethods.join(','),
      urgeCount: facts.urgeCount,
      lastUrgedAt: d(facts.lastUrgedAt),
    });
    for (const dl of Object.values(u.deadlines)) {
      deadlines.push({
        id: stableId(s.caseId, 'deadline', u.unitId, dl.clock),
        proposalId: s.caseId,
        scope: u.unitId,
        clock: dl.clock,
        dueAt: new Date(dl.dueAt),
        summary: dl.summary.slice(0, 500),
        explanation: (dl.explanation ?? null) as any,
        kind: clockKind(dl.clock),
        // a replaced or removed unit's clocks were closed with it; the case's hold holds them all
        status: deadlineStatus(s, dl),
        keyCase: s.keyCase,
        unitStage: stage,
      });
    }
    for (const r of u.replies) {
      replies.push({
        id: stableId(s.caseId, 'reply', u.unitId, String(r.round)),
        proposalId: s.caseId,
        unitId: u.unitId,
        kind: 'reply',
        round: r.round,
        replyClass: r.class ?? null,
        text: r.text,
        contactPerson: r.contactPerson ?? null,
        contactPhone: r.contactPhone ?? null,
        signedBy: r.signedOffBy ?? null,
        late: r.late,
        repliedAt: new Date(r.at),
        ...letterColumns(r),
        signingUnits: r.signingUnits ?? [u.unitId],
        publicity: r.publicity ?? null,
        publicityReason: r.publicityReason ?? null,
        publishAgreed: r.proposerAgreesToPublish ?? null,
        publishedAt: d(r.publication?.publishedAt),
        indexNo: r.publication?.indexNo ?? null,
        publisher: r.publication?.publisher ?? null,
        publicationMethod: r.publication?.method ?? null,
        validity: r.publication?.validity ?? null,
        notPublishedReason: r.publication?.declinedReason ?? r.publicityReason ?? null,
      });
    }
    for (const f of u.feedback) {
      feedback.push({
        id: stableId(s.caseId, 'feedback', u.unitId, f.proposerId, String(f.round)),
        proposalId: s.caseId,
        unitId: u.unitId,
        partyId: f.proposerId,
        round: f.round,
        rating: f.rating,
        comment: f.comment ?? null,
        ratedAt: new Date(f.at),
        final: isFinalFeedback(u, f),
      });
    }
  }
  const opinions = s.opinions.map((o, i): Partial<ReplyEntity> => ({
    id: stableId(s.caseId, 'opinion', o.fromUnitId, String(i)),
    proposalId: s.caseId,
    unitId: o.fromUnitId,
    kind: 'opinion',
    round: i + 1,
    text: o.text,
    repliedAt: new Date(o.at),
    ...letterColumns(o),
    contactPerson: o.contactPerson ?? null,
    contactPhone: o.contactPhone ?? null,
    signingUnits: [o.fromUnitId],
    enteredByOffice: o.byOffice === true,
  }));
  // one statement per table; replies and opinions apart, as each sets columns the other leaves
  await upsertRows(m, AssignmentEntity, assignments);
  await upsertRows(m, DeadlineEntity, deadlines);
  await upsertRows(m, ReplyEntity, replies);
  await upsertRows(m, FeedbackEntity, feedback);
  await upsertRows(m, ReplyEntity, opinions);
}

/**
 * Inserts `rows` (keyed by id) in one statement, or updates those that exist: the columns any row
 * sets are overwritten, so all rows of one call must set the same columns. Nothing is read back.
 */
async function upsertRows<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<void> {
  if (!rows.length) return;
  const meta = m.connection.getMetadata(entity);
  const columns = meta.columns
    .filter((c) => !c.isPrimary && rows.some((r) => c.getEntityValue(r) !== undefined))
    .map((c) => c.databaseName);
  await m
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(rows as QueryDeepPartialEntity<T>[])
    .orUpdate(columns, ['id'])
    .updateEntity(false)
    .execute();
}
