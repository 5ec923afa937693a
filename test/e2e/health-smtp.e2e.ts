import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { testConfig } from '../support/env';
import { migrate } from './harness';

/**
 * The public /health under load: its mail check is one SMTP session shared by concurrent calls
 * and then remembered for a while, never one session per call (a probe once saw 5,746 sessions in
 * 30 s). The API runs alone here, so nothing but /health talks to this mail catcher.
 */
describe('/health under load: one SMTP session, not one per call', () => {
  const mail = new MailCatcher();
  let ds: DataSource;
  let api: INestApplication;
  let url: string;

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    const cfg = testConfig({
      TEMPORAL_TASK_QUEUE: `e2e-health-smtp-${randomUUID()}`,
      SMTP_PORT: String(smtpPort),
    });
    ds = await migrate(cfg);
    api = await createApiApp(cfg, { logger: false });
    await api.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
    await mail.stop();
  });

  const health = async () => {
    const r = await fetch(`${url}/health`);
    return { status: r.status, body: (await r.json()) as any };
  };

  it('answers 50 concurrent calls with at most one SMTP connection, and keeps the result for a while', async () => {
    const before = mail.connections;
    const answers = await Promise.all(Array.from({ length: 50 }, () => health()));
    for (const a of answers) expect(a.body.checks.smtp.status).toBe('up');
    // give a late session (if any were opened) time to reach the catcher before counting
    await new Promise((r) => setTimeout(r, 300));
    // exactly one: the check really did speak to the relay, once
    expect(mail.connections - before).toBe(1);

    // later calls within the cache window reuse the answer: still no second session
    for (let i = 0; i < 10; i++) expect((await health()).body.checks.smtp.status).toBe('up');
    await new Promise((r) => setTimeout(r, 300));
    expect(mail.connections - before).toBeLessThanOrEqual(1);
  });
});
