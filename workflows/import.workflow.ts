/**
 * importWorkflow — one bulk import of a session list (批量导入), id `import:<jobId>`, started by the
 * API when the file is uploaded (the file and the job are in MySQL; only the job id travels here).
 * It runs in the worker, so an API restart or deploy does not interrupt it, and a worker restart
 * only retries the activity in flight.
 *
 *   1. checkImport: reads the file as a stream and checks it row by row into the job's rows (a
 *      dry run, or a file refused whole or with errors, ends the job there);
 *   2. registerImportBatch, again and again: registers up to `batchSize` pending rows after the
 *      last one done, through the same registration as POST /proposals, heartbeating per row; a
 *      retried batch skips rows already recorded and recognises cases it started itself;
 *   3. finishImport: the job completed — or interrupted, when an activity kept failing or the
 *      workflow was cancelled (posting the same file again registers what is missing).
 *
 * Progress is written to import_job by the activities (GET /imports/:id reads it); the query
 * `importProgress` gives the workflow's own view. Signals, updates, timers: none.
 * Continues as new after `batchesPerRun` batches (default 200) or when the server suggests it,
 * carrying the last row done, so the history of a 5000-row import stays short.
 *
 * Versioning: an import runs for minutes, so a deploy may replay one on new code. Any change to
 * what this does on replay (activities called, their order) must be guarded with
 * `patched('banli-import-<change>')`.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  continueAsNew,
  defineQuery,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

/** Workflow id of an import job: one workflow per job. */
export const importWorkflowId = (jobId: string) => `import:${jobId}`;

export interface ImportWorkflowInput {
  jobId: string;
  /** Set on continue-as-new: the file is checked, rows after `afterRow` are still to register. */
  resume?: { afterRow: number; runs: number };
  /** Rows per registration batch (default 20). */
  batchSize?: number;
  /** Batches per run before continuing as new (default 200). */
  batchesPerRun?: number;
}

export type ImportPhase = 'checking' | 'registering' | 'finishing' | 'done';

/** The workflow's own view of its progress (the job row in MySQL has the counts). */
export interface ImportProgress {
  jobId: string;
  phase: ImportPhase;
  /** The last row registered or recorded (0 before the first batch). */
  afterRow: number;
  /** Batches done in this run. */
  batches: number;
  /** Runs before this one (continue-as-new). */
  runs: number;
}

export interface ImportCheckResult {
  /** register: rows wait to be registered; done: the job has ended (refused, or a dry run). */
  next: 'register' | 'done';
  status: 'running' | 'completed' | 'refused';
  pending: number;
  code?: string;
}

export interface ImportBatchResult {
  /** The last row taken, or null when none was pending after `afterRow`. */
  lastRow: number | null;
  registered: number;
  unchanged: number;
  failed: number;
}

export type ImportEnd = { status: 'completed' } | { status: 'interrupted'; reason: string };

export interface ImportOutcome {
  status: 'completed' | 'refused' | 'interrupted';
  code?: string;
}

/** The activities of an import (activities/import.activities.ts). */
export interface ImportActivities {
  checkImport(input: { jobId: string }): Promise<ImportCheckResult>;
  registerImportBatch(input: { jobId: string; afterRow: number; limit: number }): Promise<ImportBatchResult>;
  finishImport(input: { jobId: string; end: ImportEnd }): Promise<void>;
}

export const importProgressQuery = defineQuery<ImportProgress>('importProgress');

/** Non-retryable failure type of an activity whose job is gone (a dry run already read). */
export const IMPORT_JOB_GONE = 'ImportJobGone';

const { checkImport } = proxyActivities<ImportActivities>({
  // a 10 MB file is read in seconds; the heartbeat shows it is alive meanwhile
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [IMPORT_JOB_GONE],
  },
});

/** How often a batch is tried: the last attempt records a row that keeps failing as failed. */
export const BATCH_ATTEMPTS = 8;

const { registerImportBatch } = proxyActivities<ImportActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: BATCH_ATTEMPTS,
    nonRetryableErrorTypes: [IMPORT_JOB_GONE],
  },
});

const { finishImport } = proxyActivities<ImportActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function importWorkflow(input: ImportWorkflowInput): Promise<ImportOutcome> {
  const { jobId } = input;
  const batchSize = input.batchSize ?? 20;
  const batchesPerRun = input.batchesPerRun ?? 200;
  const progress: ImportProgress = {
    jobId,
    phase: input.resume ? 'registering' : 'checking',
    afterRow: input.resume?.afterRow ?? 0,
    batches: 0,
    runs: input.resume?.runs ?? 0,
  };
  setHandler(importProgressQuery, () => ({ ...progress }));

  try {
    if (!input.resume) {
      const checked = await checkImport({ jobId });
      if (checked.next === 'done') {
        progress.phase = 'done';
        return { status: checked.status === 'refused' ? 'refused' : 'completed', code: checked.code };
      }
      progress.phase = 'registering';
    }
    for (;;) {
      if (progress.batches >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof importWorkflow>({
          ...input,
          resume: { afterRow: progress.afterRow, runs: progress.runs + 1 },
        });
      }
      const batch = await registerImportBatch({ jobId, afterRow: progress.afterRow, limit: batchSize });
      if (batch.lastRow === null) break;
      progress.afterRow = batch.lastRow;
      progress.batches++;
    }
    progress.phase = 'finishing';
    await finishImport({ jobId, end: { status: 'completed' } });
    progress.phase = 'done';
    return { status: 'completed' };
  } catch (e) {
    if (e instanceof ContinueAsNew) throw e;
    if (isGone(e)) {
      progress.phase = 'done';
      return { status: 'interrupted', code: IMPORT_JOB_GONE };
    }
    const reason = isCancellation(e) ? '导入已被取消 (cancelled)' : failureMessage(e);
    progress.phase = 'finishing';
    // recorded even when the workflow is being cancelled
    await CancellationScope.nonCancellable(() =>
      finishImport({ jobId, end: { status: 'interrupted', reason } }),
    );
    progress.phase = 'done';
    return { status: 'interrupted', code: 'IMPORT_INTERRUPTED' };
  }
}

/** The activity failed because its job is gone: nothing left to record. */
function isGone(e: unknown): boolean {
  for (let c: unknown = e; c instanceof Error; c = (c as { cause?: unknown }).cause) {
    if (c instanceof ApplicationFailure && c.type === IMPORT_JOB_GONE) return true;
  }
  return false;
}

/** The innermost message of an activity failure (the cause, not "Activity task failed"). */
function failureMessage(e: unknown): string {
  let msg = e instanceof Error ? e.message : String(e);
  for (let c: unknown = e; c instanceof Error; c = (c as { cause?: unknown }).cause) msg = c.message || msg;
  return msg;
}
