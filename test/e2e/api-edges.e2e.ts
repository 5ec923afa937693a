import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app';
import { loadWebConfig } from '../../apps/api/src/config/web.config';
import { testConfig } from '../support/env';
import { migrate } from './harness';

/**
 * The API at its edges, started on its own: with a web directory that holds no build, the page at
 * `/` answers 503 saying (in Chinese first) how to build it, while the API itself keeps working.
 */
describe('API edges: a web workspace that has not been built', () => {
  const empty = mkdtempSync(join(tmpdir(), 'banli-no-web-'));
  let ds: DataSource;
  let api: INestApplication;
  let url: string;

  beforeAll(async () => {
    const cfg = testConfig({ TEMPORAL_TASK_QUEUE: `e2e-edges-${randomUUID()}` });
    ds = await migrate(cfg);
    api = await createApiApp(cfg, { logger: false, web: { dir: empty } });
    await api.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
    rmSync(empty, { recursive: true, force: true });
  });

  it('answers GET / with 503 and how to build the web workspace', async () => {
    const r = await fetch(`${url}/`);
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(await r.text()).toBe(
      '网页工作台尚未构建：请运行 npm start 或 npm run build (the web workspace has not been built)',
    );
    // the API beside it is unaffected
    const docs = await fetch(`${url}/docs-json`);
    expect(docs.status).toBe(200);
  });

  it('finds the web workspace from BANLI_WEB_DIR, else dist/web of the checkout', () => {
    expect(loadWebConfig({ BANLI_WEB_DIR: empty })).toEqual({ dir: empty });
    // run from the sources (no build next to them): dist/web at the root of the checkout
    expect(loadWebConfig({})).toEqual({ dir: join(__dirname, '..', '..', 'dist', 'web') });
  });
});
