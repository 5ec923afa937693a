import {
  QueryNotRegisteredError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { BanliProblem } from '../common/problem';
import { CaseWorkflowGateway } from './case-workflow.gateway';
import type { WorkerPresence } from './worker-presence';

/** A gRPC error as @grpc/grpc-js raises it (code, details, metadata). */
const grpc = (code: number) => Object.assign(new Error(`${code} grpc`), { code, details: 'x', metadata: {} });

/**
 * The gateway's deadlines and its two kinds of 503, against a fake client: which problem each
 * Temporal outcome becomes (the e2e test worker-health.e2e.ts runs the same against the dev server).
 */
describe('CaseWorkflowGateway deadlines', () => {
  const polling: WorkerPresence = {
    taskQueue: 'q',
    polling: true,
    pollers: { workflow: 1, activity: 1 },
    lastPollAt: null,
  };

  function gateway(o: {
    presence?: () => Promise<WorkerPresence>;
    startUpdate?: () => Promise<unknown>;
    result?: () => Promise<unknown>;
    query?: () => Promise<unknown>;
    ping?: () => Promise<unknown>;
  }) {
    const deadlines: number[] = [];
    const handle = {
      startUpdate: jest.fn(
        o.startUpdate ?? (async () => ({ result: o.result ?? (async () => ({ seq: 1 })) })),
      ),
      query: jest.fn(o.query ?? (async () => ({}))),
    };
    const client = {
      withDeadline: (d: number, fn: () => Promise<unknown>) => (deadlines.push(d), fn()),
      workflow: { getHandle: () => handle },
      workflowService: { getSystemInfo: jest.fn(o.ping ?? (async () => ({}))) },
    };
    const temporal = { client: async () => client, taskQueue: 'q', namespace: 'default' };
    const workers = { current: jest.fn(o.presence ?? (async () => polling)) };
    const cfg = { workerDeadlines: { updateSeconds: 30, querySeconds: 10 } };
    const g = new CaseWorkflowGateway(temporal as never, workers as never, cfg as never);
    return { g, handle, deadlines, ping: client.workflowService.getSystemInfo };
  }
  const problem = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: BanliProblem) => ({ status: e.status, code: e.code, extra: e.extra, message: e.message }),
    );
  const act = (g: CaseWorkflowGateway) => g.act('wf', 'hold', { reason: 'r' } as never);

  it('sends an update with a deadline of 30 s and returns its result', async () => {
    const t0 = Date.now();
    const { g, handle, deadlines } = gateway({});
    expect(await act(g)).toEqual({ seq: 1 });
    expect((handle.startUpdate.mock.calls[0] as unknown[])[1]).toMatchObject({ waitForStage: 'ACCEPTED' });
    // one deadline for taking the update and for its result
    expect(deadlines).toHaveLength(2);
    expect(deadlines[0]).toBe(deadlines[1]);
    expect(deadlines[0] - t0).toBeGreaterThanOrEqual(30_000);
    expect(deadlines[0] - t0).toBeLessThan(31_000);
  });

  it('refuses at once when no worker polls the workflow tasks: WORKER_UNAVAILABLE, nothing sent', async () => {
    const { g, handle } = gateway({
      presence: async () => ({ ...polling, polling: false, pollers: { workflow: 0, activity: 1 } }),
    });
    expect(await problem(act(g))).toMatchObject({
      status: 503,
      code: 'WORKER_UNAVAILABLE',
      extra: { mayStillApply: false },
      message: expect.stringMatching(/^办理服务暂时不可用：没有工作进程处理案件，操作未执行/),
    });
    expect(handle.startUpdate).not.toHaveBeenCalled();
    expect((await problem(g.state('wf')))?.code).toBe('WORKER_UNAVAILABLE');
    expect(handle.query).not.toHaveBeenCalled();
  });

  it('an update no worker took by its deadline is WORKER_UNAVAILABLE (it may still apply later)', async () => {
    for (const cause of [grpc(4), grpc(1)]) {
      const { g } = gateway({
        startUpdate: async () => {
          throw new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause });
        },
      });
      expect(await problem(act(g))).toMatchObject({
        status: 503,
        code: 'WORKER_UNAVAILABLE',
        extra: { mayStillApply: true },
        message: expect.stringMatching(/^办理服务暂时不可用：没有工作进程处理案件，操作尚未执行/),
      });
    }
  });

  it('a query no worker answered by its deadline is WORKER_UNAVAILABLE, not TEMPORAL_UNAVAILABLE', async () => {
    const { g, deadlines } = gateway({
      query: async () => {
        throw new ServiceError('Failed to query Workflow', { cause: grpc(4) });
      },
    });
    const t0 = Date.now();
    expect(await problem(g.state('wf'))).toMatchObject({ status: 503, code: 'WORKER_UNAVAILABLE' });
    expect(deadlines[0] - t0).toBeGreaterThanOrEqual(10_000);
    expect(deadlines[0] - t0).toBeLessThan(11_000);
  });

  it('a query the worker failed to answer (its workflow thread failed) is WORKER_UNAVAILABLE, not 500', async () => {
    // found by the soak's fuzz run: Temporal reports the failure as INVALID_ARGUMENT
    const { g } = gateway({
      query: async () => {
        throw new QueryNotRegisteredError('Workflow Worker Thread exited prematurely', 3);
      },
    });
    expect(await problem(g.state('wf'))).toMatchObject({ status: 503, code: 'WORKER_UNAVAILABLE' });
  });

  it('after a deadline, Temporal not answering the ping is TEMPORAL_UNAVAILABLE', async () => {
    const { g } = gateway({
      startUpdate: async () => {
        throw new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpc(4) });
      },
      ping: async () => {
        throw grpc(14);
      },
    });
    expect((await problem(act(g)))?.code).toBe('TEMPORAL_UNAVAILABLE');
  });

  it('Temporal not answering the look at the task queue is TEMPORAL_UNAVAILABLE; another failure leaves it to the deadline', async () => {
    const down = gateway({
      presence: async () => {
        throw grpc(14);
      },
    });
    expect((await problem(act(down.g)))?.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(down.handle.startUpdate).not.toHaveBeenCalled();
    const denied = gateway({
      presence: async () => {
        throw grpc(7);
      },
    });
    expect(await act(denied.g)).toEqual({ seq: 1 });
  });

  it('an update accepted but unfinished by the deadline stays 504 ACTION_TIMEOUT', async () => {
    const { g, ping } = gateway({
      result: async () => {
        throw new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpc(4) });
      },
    });
    expect(await problem(act(g))).toMatchObject({ status: 504, code: 'ACTION_TIMEOUT' });
    expect(ping).not.toHaveBeenCalled();
  });
});
