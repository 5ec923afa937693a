/**
 * The import workflow on the time-skipping test server, with in-memory activities: it checks
 * once, registers pending rows batch after batch from where the last one ended, retries a failed
 * batch without registering a row twice, continues as new after its batches per run, and ends the
 * job interrupted when a batch keeps failing or the workflow is cancelled.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  BATCH_ATTEMPTS,
  IMPORT_JOB_GONE,
  importProgressQuery,
  importWorkflow,
  importWorkflowId,
  type ImportActivities,
  type ImportCheckResult,
  type ImportEnd,
} from '@banli/workflows/import.workflow';
import { bundle, maybeRecordHistory, quietRuntime, TEST_SERVER } from './harness';

/** A job in memory: rows 1…n pending after the check; registering one twice is an error. */
class FakeJob {
  registered: number[] = [];
  batches: { afterRow: number; limit: number; attempt: number }[] = [];
  checks = 0;
  ends: ImportEnd[] = [];
  /** Attempts of a batch (by its afterRow) that fail before it succeeds; Infinity: it never does. */
  failures = new Map<number, number>();
  attempts = new Map<number, number>();
  check: () => ImportCheckResult;

  constructor(readonly rows: number) {
    this.check = () => ({ next: 'register', status: 'running', pending: rows });
  }

  activities(): ImportActivities {
    return {
      checkImport: async () => {
        this.checks++;
        return this.check();
      },
      registerImportBatch: async ({ afterRow, limit }) => {
        const attempt = (this.attempts.get(afterRow) ?? 0) + 1;
        this.attempts.set(afterRow, attempt);
        this.batches.push({ afterRow, limit, attempt });
        const pending = Array.from({ length: this.rows }, (_, i) => i + 1).filter(
          (r) => r > afterRow && !this.registered.includes(r),
        );
        const batch = pending.slice(0, limit);
        // part of the batch gets done before the failure: the retry must not redo it
        if (attempt <= (this.failures.get(afterRow) ?? 0)) {
          if (batch.length) this.registered.push(batch[0]);
          const e = new Error(`database went away (attempt ${attempt})`);
          e.stack = e.message; // recorded histories carry no local paths
          throw e;
        }
        for (const r of batch) this.registered.push(r);
        return {
          lastRow: batch.length ? batch[batch.length - 1] : null,
          registered: batch.length,
          unchanged: 0,
          failed: 0,
        };
      },
      finishImport: async ({ end }) => {
        this.ends.push(end);
      },
    };
  }
}

const TASK_QUEUE = 'import';
/** The fake job of each workflow, by job id: one worker serves every test. */
const jobs = new Map<string, FakeJob>();
const of = (jobId: string) => jobs.get(jobId)!.activities();
const dispatch: ImportActivities = {
  checkImport: (i) => of(i.jobId).checkImport(i),
  registerImportBatch: (i) => of(i.jobId).registerImportBatch(i),
  finishImport: (i) => of(i.jobId).finishImport(i),
};

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
beforeAll(async () => {
  quietRuntime();
  const [e, workflowBundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEST_SERVER } },
    }),
    bundle(),
  ]);
  env = e;
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle,
    activities: dispatch,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

let n = 0;
/** Runs one import workflow against `job`; returns its handle, result and last progress. */
async function runImport(
  job: FakeJob,
  input: { batchSize?: number; batchesPerRun?: number } = {},
  during?: (handle: WorkflowHandle<typeof importWorkflow>) => Promise<void>,
) {
  const jobId = `job-${++n}`;
  jobs.set(jobId, job);
  const handle = await env.client.workflow.start(importWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: importWorkflowId(jobId),
    args: [{ jobId, ...input }],
  });
  await during?.(handle);
  const result = await handle.result();
  return { handle, result, progress: await handle.query(importProgressQuery) };
}

