import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import {
  JurisdictionStore,
  ProposalRegistrar,
  storeRegistrationPolicy,
  type CaseStarter,
} from '@banli/persistence';
import { ImportBatchFailed, ImportJobGone, ImportJobRunner } from '@banli/persistence/import';
import { BATCH_ATTEMPTS, IMPORT_JOB_GONE, type ImportActivities } from '@banli/workflows/import.workflow';
import type { proposalWorkflow } from '@banli/workflows/proposal.workflow';

export interface ImportActivityDeps {
  dataSource: DataSource;
  /** How a case workflow is started; default: the worker's own client (startCaseFromActivity). */
  startCase?: CaseStarter;
}

/**
 * Starts a case workflow from inside an activity, with the worker's client (bound to its
 * namespace) on the worker's task queue, exactly as the API's gateway does: business-key id,
 * duplicates rejected, the case id in the memo (where a duplicate's case id is found).
 */
export const startCaseFromActivity: CaseStarter = async (workflowId, input) => {
  const ctx = Context.current();
  const client = ctx.client;
  try {
    await client.workflow.start<typeof proposalWorkflow>('proposalWorkflow', {
      taskQueue: ctx.info.taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { caseId: input.caseId },
    });
    return { started: true };
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    const desc = await client.workflow.getHandle(workflowId).describe();
    return {
      started: false,
      existingCaseId: String((desc.memo as Record<string, unknown> | undefined)?.caseId ?? ''),
    };
  }
};

/**
 * The import workflow's activities: thin adapters over ImportJobRunner (libs/persistence/import),
 * registering rows with the same ProposalRegistrar as POST /proposals. Heartbeats carry where
 * the work is; a job that is gone, or a last batch in which every row failed, fails without retry.
 */
export function createImportActivities(deps: ImportActivityDeps) {
  const registrar = new ProposalRegistrar({
    dataSource: deps.dataSource,
    policy: storeRegistrationPolicy(JurisdictionStore.for(deps.dataSource)),
    startCase: deps.startCase ?? startCaseFromActivity,
  });
  const runner = new ImportJobRunner({ dataSource: deps.dataSource, registrar, log });
  const hooks = () => ({
    heartbeat: (details?: unknown) => Context.current().heartbeat(details),
    // a worker shutting down, or the workflow gone: stop between rows, the next attempt goes on
    signal: Context.current().cancellationSignal,
  });
  const gone = <T>(run: () => Promise<T>): Promise<T> =>
    run().catch((e: unknown) => {
      if (e instanceof ImportJobGone) throw ApplicationFailure.nonRetryable(e.message, IMPORT_JOB_GONE);
      if (e instanceof ImportBatchFailed)
        throw ApplicationFailure.nonRetryable(e.message, 'ImportBatchFailed');
      throw e;
    });

  return {
    async checkImport({ jobId }) {
      const outcome = await gone(() => runner.check(jobId, hooks()));
      log.info(
        `import ${jobId} checked: ${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}, ${outcome.pending} to register`,
      );
      return outcome;
    },
    async registerImportBatch({ jobId, afterRow, limit }) {
      const lastAttempt = Context.current().info.attempt >= BATCH_ATTEMPTS;
      return gone(() => runner.registerBatch(jobId, afterRow, limit, { ...hooks(), lastAttempt }));
    },
    async finishImport({ jobId, end }) {
      await runner.finish(jobId, end);
      log.info(`import ${jobId} ${end.status}`);
    },
  } satisfies ImportActivities;
}
