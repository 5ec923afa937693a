import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BanliConfig } from '@banli/config';
import { createApiApp } from '../../apps/api/src/app';
import { createWorkerApp } from '../../apps/worker/src/app';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { testConfig } from '../support/env';
import { E2E_ADMIN, migrate } from './harness';

type Answer = { status: number; body: any; headers: Headers; ms: number };

/** An API alone (no worker in this process unless the test starts one), signed in as the administrator. */
async function startApi(cfg: BanliConfig) {
  const api = await createApiApp(cfg, { logger: false });
  await api.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  const http = async (method: string, path: string, body?: unknown, token?: string): Promise<Answer> => {
    const t0 = Date.now();
    const r = await fetch(url + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return {
      status: r.status,
      body: text ? JSON.parse(text) : null,
      headers: r.headers,
      ms: Date.now() - t0,
    };
  };
  const login = await http('POST', '/auth/login', E2E_ADMIN);
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  return { api, http, as: (m: string, p: string, b?: unknown) => http(m, p, b, token) };
}

/**
 * A dead worker is visible (issue #16, defect 3). The API runs alone on its own task queue with
 * short deadlines (2 s for updates and queries instead of 30 s and 10 s): first with no worker at
 * all, then with one polling, then after that worker has stopped.
 */
describe('a dead worker is visible: readiness reports the pollers, updates and queries carry a deadline', () => {
  const mail = new MailCatcher();
  const env = (taskQueue: string, more: Record<string, string> = {}) =>
    testConfig({
      TEMPORAL_TASK_QUEUE: taskQueue,
      ADMIN_USERNAME: E2E_ADMIN.username,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      TEMPORAL_UPDATE_TIMEOUT_SECONDS: '2',
      TEMPORAL_QUERY_TIMEOUT_SECONDS: '2',
      BANLI_SCHEDULES: 'false',
      ...more,
    });
  let smtpPort: number;
  let cfg: BanliConfig;
  let ds: DataSource;
  let stack: Awaited<ReturnType<typeof startApi>>;
  let worker: INestApplicationContext | undefined;
  const others: INestApplication[] = [];
  const number = `W${randomUUID().slice(0, 8)}`;
  let caseId: string;

  beforeAll(async () => {
    smtpPort = await freePort();
    await mail.start(smtpPort);
    cfg = env(`e2e-worker-health-${randomUUID()}`, { SMTP_PORT: String(smtpPort) });
    ds = await migrate(cfg);
    stack = await startApi(cfg);
  });
  afterAll(async () => {
    for (const a of others) await a.close();
    await stack?.api.close();
    await worker?.close();
    await ds?.destroy();
    await mail.stop();
  });

  /** Polls /health until `pred` holds (its worker check is remembered for a few seconds). */
  async function healthUntil(pred: (a: Answer) => boolean, ms = 20000): Promise<Answer> {
    const until = Date.now() + ms;
    for (;;) {
      const a = await stack.http('GET', '/health');
      if (pred(a) || Date.now() > until) return a;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('without a worker: registration still answers, and /health answers 503 saying no worker polls the task queue', async () => {
    // the case workflow starts (Temporal holds it for a worker): 202, still being written
    const r = await stack.as('POST', '/proposals', {
      jurisdiction: 'guangzhou',
      channel: 'cppcc',
      term: 8,
      session: 7,
      number,
      title: '关于工作进程停止时仍能如实答复的提案',
      proposers: [{ name: '九三学社市委会', kind: 'group' }],
    });
    expect(r.status).toBe(202);
    expect(r.body.stage).toBe('REGISTERING');
    caseId = r.body.id;

    const h = await stack.http('GET', '/health');
    expect(h.status).toBe(503);
    expect(h.body.status).toBe('down');
    expect(h.body.checks).toMatchObject({
      db: { status: 'up' },
      temporal: { status: 'up' },
      smtp: { status: 'up' },
      worker: {
        status: 'down',
        error: expect.stringMatching(/^没有工作进程在轮询任务队列.*\(no worker polling the task queue/),
        pollers: { workflow: 0, activity: 0 },
      },
    });
    expect(h.body.checks.worker.error).toContain(cfg.temporal.taskQueue);
  });

  it('with a worker polling: the case is written, /health reports the worker up, actions and queries work', async () => {
    worker = await createWorkerApp(cfg, { logger: false });
    let row: Answer | undefined;
    for (let i = 0; i < 150 && row?.status !== 200; i++) {
      row = await stack.as('GET', `/proposals/${caseId}`);
      if (row.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(row?.status).toBe(200);

    const h = await healthUntil((a) => a.status === 200);
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('up');
    expect(h.body.checks.worker).toMatchObject({ status: 'up' });
    expect(h.body.checks.worker.pollers.workflow).toBeGreaterThanOrEqual(1);
    expect(h.body.checks.worker.pollers.activity).toBeGreaterThanOrEqual(1);

    const file = await stack.as('POST', `/proposals/${caseId}/file`, {
      number: `立${number}`,
      category: '社会建设',
    });
    expect(file.status).toBe(200);
    const state = await stack.as('GET', `/proposals/${caseId}/state`);
    expect(state.status).toBe(200);
  });

  it('after the worker stopped: an action and a state query answer 503 WORKER_UNAVAILABLE within their deadline', async () => {
    await worker!.close();
    worker = undefined;

    const hold = await stack.as('POST', `/proposals/${caseId}/hold`, { reason: '工作进程停止时的暂停' });
    expect(hold.status).toBe(503);
    expect(hold.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(hold.body).toMatchObject({
      code: 'WORKER_UNAVAILABLE',
      detail: expect.stringMatching(/^办理服务暂时不可用：没有工作进程处理案件/),
      requestId: expect.any(String),
    });
    // the 2 s deadline, then a reachability check of Temporal: far from the 400 s it used to hang
    expect(hold.ms).toBeLessThan(10000);

    const state = await stack.as('GET', `/proposals/${caseId}/state`);
    expect(state.status).toBe(503);
    expect(state.body.code).toBe('WORKER_UNAVAILABLE');
    expect(state.ms).toBeLessThan(10000);
  }, 60000);

  it('an API whose task queue has had no worker refuses an action at once, without waiting for the deadline', async () => {
    const alone = await startApi(env(`e2e-worker-none-${randomUUID()}`, { SMTP_PORT: String(smtpPort) }));
    others.push(alone.api);
    const r = await alone.as('POST', `/proposals/${caseId}/hold`, { reason: '没有工作进程' });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('WORKER_UNAVAILABLE');
    expect(r.body.detail).toMatch(/操作未执行/);
    expect(r.ms).toBeLessThan(2000);
  });

  it('Temporal itself unreachable is still TEMPORAL_UNAVAILABLE, not a missing worker', async () => {
    const down = await startApi(
      env(`e2e-worker-health-down-${randomUUID()}`, {
        SMTP_PORT: String(smtpPort),
        TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      }),
    );
    others.push(down.api);
    const r = await down.as('POST', `/proposals/${caseId}/hold`, { reason: 'Temporal 停止' });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('TEMPORAL_UNAVAILABLE');
    const h = await down.http('GET', '/health');
    expect(h.status).toBe(503);
    expect(h.body.checks.temporal.status).toBe('down');
    expect(h.body.checks.worker.status).toBe('down');
  }, 60000);
});
