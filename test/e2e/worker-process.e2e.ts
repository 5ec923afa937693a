import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { DataSource } from 'typeorm';
import { ProposalEntity } from '@banli/persistence';
import { temporalConnectionOptions } from '@banli/temporal';
import { writeWorkflowBundle } from '../../scripts/build-workflow-bundle';
import { startAppProcess } from '../../scripts/stack/local-stack';
import { stopAll } from '../../scripts/stack/proc';
import { ROOT, testConfig } from '../support/env';
import { migrate } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The worker as production runs it: its own process, workflows from a prebuilt bundle; on SIGTERM
 * it stops polling, drains and exits 0; it refuses to start (exit 1) in a namespace without Banli's
 * search attributes; and `npm start` restarts it when it dies.
 */
describe('worker process', () => {
  const taskQueue = `e2e-worker-${randomUUID().slice(0, 8)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-bundle-'));
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  let ds: DataSource;
  let connection: Connection;

  beforeAll(async () => {
    ds = await migrate(testConfig());
    connection = await Connection.connect(temporalConnectionOptions(testConfig().temporal));
    expect(await writeWorkflowBundle(require.resolve('../../workflows'), bundlePath)).toBeGreaterThan(10_000);
  });
  afterAll(async () => {
    await stopAll();
    await connection?.close();
    await ds?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const spawnWorker = (env: Record<string, string>) => {
    const child = spawn(
      process.execPath,
      ['-r', path.join(ROOT, 'scripts/register.js'), path.join(ROOT, 'apps/worker/src/main.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
          TEMPORAL_TASK_QUEUE: taskQueue,
          BANLI_WORKFLOW_BUNDLE: bundlePath,
          BANLI_SCHEDULES: 'false',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const run = { child, out: '' };
    child.stdout.on('data', (d) => (run.out += d));
    child.stderr.on('data', (d) => (run.out += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((res) =>
      child.on('exit', (code, signal) => res({ code, signal })),
    );
    return { run, exited };
  };

  /** Starts a case on `queue` and waits for the worker to write its row. */
  const runCase = async (queue: string) => {
    const caseId = randomUUID();
    const client = new Client({ connection, namespace: testConfig().temporal.namespace });
    await client.workflow.start('proposalWorkflow', {
      taskQueue: queue,
      workflowId: `proposal:cn-national:npc:1-1:${caseId.slice(0, 8)}`,
      args: [
        {
          caseId,
          jurisdiction: 'cn-national',
          channel: 'npc',
          term: 1,
          session: 1,
          number: caseId.slice(0, 8),
          title: '进程测试',
          proposers: [{ id: randomUUID(), name: '代表甲', kind: 'deputy' }],
          policy: {
            id: 'cn-national',
            version: 1,
            rules: {
              contactRequiredBeforeReply: true,
              replyClasses: ['A', 'B', 'C', 'D'],
              trackingClasses: ['B', 'C'],
              rehandlingOnBasicallySatisfied: false,
              feedbackNoAnswer: 'recordedAsNoAnswer',
            },
          },
          registeredAt: new Date().toISOString(),
        },
      ],
    });
    let row: ProposalEntity | null = null;
    for (let i = 0; i < 200 && !row; i++) {
      row = await ds.getRepository(ProposalEntity).findOneBy({ id: caseId });
      if (!row) await sleep(100);
    }
    return row;
  };

  it('runs cases from the prebuilt bundle, drains on SIGTERM and exits 0', async () => {
    const { run, exited } = spawnWorker({ WORKER_SHUTDOWN_GRACE: '20s' });
    try {
      for (let i = 0; i < 900 && !run.out.includes('polling'); i++) await sleep(100);
      expect(run.out).toContain(`prebuilt bundle ${bundlePath}`);
      expect(run.out).toContain('shutdown grace 20s');
      expect((await runCase(taskQueue))?.stage).toBe('UNDER_REVIEW');
    } finally {
      run.child.kill('SIGTERM');
    }
    const how = await exited;
    expect(run.out).toContain('draining');
    expect(run.out).toMatch(/"context":"worker".*stopped \(drained\)|\[worker\].*stopped \(drained\)/);
    expect(how).toEqual({ code: 0, signal: null });
  });

  it('refuses to start, naming them, in a namespace without Banli’s search attributes', async () => {
    const namespace = `e2e-nosa-${randomUUID().slice(0, 8)}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    // a new namespace takes a moment to be known everywhere
    for (let i = 0; ; i++) {
      try {
        await connection.operatorService.listSearchAttributes({ namespace });
        break;
      } catch (e) {
        if (i > 100) throw e;
        await sleep(200);
      }
    }
    const { run, exited } = spawnWorker({ TEMPORAL_NAMESPACE: namespace });
    const how = await exited;
    expect(how.code).toBe(1);
    expect(run.out).toContain(`命名空间 ${namespace} 缺少办理系统的搜索属性：BanliStage (Keyword)`);
    expect(run.out).toContain(`The namespace ${namespace} lacks Banli's search attributes`);
    expect(run.out).toContain(
      `temporal operator search-attribute create -n ${namespace} --name BanliOverdue --type Bool`,
    );
    expect(run.out).not.toContain('polling');
  });

  it('`npm start` notices a killed worker, says so and starts it again', async () => {
    const queue = `e2e-supervised-${randomUUID().slice(0, 8)}`;
    const said: string[] = [];
    let stopping = false;
    const worker = startAppProcess(
      'worker',
      {
        ...process.env,
        TEMPORAL_TASK_QUEUE: queue,
        BANLI_WORKFLOW_BUNDLE: bundlePath,
        BANLI_SCHEDULES: 'false',
        WORKER_SHUTDOWN_GRACE: '5s',
      },
      dir,
      { stopping: () => stopping, say: (l) => said.push(l), baseDelayMs: 300 },
    );
    const log = path.join(dir, 'worker.log');
    const polls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('polling').length - 1 : 0);
    for (let i = 0; i < 900 && polls() < 1; i++) await sleep(100);
    expect(polls()).toBe(1);
    worker.arm();

    const first = worker.current.child.pid!;
    process.kill(first, 'SIGKILL');
    for (let i = 0; i < 900 && polls() < 2; i++) await sleep(100);
    expect(worker.restarts).toBe(1);
    expect(worker.current.child.pid).not.toBe(first);
    expect(said[0]).toMatch(
      /^\[banli\] 工作进程意外退出（信号 SIGKILL.*秒后重启.*\(the worker died unexpectedly/,
    );
    expect(said[1]).toMatch(/^\[banli\] 已重启工作进程（第 1 次/);
    expect(polls()).toBe(2);
    // the new worker does the work
    expect((await runCase(queue))?.stage).toBe('UNDER_REVIEW');

    // stopping the stack stops it for good, after a clean drain
    stopping = true;
    const last = worker.current;
    await last.stop();
    expect(last.child.exitCode).toBe(0);
    await sleep(600);
    expect(worker.restarts).toBe(1);
    expect(said).toHaveLength(2);
  });
});
