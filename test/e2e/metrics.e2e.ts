import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/app';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { testConfig } from '../support/env';
import { Stack, startStack } from './harness';

/** The samples of `name` in a Prometheus text exposition: labels and value. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

/**
 * Prometheus metrics during a case run: the API's /metrics (default Node metrics, the request
 * histogram labelled by route pattern, the outbox, open-case and overdue gauges read from the
 * database), unauthenticated, absent from the OpenAPI document and off with METRICS_ENABLED=false;
 * and the worker's exporter on WORKER_METRICS_PORT with the SDK's series and banli_activity_total.
 */
describe('metrics: the API /metrics and the worker exporter', () => {
  const mail = new MailCatcher();
  const tag = randomUUID().slice(0, 8);
  let workerPort: number;
  let stack: Stack;
  let off: INestApplication | undefined;
  let caseId: string;

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    workerPort = await freePort();
    stack = await startStack(`e2e-metrics-${tag}`, {
      SMTP_PORT: String(smtpPort),
      WORKER_METRICS_PORT: String(workerPort),
    });
  });
  afterAll(async () => {
    await off?.close();
    await stack?.close();
    await mail.stop();
  });

  it('runs a case through the API', async () => {
    const unit = await stack.createUnit();
    const r = await stack.admin.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number: `M${tag}`,
      title: `关于公开办理进度的建议（${tag}）`,
      proposers: [{ name: `赵代表${tag}`, kind: 'deputy' }],
    });
    expect(r.status).toBe(201);
    caseId = r.body.id;
    expect((await stack.admin.http('GET', `/proposals/${caseId}`)).status).toBe(200);
    expect(
      (await stack.admin.http('POST', `/proposals/${caseId}/file`, { number: `立${tag}`, category: '教育' }))
        .status,
    ).toBe(200);
    expect(
      (
        await stack.admin.http('POST', `/proposals/${caseId}/assign`, {
          mode: 'sole',
          units: [{ unitId: unit.id }],
        })
      ).status,
    ).toBe(200);
    expect((await stack.admin.http('GET', `/proposals/${randomUUID()}`)).status).toBe(404);
  });

  it('serves the API metrics without a token: Node defaults, requests by route pattern, database gauges', async () => {
    const res = await fetch(`${stack.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await res.text();

    expect(samples(text, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samples(text, 'nodejs_heap_size_used_bytes')).toHaveLength(1);

    const requests = samples(text, 'http_request_duration_seconds_count');
    const of = (method: string, route: string, status: string) =>
      requests.find(
        (s) => s.labels.method === method && s.labels.route === route && s.labels.status === status,
      );
    expect(of('GET', '/proposals/:id', '200')?.value).toBeGreaterThanOrEqual(1);
    expect(of('GET', '/proposals/:id', '404')?.value).toBeGreaterThanOrEqual(1);
    expect(of('POST', '/proposals', '201')?.value).toBe(1);
    expect(of('POST', '/proposals/:id/assign', '200')?.value).toBe(1);
    expect(samples(text, 'http_request_duration_seconds_bucket').length).toBeGreaterThan(10);
    // route patterns, never URLs: no case id in any label
    expect(text).not.toContain(caseId);

    const outbox = samples(text, 'banli_outbox_messages');
    expect(outbox.map((s) => s.labels.status).sort()).toEqual(['failed', 'pending']);
    for (const s of outbox) expect(s.value).toBeGreaterThanOrEqual(0);
    expect(samples(text, 'banli_open_cases')[0].value).toBeGreaterThanOrEqual(1);
    expect(samples(text, 'banli_overdue_duties')[0].value).toBeGreaterThanOrEqual(0);
  });

  it('keeps /metrics out of the OpenAPI document', async () => {
    const doc = (await stack.http('GET', '/docs-json')).body;
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/metrics'))).toEqual([]);
  });

  it("serves the worker's metrics: the SDK's series and banli_activity_total per activity and outcome", async () => {
    let text = '';
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`http://127.0.0.1:${workerPort}/metrics`);
      expect(res.status).toBe(200);
      text = await res.text();
      if (samples(text, 'banli_activity_total').some((s) => s.labels.activity === 'projectTransition')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(text).toMatch(/^temporal_\w+/m);
    expect(
      samples(text, 'temporal_worker_start').length + samples(text, 'temporal_request').length,
    ).toBeGreaterThan(0);
    const activities = samples(text, 'banli_activity_total');
    const completed = (activity: string) =>
      activities.find((s) => s.labels.activity === activity && s.labels.outcome === 'completed')?.value ?? 0;
    expect(completed('recordProposal')).toBeGreaterThanOrEqual(1);
    expect(completed('projectTransition')).toBeGreaterThanOrEqual(1);
    for (const s of activities)
      expect(s.labels).toMatchObject({
        outcome: expect.stringMatching(/^(completed|failed)$/),
        task_queue: stack.cfg.temporal.taskQueue,
      });
  });

  it('turns /metrics off with METRICS_ENABLED=false', async () => {
    off = await createApiApp(
      testConfig({ TEMPORAL_TASK_QUEUE: `e2e-metrics-off-${tag}`, METRICS_ENABLED: 'false' }),
      { logger: false },
    );
    await off.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(off.getHttpServer().address() as AddressInfo).port}`;
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });
});