describe('import workflow', () => {
  it('checks once, registers every row in batches from where the last ended, then completes the job', async () => {
    const job = new FakeJob(45);
    const { result, progress, handle } = await runImport(job);
    expect(result).toEqual({ status: 'completed' });
    expect(job.checks).toBe(1);
    expect(job.batches.map((b) => [b.afterRow, b.limit])).toEqual([
      [0, 20],
      [20, 20],
      [40, 20],
      [45, 20],
    ]);
    expect(job.registered).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(job.ends).toEqual([{ status: 'completed' }]);
    expect(progress).toMatchObject({ phase: 'done', afterRow: 45, batches: 3, runs: 0 });
    expect(handle.workflowId).toBe('import:job-1');
  });

  it('ends at the check when the job is refused or a dry run: no batch, no finish', async () => {
    const job = new FakeJob(3);
    job.check = () => ({ next: 'done', status: 'refused', pending: 0, code: 'IMPORT_HAS_ERRORS' });
    const { result } = await runImport(job);
    expect(result).toEqual({ status: 'refused', code: 'IMPORT_HAS_ERRORS' });
    expect(job.batches).toEqual([]);
    expect(job.ends).toEqual([]);
  });

  it('retries a failed batch; rows done before the failure are not registered twice', async () => {
    const job = new FakeJob(10);
    job.failures.set(5, 2);
    const { result, handle } = await runImport(job, { batchSize: 5 });
    await maybeRecordHistory(handle, 'import-retried-batch');
    expect(result).toEqual({ status: 'completed' });
    expect(job.batches.map((b) => [b.afterRow, b.attempt])).toEqual([
      [0, 1],
      [5, 1],
      [5, 2],
      [5, 3],
      [10, 1],
    ]);
    expect(job.registered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(job.ends).toEqual([{ status: 'completed' }]);
  });

  it('continues as new after its batches per run, carrying the last row done; the file is checked once', async () => {
    const job = new FakeJob(7);
    const { result, handle, progress } = await runImport(job, { batchSize: 2, batchesPerRun: 2 });
    expect(result).toEqual({ status: 'completed' });
    expect(job.checks).toBe(1);
    expect(job.batches.map((b) => b.afterRow)).toEqual([0, 2, 4, 6, 7]);
    expect(job.registered).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress).toMatchObject({ phase: 'done', runs: 2, afterRow: 7 });
    const first = await env.client.workflow
      .getHandle(handle.workflowId, handle.firstExecutionRunId)
      .describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
  });

  it('ends the job interrupted when a batch keeps failing, with the reason', async () => {
    const job = new FakeJob(4);
    job.failures.set(0, Infinity);
    const { result, handle } = await runImport(job, { batchSize: 2 });
    await maybeRecordHistory(handle, 'import-interrupted');
    expect(result).toEqual({ status: 'interrupted', code: 'IMPORT_INTERRUPTED' });
    expect(job.attempts.get(0)).toBe(BATCH_ATTEMPTS);
    expect(job.ends).toEqual([
      { status: 'interrupted', reason: expect.stringContaining('database went away') },
    ]);
  });

  it('records nothing when the job is gone (a dry run already read), without retrying', async () => {
    const job = new FakeJob(2);
    job.check = () => {
      throw ApplicationFailure.nonRetryable('import job is gone', IMPORT_JOB_GONE);
    };
    const { result } = await runImport(job);
    expect(result).toEqual({ status: 'interrupted', code: IMPORT_JOB_GONE });
    expect(job.checks).toBe(1);
    expect(job.ends).toEqual([]);
  });

  it('a cancelled import ends its job interrupted', async () => {
    const job = new FakeJob(4);
    job.failures.set(0, Infinity);
    const { result } = await runImport(job, {}, async (handle) => {
      // cancel while the first batch waits for its retry
      for (let i = 0; i < 50 && !job.attempts.get(0); i++) await new Promise((r) => setTimeout(r, 50));
      await handle.cancel();
    });
    expect(result).toMatchObject({ status: 'interrupted' });
    expect(job.ends).toEqual([{ status: 'interrupted', reason: expect.stringContaining('cancelled') }]);
  });
});
