import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { findPolicy, lifecycleRulesOf } from '@banli/domain';
import {
  AuditEventEntity,
  DeadlineEntity,
  AssignmentEntity,
  ProposalEntity,
  ReplyEntity,
  FeedbackEntity,
} from '@banli/persistence';
import { proposalWorkflowId } from '@banli/temporal';
import type { ProposalWorkflowInput } from '@banli/workflows/activity-contracts';
import type { Principal } from '../auth/principal';
import { CaseAccessService } from '../cases/case-access.service';
import { BanliProblem, notFound } from '../common/problem';
import { TemporalClientService } from '../temporal/temporal-client.provider';
import { RegisterProposalDto } from './proposal.dto';

/** Stable party id: the same proposer (jurisdiction, kind, name) is one party across cases. */
export function partyId(jurisdiction: string, kind: string, name: string): string {
  const h = createHash('sha256').update(`${jurisdiction}\u0000${kind}\u0000${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly access: CaseAccessService,
  ) {}

  /**
   * Registers a proposal by starting its case workflow under a business-key id.
   * The workflow's first activity writes the row; we wait briefly for it so the caller can
   * read the case straight away (201), or answer 202 if the worker is slow.
   */
  async register(dto: RegisterProposalDto, now = new Date()) {
    const { id, workflowId } = await this.start(dto, now);
    const row = await this.waitForRow(id, 10000);
    return {
      status: row ? HttpStatus.CREATED : HttpStatus.ACCEPTED,
      body: { id, workflowId, stage: row?.stage ?? 'REGISTERING' },
    };
  }

  /**
   * Starts the case workflow of a proposal without waiting for its row (bulk import waits
   * itself). Throws UNKNOWN_JURISDICTION (422) or DUPLICATE_PROPOSAL (409, with existingId).
   */
  async start(dto: RegisterProposalDto, now = new Date()): Promise<{ id: string; workflowId: string }> {
    const policy = findPolicy(dto.jurisdiction);
    if (!policy) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_JURISDICTION',
        `未知的辖区政策 (unknown jurisdiction policy): ${dto.jurisdiction}。可用的见 GET /policies`,
        { jurisdiction: dto.jurisdiction },
      );
    }
    const key = {
      jurisdiction: dto.jurisdiction,
      channel: dto.channel,
      term: dto.term,
      session: dto.session,
      number: dto.number,
    };
    const existing = await this.ds
      .getRepository(ProposalEntity)
      .findOne({ where: key, select: ['id', 'workflowId'] });
    if (existing) throw this.duplicate(existing.id, existing.workflowId);

    const id = randomUUID();
    const workflowId = proposalWorkflowId(key);
    const input: ProposalWorkflowInput = {
      caseId: id,
      jurisdiction: dto.jurisdiction,
      channel: dto.channel,
      term: dto.term,
      session: dto.session,
      number: dto.number,
      duringSession: dto.duringSession ?? true,
      title: dto.title,
      content: dto.content ?? null,
      category: dto.category ?? null,
      proposers: dto.proposers.map((p) => ({
        id: partyId(dto.jurisdiction, p.kind, p.name),
        name: p.name,
        kind: p.kind,
        email: p.email ?? null,
        phone: p.phone ?? null,
      })),
      policy: { id: policy.id, version: policy.version, rules: lifecycleRulesOf(policy) },
      registeredAt: now.toISOString(),
    };
    const client = await this.temporal.client();
    try {
      await client.workflow.start('proposalWorkflow', {
        taskQueue: this.temporal.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { caseId: id },
      });
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) {
        const desc = await client.workflow.getHandle(workflowId).describe();
        const caseId = String((desc.memo as Record<string, unknown> | undefined)?.caseId ?? '');
        throw this.duplicate(caseId, workflowId);
      }
      throw e;
    }
    return { id, workflowId };
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
    return {
      ...rest,
      proposers: [...proposers]
        .sort((a, b) => a.position - b.position)
        .map((pp) => ({ id: pp.party.id, name: pp.party.name, kind: pp.party.kind, position: pp.position })),
      assignments,
      deadlines,
      replies: proposerView ? replies.filter((r) => r.kind === 'reply') : replies,
      feedback,
      audit: proposerView ? [] : audit.map(({ id: _i, proposalId: _p, createdAt: _c, ...a }) => a),
    };
  }
}
