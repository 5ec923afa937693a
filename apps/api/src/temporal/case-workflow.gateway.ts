import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  isGrpcServiceError,
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import { BanliConfig, CONFIG } from '@banli/config';
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
  recordPastUpdate,
  type ActionPayload,
  type ActionResult,
  type ActionType,
  type MergePayload,
  type RecomputePayload,
  type RecordPastPayload,
  type UnitCodes,
} from '@banli/workflows/proposal.workflow';
import { BanliProblem } from '../common/problem';
import {
  isDeadlineError,
  problemFromWorkflowError,
  temporalUnavailable,
  workerUnavailable,
} from './refusals';
import { TemporalClientService } from './temporal-client.provider';
import { WorkerPresence, WorkerPresenceService } from './worker-presence';

/** How long, after a deadline passed, Temporal gets to show it answers (else TEMPORAL_UNAVAILABLE). */
export const TEMPORAL_PING_TIMEOUT_MS = 2_000;

/** gRPC status UNAVAILABLE (the server cannot be reached). */
const GRPC_UNAVAILABLE = 14;

type Handle = ReturnType<Client['workflow']['getHandle']>;

/**
 * The one place the API talks to the case workflow: registration starts it (by function
 * reference, under its business-key id), every action is the typed update of its command, state
 * is a query; Temporal's errors become problems (refusal codes, 409/503/504) in one mapping.
 *
 * Updates and queries need a worker, and without a deadline they wait for one forever (an update
 * is re-sent until a worker takes it). So each carries one (cfg.workerDeadlines: 30 s for an
 * action, 10 s for a query by default), and the two kinds of 503 stay apart:
 *   TEMPORAL_UNAVAILABLE — Temporal does not answer;
 *   WORKER_UNAVAILABLE   — Temporal answers but no worker takes the case's tasks: no worker polls
 *                          the task queue (refused before sending), or none took the update or
 *                          the query before its deadline.
 * An update a worker has accepted but not finished by the deadline stays 504 ACTION_TIMEOUT.
 */
@Injectable()
export class CaseWorkflowGateway {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly workers: WorkerPresenceService,
    @Inject(CONFIG) private readonly cfg: BanliConfig,
  ) {}

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
      h.startUpdate<ActionResult, [ActionPayload<T>]>(ACTION_UPDATES[type] as never, {
        args: [payload],
        waitForStage: 'ACCEPTED',
      }),
    );
  }

  merge(workflowId: string, payload: MergePayload): Promise<ActionResult> {
    return this.update(workflowId, (h) =>
      h.startUpdate(mergeUpdate, { args: [payload], waitForStage: 'ACCEPTED' }),
    );
  }

  recordPast(workflowId: string, payload: RecordPastPayload & UnitCodes): Promise<ActionResult> {
    return this.update(workflowId, (h) =>
      h.startUpdate(recordPastUpdate, { args: [payload], waitForStage: 'ACCEPTED' }),
    );
  }

  recompute(workflowId: string, payload: RecomputePayload): Promise<ActionResult> {
    return this.update(workflowId, (h) =>
      h.startUpdate(recomputeDeadlinesUpdate, { args: [payload], waitForStage: 'ACCEPTED' }),
    );
  }

  /**
   * The live case state (the read model may lag behind it). A workflow Temporal no longer keeps
   * (past its retention) is 404 WORKFLOW_NOT_FOUND: there is no state to read, not an act refused.
   * A worker that fails to answer (its workflow thread failed) is 503 WORKER_UNAVAILABLE.
   */
  async state(workflowId: string): Promise<CaseState> {
    const client = await this.client();
    // a query is answered by a worker, also for a closed workflow (it replays the history)
    await this.requireWorker('query');
    try {
      return await client.withDeadline(Date.now() + this.cfg.workerDeadlines.querySeconds * 1000, () =>
        client.workflow.getHandle(workflowId).query(caseStateQuery),
      );
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) {
        throw new BanliProblem(
          HttpStatus.NOT_FOUND,
          'WORKFLOW_NOT_FOUND',
          `案件流程已不在保留期内 (the case workflow is no longer retained): ${workflowId}`,
        );
      }
      if (isDeadlineError(e)) throw await this.noWorkerOrNoTemporal(client, 'query');
      // Temporal answered, the worker did not: its workflow thread failed while answering (Temporal
      // reports that as INVALID_ARGUMENT, which the client names "query not registered")
      if (e instanceof QueryNotRegisteredError) throw workerUnavailable('query');
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

  /**
   * Sends an update and waits, within one deadline, first for a worker to accept it (validators
   * passed, now durable in the history), then for its result. Not accepted by the deadline: no
   * worker took it (503 WORKER_UNAVAILABLE); accepted but unfinished: 504 ACTION_TIMEOUT.
   */
  private async update(
    workflowId: string,
    start: (h: Handle) => Promise<WorkflowUpdateHandle<ActionResult>>,
  ): Promise<ActionResult> {
    const client = await this.client();
    await this.requireWorker('notSent');
    const deadline = Date.now() + this.cfg.workerDeadlines.updateSeconds * 1000;
    let accepted: WorkflowUpdateHandle<ActionResult>;
    try {
      accepted = await client.withDeadline(deadline, () => start(client.workflow.getHandle(workflowId)));
    } catch (e) {
      if (isDeadlineError(e)) throw await this.noWorkerOrNoTemporal(client, 'pending');
      throw problemFromWorkflowError(e);
    }
    try {
      return await client.withDeadline(deadline, () => accepted.result());
    } catch (e) {
      throw problemFromWorkflowError(e);
    }
  }

  /**
   * Refuses at once (503 WORKER_UNAVAILABLE) when Temporal reports no worker polling the workflow
   * tasks of the case task queue recently (updates and queries are workflow tasks), so nothing
   * waits for a deadline nor is left for a worker that is gone. Temporal not answering the look is
   * 503 TEMPORAL_UNAVAILABLE; any other failure of the look (e.g. an API key not allowed to describe
   * task queues) leaves it to the deadline.
   */
  private async requireWorker(what: 'notSent' | 'query'): Promise<void> {
    let presence: WorkerPresence;
    try {
      presence = await this.workers.current();
    } catch (e) {
      if (isDeadlineError(e) || (isGrpcServiceError(e) && e.code === GRPC_UNAVAILABLE))
        throw temporalUnavailable();
      return;
    }
    if (!presence.pollers.workflow) throw workerUnavailable(what);
  }

  /** After a deadline passed: Temporal answering means the worker is missing, else Temporal is. */
  private async noWorkerOrNoTemporal(client: Client, what: 'pending' | 'query') {
    try {
      await client.withDeadline(Date.now() + TEMPORAL_PING_TIMEOUT_MS, () =>
        client.workflowService.getSystemInfo({}),
      );
      return workerUnavailable(what);
    } catch {
      return temporalUnavailable();
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
