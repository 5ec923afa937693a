import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { draftPrerequisites, lifecycleRulesOf, summary } from '@banli/domain';
import { PolicyStore } from '@banli/persistence';
import type {
  ActionPayload,
  ActionResult,
  ActionType,
  PastAction,
  UnitCodes,
} from '@banli/workflows/proposal.workflow';
import { actorOf, Principal, UNIT_ROLES } from '../auth/principal';
import { BanliProblem } from '../common/problem';
import { CaseWorkflowGateway } from '../temporal/case-workflow.gateway';
import { UnitsService } from '../units/units.service';
import { CaseAccessService } from './case-access.service';
import { FeedbackDto, ReapplyPolicyDto } from './case-actions.dto';
import { publicCaseState } from './public-view';

/** An action's fields as the API fills them in: the actor always comes from the token. */
export type ActionFields<T extends ActionType> = Omit<ActionPayload<T>, 'actor' | 'unitCodes'>;

/**
 * Case actions: check that the caller may see the case, then hand the command to the case
 * workflow as an update. The actor always comes from the token; the workflow decides whether
 * the act is allowed now and refuses with a code (mapped in refusals.ts).
 */
@Injectable()
export class CaseActionsService {
  private readonly policies: PolicyStore;

  constructor(
    private readonly access: CaseAccessService,
    private readonly cases: CaseWorkflowGateway,
    private readonly units: UnitsService,
    @InjectDataSource() ds: DataSource,
  ) {
    this.policies = PolicyStore.for(ds);
  }

  /**
   * Runs an action on the case as the caller, with the command's fields. `unitCodes` (from
   * requireUnits) lets the workflow show units by code in its search attributes.
   */
  async run<T extends ActionType>(
    p: Principal,
    caseId: string,
    type: T,
    fields: ActionFields<T> = {} as ActionFields<T>,
    unitCodes?: UnitCodes['unitCodes'],
  ): Promise<ActionResult> {
    const row = await this.access.find(p, caseId);
    const payload = { ...fields, actor: actorOf(p), ...(unitCodes ? { unitCodes } : {}) } as ActionPayload<T>;
    return this.cases.act(row.workflowId, type, payload);
  }

  /** The policy version the case runs under (404 when the caller may not see the case). */
  async policyOf(p: Principal, caseId: string) {
    const row = await this.access.find(p, caseId);
    return this.policies.find(row.policyId, row.policyVersion);
  }

  /** Past actions entered by the office (补录): all or none are applied. */
  async recordPast(
    p: Principal,
    caseId: string,
    actions: PastAction[],
    unitCodes?: UnitCodes['unitCodes'],
  ): Promise<ActionResult> {
    const row = await this.access.find(p, caseId);
    return this.cases.recordPast(row.workflowId, {
      actor: actorOf(p),
      actions,
      ...(unitCodes ? { unitCodes } : {}),
    });
  }

  /** A unit's own act: the unit is the caller's, never one named in the body. */
  runAsUnit<T extends ActionType>(
    p: Principal,
    caseId: string,
    type: T,
    fields: ActionFields<T> = {} as ActionFields<T>,
    unitId?: string,
  ) {
    const own = UNIT_ROLES.includes(p.role) ? p.unitId : null;
    return this.run(p, caseId, type, { ...fields, unitId: unitId ?? own ?? undefined });
  }

  /** Refuses unit ids that are not registered units (422 UNKNOWN_UNIT_ID); returns their codes. */
  async requireUnits(...ids: (string | undefined)[]): Promise<Record<string, string>> {
    const wanted = ids.filter((x): x is string => !!x);
    const units = await this.units.lookup(wanted);
    const missing = wanted.filter((id) => !units.has(id));
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
    return Object.fromEntries([...units].map(([id, u]) => [id, u.code]));
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
    const row = await this.access.find(p, caseId);
    return this.cases.merge(row.workflowId, {
      parentCaseId,
      parentWorkflowId: parent.workflowId,
      ...(reason ? { reason } : {}),
      actor: actorOf(p),
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
      const state = await this.cases.state(row.workflowId);
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
    return this.cases.act(row.workflowId, 'giveFeedback', {
      unitId,
      proposerId: proposerId!,
      rating: dto.rating,
      ...(dto.comment ? { comment: dto.comment } : {}),
      actor: actorOf(p),
    });
  }

  /** Recomputes open deadlines, optionally moving the case to another version of its policy. */
  async reapplyPolicy(p: Principal, caseId: string, dto: ReapplyPolicyDto) {
    const row = await this.access.find(p, caseId);
    const payload: Parameters<CaseWorkflowGateway['recompute']>[1] = {
      reason: dto.reason,
      actor: actorOf(p),
    };
    if (dto.policyVersion !== undefined) {
      const policy = await this.policies.find(row.policyId, dto.policyVersion);
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
    return this.cases.recompute(row.workflowId, payload);
  }

  /**
   * The live case state from the workflow (the read model may lag behind it). A proposer gets
   * only their case's public facts (publicCaseState).
   */
  async state(p: Principal, caseId: string, now = new Date()) {
    const row = await this.access.find(p, caseId);
    const state = await this.cases.state(row.workflowId);
    const at = now.toISOString();
    const s = summary(state, at);
    if (p.role === 'proposer')
      return { summary: { ...s, nextDue: null, overdue: false }, state: publicCaseState(state) };
    // what the caller's unit still needs before drafting its reply, by the case's own rules
    const unit = UNIT_ROLES.includes(p.role) ? state.units.find((u) => u.unitId === p.unitId) : undefined;
    const policy = unit ? await this.policies.find(row.policyId, row.policyVersion) : undefined;
    return {
      summary: s,
      state,
      ...(unit && policy
        ? { draftPrerequisites: draftPrerequisites(state, unit, lifecycleRulesOf(policy), at) }
        : {}),
    };
  }
}
