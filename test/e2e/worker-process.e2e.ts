import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ProposalEntity } from '@banli/persistence';
import { temporalConnectionOptions } from '@banli/temporal';
import { writeWorkflowBundle } from '../../scripts/build-workflow-bundle';
import { ROOT, testConfig } from '../support/env';
import { migrate } from './harness';

/**
 * The worker as production runs it: its own process, workflows from a prebuilt bundle,
 * and on SIGTERM it stops polling, drains and exits cleanly.
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
  });
  afterAll(async () => {
    await connection?.close();
    await ds?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs cases from the prebuilt bundle and drains on SIGTERM', async () => {
    expect(await writeWorkflowBundle(require.resolve('../../workflows'), bundlePath)).toBeGreaterThan(10_000);
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
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((res) =>
      child.on('exit', (code, signal) => res({ code, signal })),
    );
    try {
      for (let i = 0; i < 300 && !out.includes('polling'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`prebuilt bundle ${bundlePath}`);

      const caseId = randomUUID();
      const client = new Client({ connection, namespace: testConfig().temporal.namespace });
      await client.workflow.start('proposalWorkflow', {
        taskQueue,
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
        if (!row) await new Promise((r) => setTimeout(r, 100));
      }
      expect(row?.stage).toBe('UNDER_REVIEW');
    } finally {
      child.kill('SIGTERM');
    }
    const how = await exited;
    expect(out).toContain('draining');
    expect(out).toMatch(/\[worker\].*stopped/);
    expect(how.code === 0 || how.signal === 'SIGTERM').toBe(true);
  });
});
