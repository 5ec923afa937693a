import { Injectable } from '@nestjs/common';
import {
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowFailedError,
  type Client,
} from '@temporalio/client';
import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import { importWorkflow, importWorkflowId } from '@banli/workflows/import.workflow';
import { isDeadlineError, temporalUnavailable, workerUnavailable } from '../temporal/refusals';
import { TemporalClientService } from '../temporal/temporal-client.provider';
import { WorkerPresence, WorkerPresenceService } from '../temporal/worker-presence';

/** gRPC status UNAVAILABLE (the server cannot be reached). */
const GRPC_UNAVAILABLE = 14;

/**
 * The one place the API talks to import workflows (`import:<jobId>`): it starts one per job,
 * waits for a dry run's to end, and asks whether one still runs. The work itself, and the
 * progress, is the worker's and the database's.
 */
@Injectable()
export class ImportWorkflowGateway {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly workers: WorkerPresenceService,
  ) {}

  /** Starts the import workflow of a job. Temporal not answering: 503 TEMPORAL_UNAVAILABLE. */
  async start(jobId: string): Promise<void> {
    const client = await this.client();
    try {
      await client.workflow.start(importWorkflow, {
        taskQueue: this.temporal.taskQueue,
        workflowId: importWorkflowId(jobId),
        args: [{ jobId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (e) {
      if (isGrpcServiceError(e) || isGrpcDeadlineError(e)) throw temporalUnavailable();
      throw e;
    }
  }

  /**
   * Refuses at once (503 WORKER_UNAVAILABLE) when no worker polls the task queue for workflow and
   * activity tasks, for a request that waits for the worker (a dry run); Temporal not answering
   * the look is 503 TEMPORAL_UNAVAILABLE. Another failure of the look leaves it to the wait.
   */
  async requireWorker(): Promise<void> {
    let presence: WorkerPresence;
    try {
      presence = await this.workers.current();
    } catch (e) {
      if (isDeadlineError(e) || (isGrpcServiceError(e) && e.code === GRPC_UNAVAILABLE))
        throw temporalUnavailable();
      return;
    }
    if (!presence.polling) throw workerUnavailable('notSent');
  }

  /**
   * Waits until the job's workflow has ended (completed, failed, terminated), at most `ms`: true
   * when it has; the job row says what became of the job.
   */
  async ended(jobId: string, ms: number): Promise<boolean> {
    const client = await this.client();
    try {
      await client.withDeadline(Date.now() + ms, () =>
        client.workflow.getHandle(importWorkflowId(jobId)).result(),
      );
      return true;
    } catch (e) {
      if (isDeadlineError(e)) return false;
      if (e instanceof WorkflowFailedError) return true;
      if (isGrpcServiceError(e)) throw temporalUnavailable();
      throw e;
    }
  }

  /** Whether the job's workflow is running: null when Temporal cannot tell now. */
  async running(jobId: string): Promise<boolean | null> {
    try {
      const client = await this.temporal.client();
      const d = await client.withDeadline(Date.now() + 5000, () =>
        client.workflow.getHandle(importWorkflowId(jobId)).describe(),
      );
      return d.status.name === 'RUNNING';
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return false;
      return null;
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
