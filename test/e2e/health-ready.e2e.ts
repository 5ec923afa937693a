import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/app';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { testConfig } from '../support/env';
import { Stack, startStack } from './harness';

type Answer = { status: number; body: any; headers: Headers };

async function get(url: string): Promise<Answer> {
  const r = await fetch(url);
  return { status: r.status, body: await r.json(), headers: r.headers };
}

/**
 * Liveness and readiness (@nestjs/terminus): live is 200 whenever the process answers; ready is
 * 200 when the database and Temporal answer and a worker polls the task queue, 503 naming what is
 * down. The mail relay down makes mail `degraded` but the API stays ready (the outbox rides it
 * out); the relay is asked once for all callers, not once per call.
 */
describe('/health/live and /health/ready', () => {
  const mail = new MailCatcher();
  const tag = randomUUID().slice(0, 8);
  let stack: Stack;
  let alone: INestApplication | undefined;
  let aloneUrl: string;

  beforeAll(async () => {
    // nothing listens on this port: the mail relay is down for the stack
    const closedSmtp = await freePort();
    stack = await startStack(`e2e-health-ready-${tag}`, { SMTP_PORT: String(closedSmtp) });
    // an API alone (no worker on its task queue), with a working relay
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    alone = await createApiApp(
      testConfig({ TEMPORAL_TASK_QUEUE: `e2e-health-alone-${tag}`, SMTP_PORT: String(smtpPort) }),
      { logger: false },
    );
    await alone.listen(0, '127.0.0.1');
    aloneUrl = `http://127.0.0.1:${(alone.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await alone?.close();
    await stack?.close();
    await mail.stop();
  });

  it('with the mail relay down: ready 200 with mail degraded, live 200, /health 503 as before', async () => {
    let ready: Answer | undefined;
    // the worker's polls reach Temporal within a few seconds of its start
    for (let i = 0; i < 80 && ready?.status !== 200; i++) {
      if (ready) await new Promise((r) => setTimeout(r, 250));
      ready = await get(`${stack.url}/health/ready`);
    }
    expect(ready!.status).toBe(200);
    expect(ready!.headers.get('cache-control')).toMatch(/no-cache/);
    expect(ready!.body).toMatchObject({
      status: 'degraded',
      error: {},
      details: {
        db: { status: 'up' },
        temporal: { status: 'up' },
        worker: { status: 'up', pollers: { workflow: expect.any(Number), activity: expect.any(Number) } },
        mail: {
          status: 'degraded',
          error: expect.any(String),
          checkedAt: expect.any(String),
          message: expect.stringMatching(/outbox/),
        },
      },
    });
    expect(ready!.body.info.mail.status).toBe('degraded');

    const live = await get(`${stack.url}/health/live`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', details: { process: { status: 'up' } } });

    const all = await get(`${stack.url}/health`);
    expect(all.status).toBe(503);
    expect(all.body.checks).toMatchObject({ smtp: { status: 'down' }, db: { status: 'up' } });
  });

  it('without a worker polling: ready 503 naming the worker, live still 200', async () => {
    const ready = await get(`${aloneUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      status: 'error',
      error: {
        worker: {
          status: 'down',
          error: expect.stringMatching(/no worker polling the task queue/),
          pollers: { workflow: 0, activity: 0 },
        },
      },
      details: { db: { status: 'up' }, temporal: { status: 'up' }, mail: { status: 'up' } },
    });
    expect(Object.keys(ready.body.error)).toEqual(['worker']);
    const live = await get(`${aloneUrl}/health/live`);
    expect(live.status).toBe(200);
  });

  it('asks the mail relay once for many concurrent readiness and health calls', async () => {
    const before = mail.connections;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => get(`${aloneUrl}/health${i % 2 ? '/ready' : ''}`)),
    );
    for (const a of answers)
      expect([a.body.checks?.smtp?.status ?? a.body.details.mail.status]).toEqual(['up']);
    await new Promise((r) => setTimeout(r, 300));
    // the earlier test's calls may have opened the one session already
    expect(mail.connections - before).toBeLessThanOrEqual(1);
  });
});
