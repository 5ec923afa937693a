import { HttpStatus, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import type { CaseState } from '@banli/domain';
import { scheduleIds } from '@banli/temporal';
import type { ProposalWorkflowInput } from '@banli/workflows/activity-contracts';
import { nudgeMailSignal } from '@banli/workflows/mail-dispatch.workflow';
import {
  ACTION_UPDATES,
  caseStateQuery,
  mergeUpdate,
  proposalWorkflow,
  recomputeDeadlinesUpdate,
  type ActionPayload,
  type ActionResult,
  type ActionType,
  type MergePayload,
  type RecomputePayload,
} from '@banli/workflows/proposal.workflow';
import { BanliProblem } from '../common/problem';
import { problemFromWorkflowError, temporalUnavailable } from './refusals';
import { TemporalClientService } from './temporal-client.provider';

/**
 * The one place the API talks to the case workflow: registration starts it (by function
 * reference, under its business-key id), every action is the typed update of its command, state
 * is a query; Temporal's errors become problems (refusal codes, 409/503/504) in one mapping.
 */
@Injectable()
export class CaseWorkflowGateway {
  constructor(private readonly temporal: TemporalClientService) {}

  /**
   * Starts a case. A workflow id already in use means the proposal is registered: the caller
   * gets the existing case id (from the running workflow's memo) instead.
   */
  async start(
    workflowId: string,
    input: ProposalWorkflowInput,
  ): Promise<{ started: true } | { started: false; existingCaseId: string }> {
    const client = await this.client();
    try {
      await client.workflow.start(proposalWorkflow, {
        taskQueue: this.temporal.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { caseId: input.caseId },
      });
      return { started: true };
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw problemFromWorkflowError(e);
      const desc = await client.workflow.getHandle(workflowId).describe();
      return {
        started: false,
        existingCaseId: String((desc.memo as Record<string, unknown> | undefined)?.caseId ?? ''),
      };
    }
  }

  /** Runs one lifecycle action as an update; the payload is that command's fields plus the actor. */
  act<T extends ActionType>(workflowId: string, type: T, payload: ActionPayload<T>): Promise<ActionResult> {
    return this.update(workflowId, (h) =>
      h.executeUpdate(ACTION_UPDATES[type] as never, { args: [payload] }),
    );
  }

  merge(workflowId: string, payload: MergePayload): Promise<ActionResult> {
    return this.update(workflowId, (h) => h.executeUpdate(mergeUpdate, { args: [payload] }));
  }

  recompute(workflowId: string, payload: RecomputePayload): Promise<ActionResult> {
    return this.update(workflowId, (h) => h.executeUpdate(recomputeDeadlinesUpdate, { args: [payload] }));
  }

  /**
   * The live case state (the read model may lag behind it). A workflow Temporal no longer keeps
   * (past its retention) is 404 WORKFLOW_NOT_FOUND: there is no state to read, not an act refused.
   */
  async state(workflowId: string): Promise<CaseState> {
    const client = await this.client();
    try {
      return await client.workflow.getHandle(workflowId).query(caseStateQuery);
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) {
        throw new BanliProblem(
          HttpStatus.NOT_FOUND,
          'WORKFLOW_NOT_FOUND',
          `案件流程已不在保留期内 (the case workflow is no longer retained): ${workflowId}`,
        );
      }
      throw problemFromWorkflowError(e);
    }
  }

  /** Asks the mail dispatcher to deliver now; without it, its next pass within a minute does. */
  async nudgeMail(): Promise<void> {
    const client = await this.client();
    await client.workflow
      .getHandle(scheduleIds(this.temporal.taskQueue).mailDispatch)
      .signal(nudgeMailSignal);
  }

  private async update(
    workflowId: string,
    fn: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<unknown>,
  ): Promise<ActionResult> {
    const client = await this.client();
    try {
      return (await fn(client.workflow.getHandle(workflowId))) as ActionResult;
    } catch (e) {
      throw problemFromWorkflowError(e);
    }
  }

  private async client(): Promise<Client> {
    try {
      return await this.temporal.client();
    } catch {
      throw temporalUnavailable();
    }
  }
}
