import { Injectable } from '@nestjs/common';
import { temporal } from '@temporalio/proto';
import { TemporalClientService } from './temporal-client.provider';

/**
 * A poller counts as a live worker when the server saw it poll within this window (2 minutes).
 *
 * The server stamps a poller's lastAccessTime when its poll arrives. An idle worker's poll is a
 * long poll the server holds for up to a minute before answering "nothing", and only then does the
 * worker poll again, so a healthy idle worker looks up to ~60 s old (against the dev server its
 * age cycles 0 → ~55 s). Twice that never reports a live worker missing; the price is that a worker
 * that died is reported missing only up to two minutes later (meanwhile actions still answer 503
 * WORKER_UNAVAILABLE, by their deadline). The server itself forgets a poller five minutes after
 * its last poll.
 */
export const WORKER_POLLER_FRESH_MS = 2 * 60_000;

/** How long one look at the task queue is reused, by /health and by the actions' pre-check. */
export const WORKER_CHECK_CACHE_MS = 5_000;

/** Deadline of one look (two DescribeTaskQueue calls). */
export const WORKER_CHECK_TIMEOUT_MS = 3_000;

type PollerInfo = temporal.api.taskqueue.v1.IPollerInfo;

/** Who polls the case task queue, as far as the Temporal server knows. */
export interface WorkerPresence {
  taskQueue: string;
  /** Whether a worker polls both the workflow and the activity tasks of the queue (recently). */
  polling: boolean;
  /** Workers (distinct poller identities) seen recently, per kind of task. */
  pollers: { workflow: number; activity: number };
  /** The most recent poll the server saw, of either kind (null: none it remembers). */
  lastPollAt: string | null;
}

/** The presence a DescribeTaskQueue pair shows at `now`. */
export function presenceOf(
  taskQueue: string,
  workflowPollers: PollerInfo[],
  activityPollers: PollerInfo[],
  now = Date.now(),
): WorkerPresence {
  // seconds is a Long on the wire (a number or string when built by hand); Number() reads each
  const seen = ({ lastAccessTime: t }: PollerInfo) =>
    t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
  const fresh = (ps: PollerInfo[]) =>
    new Set(ps.filter((p) => now - seen(p) <= WORKER_POLLER_FRESH_MS).map((p) => p.identity ?? '')).size;
  const pollers = { workflow: fresh(workflowPollers), activity: fresh(activityPollers) };
  const last = Math.max(0, ...[...workflowPollers, ...activityPollers].map(seen));
  return {
    taskQueue,
    polling: pollers.workflow > 0 && pollers.activity > 0,
    pollers,
    lastPollAt: last ? new Date(last).toISOString() : null,
  };
}

/** Why a presence is not "polling", Chinese first (for /health). */
export function noWorkerMessage(p: WorkerPresence): string {
  const q = p.taskQueue;
  if (!p.pollers.workflow && !p.pollers.activity)
    return `没有工作进程在轮询任务队列 ${q} (no worker polling the task queue ${q})`;
  return p.pollers.workflow
    ? `没有工作进程在轮询任务队列 ${q} 的活动任务 (no worker polling the task queue ${q} for activity tasks)`
    : `没有工作进程在轮询任务队列 ${q} 的工作流任务 (no worker polling the task queue ${q} for workflow tasks)`;
}

/**
 * Whether a worker polls the case task queue: the pollers Temporal reports for its workflow and
 * activity tasks. One look serves every caller for WORKER_CHECK_CACHE_MS, and concurrent callers
 * share the look in flight, so a flood of /health or actions costs Temporal two calls per period.
 */
@Injectable()
export class WorkerPresenceService {
  private last?: { at: number; value: WorkerPresence };
  private inFlight?: Promise<WorkerPresence>;

  constructor(private readonly temporal: TemporalClientService) {}

  /** The current presence; throws what the client threw when Temporal does not answer. */
  current(): Promise<WorkerPresence> {
    if (this.last && Date.now() - this.last.at < WORKER_CHECK_CACHE_MS)
      return Promise.resolve(this.last.value);
    this.inFlight ??= this.look()
      .then((value) => {
        this.last = { at: Date.now(), value };
        return value;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async look(): Promise<WorkerPresence> {
    const client = await this.temporal.client();
    const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;
    const describe = (taskQueueType: temporal.api.enums.v1.TaskQueueType) =>
      client.workflowService.describeTaskQueue({
        namespace: this.temporal.namespace,
        taskQueue: { name: this.temporal.taskQueue },
        taskQueueType,
      });
    const [wf, act] = await client.withDeadline(Date.now() + WORKER_CHECK_TIMEOUT_MS, () =>
      Promise.all([describe(TASK_QUEUE_TYPE_WORKFLOW), describe(TASK_QUEUE_TYPE_ACTIVITY)]),
    );
    return presenceOf(this.temporal.taskQueue, wf.pollers ?? [], act.pollers ?? []);
  }
}
