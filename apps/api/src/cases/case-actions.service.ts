import { HttpStatus, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { findPolicy, lifecycleRulesOf } from '@banli/domain';
import { summary, type CaseState } from '@banli/domain/lifecycle';
import {
  caseStateQuery,
  giveFeedbackUpdate,
  mergeUpdate,
  recomputeDeadlinesUpdate,
  type ActionResult,
} from '@banli/workflows/proposal.workflow';
import { actorOf, Principal, UNIT_ROLES } from '../auth/principal';
import { BanliProblem } from '../common/problem';
import { TemporalClientService } from '../temporal/temporal-client.provider';
import { UnitsService } from '../units/units.service';
import { CaseAccessService } from './case-access.service';
import { FeedbackDto, ReapplyPolicyDto } from './case-actions.dto';
import { problemFromWorkflowError, temporalUnavailable } from './refusals';

type ActionUpdate = UpdateDefinition<ActionResult, [any]>;

/**
 * Case actions: check that the caller may see the case, then hand the command to the case
 * workflow as an update. The actor always comes from the token; the workflow decides whether
 * the act is allowed now and refuses with a code (mapped in refusals.ts).
 */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly access: CaseAccessService,
    private readonly temporal: TemporalClientService,
    private readonly units: UnitsService,
  ) {}

  /** Runs `update` on the case as the caller, with the command's fields. */
  async run(
    p: Principal,
    caseId: string,
    update: ActionUpdate,
    fields: Record<string, unknown> = {},
  ): Promise<ActionResult> {
    const row = await this.access.find(p, caseId);
    return this.execute(row.workflowId, update, { ...fields, actor: actorOf(p) });
  }

  /** A unit's own act: the unit is the caller's, never one named in the body. */
  runAsUnit(
    p: Principal,
    caseId: string,
    update: ActionUpdate,
    fields: Record<string, unknown> = {},
    unitId?: string,
  ) {
    const own = UNIT_ROLES.includes(p.role) ? p.unitId : null;
    return this.run(p, caseId, update, { ...fields, unitId: unitId ?? own ?? undefined });
  }

  /** Refuses unit ids that are not registered units (422 UNKNOWN_UNIT_ID). */
  async requireUnits(...ids: (string | undefined)[]) {
    const missing = await this.units.unknown(ids.filter((x): x is string => !!x));
    if (missing.length) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_UNIT_ID',
        `没有这些承办单位 (no such units): ${missing.join(', ')}`,
        {
          unitIds: missing,
        },
      );
    }
  }

  async merge(p: Principal, caseId: string, parentCaseId: string, reason?: string) {
    const parent = await this.access.find(p, parentCaseId).catch(() => {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'UNKNOWN_CASE',
        `没有要并入的案件 (no such case): ${parentCaseId}`,
        { parentCaseId },
      );
    });
    return this.run(p, caseId, mergeUpdate, {
      parentCaseId,
      parentWorkflowId: parent.workflowId,
      ...(reason ? { reason } : {}),
    });
  }

  /**
   * Feedback. A proposer rates as their own party; the office may enter a rating for a named
   * proposer. Without `unitId` the one replying unit awaiting feedback is meant.
   */
  async feedback(p: Principal, caseId: string, dto: FeedbackDto) {
    const row = await this.access.find(p, caseId);
    let proposerId = dto.proposerId;
    if (p.role === 'proposer') {
      if (proposerId && proposerId !== p.partyId) {
        throw new BanliProblem(
          HttpStatus.FORBIDDEN,
          'NOT_A_PROPOSER',
          '只能提交本人的评价 (a proposer rates only for themselves)',
        );
      }
      proposerId = p.partyId ?? undefined;
    } else if (!proposerId) {
      throw new BanliProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'PROPOSER_REQUIRED',
        '代录评价须注明提出人 proposerId (proposerId is required when entering feedback for a proposer)',
      );
    }
    let unitId = dto.unitId;
    if (!unitId) {
      const state = await this.query(row.workflowId);
      const replying = state.units.filter(
        (u) => u.role !== 'co' && !['REPLACED', 'REMOVED'].includes(u.stage),
      );
      const waiting = replying.filter((u) => u.stage === 'FEEDBACK_PENDING');
      if (waiting.length > 1) {
        throw new BanliProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'UNIT_REQUIRED',
          '有多个单位的答复在征询意见，请注明评价哪个单位 unitId (several replies await feedback; name the unit)',
          {
            unitIds: waiting.map((u) => u.unitId),
          },
        );
      }
      // With none waiting, let the workflow say why (its WRONG_STAGE names the stage).
      unitId = waiting[0]?.unitId ?? state.leadUnitId ?? replying[0]?.unitId ?? '';
    }
    return this.execute(row.workflowId, giveFeedbackUpdate, {
      unitId,
      proposerId,
      rating: dto.rating,
      ...(dto.comment ? { comment: dto.comment } : {}),
      actor: actorOf(p),
    });
  }

  /** Recomputes open deadlines, optionally moving the case to another version of its policy. */
  async reapplyPolicy(p: Principal, caseId: string, dto: ReapplyPolicyDto) {
    const row = await this.access.find(p, caseId);
    const payload: Record<string, unknown> = { reason: dto.reason, actor: actorOf(p) };
    if (dto.policyVersion !== undefined) {
      const policy = findPolicy(row.policyId, dto.policyVersion);
      if (!policy) {
        throw new BanliProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'UNKNOWN_POLICY_VERSION',
          `政策 ${row.policyId} 没有第 ${dto.policyVersion} 版 (no such policy version)`,
          { policyId: row.policyId, policyVersion: dto.policyVersion },
        );
      }
      payload.policyVersion = policy.version;
      payload.rules = lifecycleRulesOf(policy);
    }
    return this.execute(row.workflowId, recomputeDeadlinesUpdate, payload);
  }

  /**
   * The live case state from the workflow (the read model may lag behind it). Proposers get it
   * without the units' internal working papers (drafts, opinions, adjustment and extension requests, urges).
   */
  async state(p: Principal, caseId: string, now = new Date()) {
    const row = await this.access.find(p, caseId);
    const state = await this.query(row.workflowId);
    const visible: CaseState =
      p.role === 'proposer'
        ? {
            ...state,
            opinions: [],
            urges: [],
            units: state.units.map(({ draft: _d, ...u }) => ({ ...u, adjustments: [], extensions: [] })),
          }
        : state;
    return { summary: summary(state, now.toISOString()), state: visible };
  }

  private async client(): Promise<Client> {
    try {
      return await this.temporal.client();
    } catch {
      throw temporalUnavailable();
    }
  }

  private async query(workflowId: string): Promise<CaseState> {
    const client = await this.client();
    try {
      return await client.workflow.getHandle(workflowId).query(caseStateQuery);
    } catch (e) {
      const mapped = problemFromWorkflowError(e);
      if (mapped instanceof BanliProblem && mapped.code === 'CASE_ENDED') {
        throw new BanliProblem(
          HttpStatus.NOT_FOUND,
          'WORKFLOW_NOT_FOUND',
          `案件流程已不在保留期内 (the case workflow is no longer retained): ${workflowId}`,
        );
      }
      throw mapped;
    }
  }

  private async execute(
    workflowId: string,
    update: ActionUpdate,
    payload: Record<string, unknown>,
  ): Promise<ActionResult> {
    const client = await this.client();
    try {
      return await client.workflow.getHandle(workflowId).executeUpdate(update, { args: [payload] });
    } catch (e) {
      throw problemFromWorkflowError(e);
    }
  }
}
