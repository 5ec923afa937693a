import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  AuditEventEntity,
  DeadlineEntity,
  AssignmentEntity,
  ProposalEntity,
  ReplyEntity,
  FeedbackEntity,
  JurisdictionStore,
  UserEntity,
  DuplicateProposal,
  partyId,
  ProposalRegistrar,
} from '@banli/persistence';
import type { Principal } from '../auth/principal';
import { CaseAccessService } from '../cases/case-access.service';
import { PROPOSER_CLOCKS } from '../cases/public-view';
import { BanliProblem, notFound } from '../common/problem';
import { registrationTarget } from '../jurisdictions/registration';
import { CaseWorkflowGateway } from '../temporal/case-workflow.gateway';
import { UnitsService } from '../units/units.service';
import { RegisterProposalDto } from './proposal.dto';

export { partyId };

/** The unit an audit row's actor acted for: as recorded, else their account's unit, else a task link's unit. */
function actorUnitId(
  a: Pick<AuditEventEntity, 'actorId' | 'actorUnitId'>,
  user: Pick<UserEntity, 'unitId'> | undefined,
): string | null {
  return a.actorUnitId ?? user?.unitId ?? (a.actorId.startsWith('link:') ? a.actorId.slice(5) : null);
}

@Injectable()
export class ProposalsService {
  private readonly registrar: ProposalRegistrar;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseWorkflowGateway,
    private readonly access: CaseAccessService,
    private readonly units: UnitsService,
  ) {
    this.registrar = new ProposalRegistrar({
      dataSource: ds,
      policy: async (jurisdiction, channel) =>
        (await registrationTarget(JurisdictionStore.for(ds), jurisdiction, channel)).policy,
      startCase: (workflowId, input) => this.cases.start(workflowId, input),
    });
  }

  /**
   * Registers a proposal by starting its case workflow under a business-key id.
   * The workflow's first activity writes the row; we wait briefly for it so the caller can
   * read the case straight away (201), or answer 202 if the worker is slow.
   */
  async register(dto: RegisterProposalDto, now = new Date()) {
    const { registeredAt, ...fields } = dto;
    if (registeredAt !== undefined) {
      const at = new Date(registeredAt);
      if (at.getTime() > now.getTime())
        throw new BanliProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'INVALID_DATE',
          '登记时间不能晚于现在 (registeredAt is in the future)',
        );
      now = at;
    }
    const { id, workflowId } = await this.start(fields as RegisterProposalDto, now);
    const row = await this.waitForRow(id, 10000);
    return {
      status: row ? HttpStatus.CREATED : HttpStatus.ACCEPTED,
      body: { id, workflowId, stage: row?.stage ?? 'REGISTERING' },
    };
  }

  /**
   * Starts the case workflow of a proposal without waiting for its row, through the registration
   * the bulk import shares (ProposalRegistrar, libs/persistence). Throws UNKNOWN_JURISDICTION or
   * CHANNEL_NOT_COVERED (422) or DUPLICATE_PROPOSAL (409, with existingId). The case starts under
   * the policy version its jurisdiction names now.
   */
  async start(dto: RegisterProposalDto, now = new Date()): Promise<{ id: string; workflowId: string }> {
    try {
      return await this.registrar.start(dto, { now });
    } catch (e) {
      if (e instanceof DuplicateProposal) throw this.duplicate(e.existingId, e.workflowId);
      throw e;
    }
  }

  private duplicate(id: string, workflowId: string) {
    return new BanliProblem(
      HttpStatus.CONFLICT,
      'DUPLICATE_PROPOSAL',
      `该编号已登记 (already registered): ${workflowId}`,
      {
        existingId: id,
        workflowId,
      },
    );
  }

  private async waitForRow(id: string, ms: number) {
    const until = Date.now() + ms;
    const repo = this.ds.getRepository(ProposalEntity);
    for (;;) {
      const row = await repo.findOne({ where: { id }, select: ['id', 'stage'] });
      if (row || Date.now() > until) return row;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * The full case view from the read model, for someone who may see the case (else 404). A
   * proposer's view leaves out the audit trail and the co-handlers' opinions to the lead unit.
   */
  async get(id: string, viewer: Principal) {
    await this.access.find(viewer, id);
    const p = await this.ds.getRepository(ProposalEntity).findOne({
      where: { id },
      relations: { proposers: { party: true } },
    });
    if (!p) throw notFound('建议/提案 (proposal)', id);
    const [assignments, deadlines, replies, feedback, audit] = await Promise.all([
      this.ds
        .getRepository(AssignmentEntity)
        .find({ where: { proposalId: id }, order: { assignedAt: 'ASC' } }),
      this.ds.getRepository(DeadlineEntity).find({ where: { proposalId: id }, order: { dueAt: 'ASC' } }),
      this.ds.getRepository(ReplyEntity).find({ where: { proposalId: id }, order: { repliedAt: 'ASC' } }),
      this.ds.getRepository(FeedbackEntity).find({ where: { proposalId: id }, order: { ratedAt: 'ASC' } }),
      this.ds.getRepository(AuditEventEntity).find({ where: { proposalId: id }, order: { seq: 'ASC' } }),
    ]);
    const { snapshot: _snapshot, proposers, version: _v, ...rest } = p;
    const proposerView = viewer.role === 'proposer';
    const shownAudit = proposerView ? [] : audit;
    const users = await this.actorsOf(shownAudit);
    // unit names travel with the case: proposers may not list units, yet read who handles theirs
    const units = await this.units.lookup([
      ...assignments.map((a) => a.unitId),
      ...shownAudit.map((a) => actorUnitId(a, users.get(a.actorId))),
    ]);
    const unitName = (unitId: string | null) => (unitId ? (units.get(unitId)?.name ?? null) : null);
    return {
      ...rest,
      proposers: [...proposers]
        .sort((a, b) => a.position - b.position)
        .map((pp) => ({ id: pp.party.id, name: pp.party.name, kind: pp.party.kind, position: pp.position })),
      assignments: assignments.map((a) => ({ ...a, unitName: unitName(a.unitId) })),
      // a proposer sees when the reply is due, not the units' internal deadlines or how they were counted
      deadlines: proposerView
        ? deadlines
            .filter((d) => (PROPOSER_CLOCKS as readonly string[]).includes(d.clock))
            .map(({ explanation: _e, ...d }) => ({ ...d, explanation: null }))
        : deadlines,
      replies: proposerView ? replies.filter((r) => r.kind === 'reply') : replies,
      feedback,
      // who acted: the person's name and their unit (rows from before kept no name: looked up)
      audit: shownAudit.map(({ id: _i, proposalId: _p, createdAt: _c, ...a }) => {
        const user = users.get(a.actorId);
        const unitId = actorUnitId(a, user);
        return {
          ...a,
          actorName: a.actorName ?? user?.displayName ?? null,
          actorUnitId: unitId,
          actorUnitName: unitName(unitId),
        };
      }),
    };
  }

  /** The accounts behind audit rows that kept no actor name (rows from before names were recorded). */
  private async actorsOf(audit: AuditEventEntity[]) {
    const userIds = [...new Set(audit.filter((a) => !a.actorName).map((a) => a.actorId))];
    if (!userIds.length) return new Map<string, UserEntity>();
    const users = await this.ds
      .getRepository(UserEntity)
      .find({ where: { id: In(userIds) }, select: ['id', 'displayName', 'unitId'] });
    return new Map(users.map((u) => [u.id, u]));
  }
}
